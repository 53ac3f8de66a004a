"""nkmon: a scheduled scraper and versioned archive of North Korea coverage.

This package holds the command line (``nkmon.cli``) and the bundled replica
outlet (``nkmon.replica``); the work is done by ``scheduler``, ``crawler`` and
``archive``, in that order of dependence.
"""

from importlib.metadata import version

__version__ = version("nkmon")
