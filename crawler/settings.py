"""Scrapy settings for nkmon crawls, and nkmon's own settings.

nkmon's own settings (all prefixed ``NKMON_``):

NKMON_DATABASE_URL             archive the store pipeline writes to (required)
NKMON_CONTACT                  URL or e-mail put in the User-Agent so site owners can
                               reach the operator [env: NKMON_CONTACT] (none)
NKMON_CONDITIONAL_GET          revisit with If-None-Match/If-Modified-Since (True)
NKMON_SKIP_UNCHANGED           a page byte for byte as last read is not extracted again (True)
NKMON_STORE_BATCH              pages written to the archive per transaction (32)
NKMON_STORE_FLUSH              seconds a page waits for its batch to fill (1.0)
NKMON_REVISIT_ALL              a revisit takes every archived article, due or not (False)
NKMON_RETRY_BACKOFF_BASE       seconds before the first retry, doubled each time (1.0)
NKMON_RETRY_BACKOFF_MAX        longest wait between retries, seconds (30)
NKMON_RETRY_AFTER_MAX          a Retry-After longer than this skips the page this run (120)
NKMON_BREAKER_THRESHOLD        failures in a row (5xx, 429, no answer) after which a host
                               gets no more requests for a while; 0 turns it off (10)
NKMON_BREAKER_COOLDOWN         seconds a failing host gets no requests (300)
NKMON_EXTRACT_FAVOR_PRECISION  ask trafilatura for less noise, at some cost in text (True)
NKMON_EXTRACT_MIN_WORDS        fewer extracted words count as no article (25)
NKMON_EXTRACT_WORKERS          extraction worker processes; 0 extracts inline, in the
                               crawl process, with no time limit (one per CPU)
NKMON_EXTRACT_TIMEOUT          seconds one article's extraction may take before its
                               worker is killed and the page recorded as an error (30)
NKMON_TLS                      HTTPS certificates: "verify" refuses an expired, self-signed,
                               untrusted or wrong-host one, "allow-invalid" fetches the page
                               anyway; set per source by its ``tls`` ("verify")
NKMON_TLS_CA_FILE              PEM file of the CA certificates to trust instead of the
                               system's (a private CA, a TLS-inspecting proxy)
                               [env: NKMON_TLS_CA_FILE] (none)
"""

from __future__ import annotations

import os
from importlib.metadata import version as _metadata_version
from typing import Any

from scrapy.settings import Settings

from .sources import SourceConfig

__version__ = _metadata_version("nkmon")

__all__ = ["DEFAULTS", "build_settings", "source_settings", "user_agent"]

