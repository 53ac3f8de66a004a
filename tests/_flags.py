"""``nkmon crawl``/``nkmon run`` flags the tests share (a module of its own:
``from conftest import`` would be ambiguous, tests/faults has a conftest too).

tests/ is on sys.path because tests/conftest.py, in a directory without
``__init__.py``, is imported with pytest's default ``prepend`` import mode.
"""

from __future__ import annotations

__all__ = ["FAST", "LOOPBACK"]

# Loopback needs no politeness delay; everything else stays as shipped.
LOOPBACK = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]

# ...and extraction inline (no worker pool: two fewer process start-ups per
# crawl); the pool has its own tests in tests/faults and test_service, which
# use LOOPBACK.
FAST = [*LOOPBACK, "-s", "NKMON_EXTRACT_WORKERS=0"]
