"""nkmon's scheduler: when crawls run (the service arrives with its own issue).

For now it holds the job a schedule will call: one crawl of the configured
sources. Imports ``crawler`` and ``archive``; nothing imports it but the CLI.
"""

from __future__ import annotations

from .jobs import crawl_sources

__all__ = ["crawl_sources"]