DEFAULTS: dict[str, Any] = {
    "BOT_NAME": "nkmon",
    "USER_AGENT": f"nkmon/{__version__} (research archive of North Korea coverage)",
    "ROBOTSTXT_OBEY": True,
    "COOKIES_ENABLED": False,
    "TELNETCONSOLE_ENABLED": False,
    # Politeness: a few requests at a time per host, AutoThrottle on top.
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
    # Items of one response handled at once. An article response yields one item;
    # Scrapy's default (100) starts 100 asyncio tasks per response all the same,
    # a tenth of a revisit's CPU.
    "CONCURRENT_ITEMS": 4,
    "DOWNLOAD_DELAY": 0.5,
    "AUTOTHROTTLE_ENABLED": True,
    "AUTOTHROTTLE_START_DELAY": 0.5,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 2.0,
    # Bounded work per request: nothing here waits minutes or reads a gigabyte.
    # A stuck resolver gives up after DNS_TIMEOUT (Scrapy's default is 60 s);
    # DOWNLOAD_TIMEOUT is a deadline on the whole request, the TCP connect included,
    # so a black-holed address costs at most that (tests/faults/test_blackhole.py).
    "DNS_TIMEOUT": 15,
    "DOWNLOAD_TIMEOUT": 30,
    "DOWNLOAD_MAXSIZE": 16 * 1024 * 1024,
    "DOWNLOAD_WARNSIZE": 4 * 1024 * 1024,
    "REDIRECT_MAX_TIMES": 5,
    "RETRY_TIMES": 2,
    "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
    "DOWNLOADER_MIDDLEWARES": {
        # robots.txt that answers 5xx or not at all closes the host (RFC 9309).
        "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
        "crawler.middlewares.robots.RFC9309RobotsMiddleware": 100,
        "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
        "crawler.middlewares.retry.BackoffRetryMiddleware": 550,
        "crawler.middlewares.conditional.ConditionalGetMiddleware": 560,
        # After the retry middleware on the way in: it sees every raw answer.
        "crawler.middlewares.breaker.CircuitBreakerMiddleware": 580,
        # Nearest the downloader: a refused certificate becomes one clear error
        # before the retry middleware or the breaker see it.
        "crawler.middlewares.tls.TLSErrorMiddleware": 590,
    },
    # Scrapy's own factory accepts any certificate; this one checks them by the
    # source's policy and records their status (crawler/tls.py). Scrapy 2.19 calls
    # the setting deprecated (a warning, shown at --log-level WARNING): its
    # DOWNLOAD_VERIFY_CERTIFICATES neither reports what is wrong nor takes a CA file.
    "DOWNLOADER_CLIENTCONTEXTFACTORY": "crawler.tls.PolicyContextFactory",
    "ITEM_PIPELINES": {
        "crawler.pipelines.unchanged.UnchangedBodyPipeline": 250,
        "crawler.pipelines.extract.ExtractPipeline": 300,
        "crawler.pipelines.relevance.RelevancePipeline": 500,
        "crawler.pipelines.store.StorePipeline": 800,
    },
    # nkmon reports every failure itself, one line each; Scrapy's own log (with
    # tracebacks for routine network errors) is for debugging: --log-level.
    "LOG_LEVEL": "CRITICAL",
    "NKMON_EXTRACT_FAVOR_PRECISION": True,
    "NKMON_EXTRACT_MIN_WORDS": 25,
    "NKMON_EXTRACT_WORKERS": None,  # one per CPU
    "NKMON_EXTRACT_TIMEOUT": 30.0,
    "NKMON_CONDITIONAL_GET": True,
    "NKMON_SKIP_UNCHANGED": True,
    "NKMON_STORE_BATCH": 32,
    "NKMON_STORE_FLUSH": 1.0,
    "NKMON_REVISIT_ALL": False,
    "NKMON_RETRY_BACKOFF_BASE": 1.0,
    "NKMON_RETRY_BACKOFF_MAX": 30.0,
    "NKMON_RETRY_AFTER_MAX": 120.0,
    "NKMON_BREAKER_THRESHOLD": 10,
    "NKMON_BREAKER_COOLDOWN": 300.0,
    "NKMON_TLS": "verify",
    "NKMON_TLS_CA_FILE": None,
}


def user_agent(contact: str | None) -> str:
    """nkmon's User-Agent, naming a way to reach the operator when one is configured."""
    base = f"nkmon/{__version__} (research archive of North Korea coverage"
    return f"{base}; +{contact})" if contact else f"{base})"


def source_settings(source: SourceConfig) -> dict[str, Any]:
    """Per-source politeness and TLS overrides, applied to that source's crawler only."""
    p = source.politeness
    overrides: dict[str, Any] = {}
    if source.tls != "verify":
        overrides["NKMON_TLS"] = source.tls
    if p.download_delay is not None:
        overrides["DOWNLOAD_DELAY"] = p.download_delay
        overrides["AUTOTHROTTLE_START_DELAY"] = p.download_delay
    if p.concurrency is not None:
        overrides["CONCURRENT_REQUESTS_PER_DOMAIN"] = p.concurrency
    if p.autothrottle is not None:
        overrides["AUTOTHROTTLE_ENABLED"] = p.autothrottle
    if p.timeout is not None:
        overrides["DOWNLOAD_TIMEOUT"] = p.timeout
    return overrides


def build_settings(database_url: str, overrides: dict[str, Any] | None = None) -> Settings:
    settings = Settings()
    settings.setdict(DEFAULTS, priority="project")
    settings.set("NKMON_DATABASE_URL", database_url, priority="project")
    contact = (overrides or {}).get("NKMON_CONTACT") or os.environ.get("NKMON_CONTACT")
    settings.set("USER_AGENT", user_agent(contact), priority="project")
    settings.setdict(overrides or {}, priority="cmdline")
    return settings
