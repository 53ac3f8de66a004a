"""Scrapy settings for nkmon crawls, and nkmon's own settings.

nkmon's own settings (all prefixed ``NKMON_``):

NKMON_DATABASE_URL             archive the store pipeline writes to (required)
NKMON_EXTRACT_FAVOR_PRECISION  ask trafilatura for less text, less noise (False)
NKMON_EXTRACT_MIN_WORDS        fewer extracted words count as no article (25)
"""

from __future__ import annotations

from typing import Any

from scrapy.settings import Settings

__all__ = ["DEFAULTS", "build_settings"]

DEFAULTS: dict[str, Any] = {
    "BOT_NAME": "nkmon",
    "USER_AGENT": "nkmon/0.1 (research archive of North Korea coverage)",
    "ROBOTSTXT_OBEY": True,
    "COOKIES_ENABLED": False,
    "TELNETCONSOLE_ENABLED": False,
    # Politeness: a few requests at a time per host, AutoThrottle on top.
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
    "DOWNLOAD_DELAY": 0.5,
    "AUTOTHROTTLE_ENABLED": True,
    "AUTOTHROTTLE_START_DELAY": 0.5,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 2.0,
    # Bounded work per request: nothing here waits minutes or reads a gigabyte.
    "DNS_TIMEOUT": 15,
    "DOWNLOAD_TIMEOUT": 30,
    "DOWNLOAD_MAXSIZE": 16 * 1024 * 1024,
    "DOWNLOAD_WARNSIZE": 4 * 1024 * 1024,
    "REDIRECT_MAX_TIMES": 5,
    "RETRY_TIMES": 2,
    "ITEM_PIPELINES": {
        "crawler.pipelines.extract.ExtractPipeline": 300,
        "crawler.pipelines.store.StorePipeline": 800,
    },
    # nkmon reports every failure itself, one line each; Scrapy's own log (with
    # tracebacks for routine network errors) is for debugging: --log-level.
    "LOG_LEVEL": "CRITICAL",
    "NKMON_EXTRACT_FAVOR_PRECISION": False,
    "NKMON_EXTRACT_MIN_WORDS": 25,
}


def build_settings(database_url: str, overrides: dict[str, Any] | None = None) -> Settings:
    settings = Settings()
    settings.setdict(DEFAULTS, priority="project")
    settings.set("NKMON_DATABASE_URL", database_url, priority="project")
    settings.setdict(overrides or {}, priority="cmdline")
    return settings
