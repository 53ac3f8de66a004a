"""Bundled, fictional news sites served over real HTTP on 127.0.0.1.

Tests and ``nkmon demo`` crawl these replicas instead of real outlets (no internet needed). Each
site is a :class:`BaseSite` that :class:`ReplicaServer` serves: the WordPress outlet (revisions,
deletions, a JS-rendered page, sitemaps, a switchable feed), a Japanese outlet with multi-page
articles, and an English wire service where most stories are not about North Korea. Sites can
publish revisions, delete and restore articles, and be reset between tests.
"""

from __future__ import annotations

from nkmon.replica.catalog import Catalog, Story
from nkmon.replica.general import GeneralOutlet, WireArticle, WireRevision, general_outlet
from nkmon.replica.multipage import (
    MultipageArticle,
    MultipageOutlet,
    PagedRevision,
    multipage_outlet,
)
from nkmon.replica.multipage_texts import JA_COMMENT_MARKER, JA_COOKIE_TEXT
from nkmon.replica.outlet import (
    FEED_MODES,
    SITE_NAME,
    Outlet,
    ReplicaArticle,
    Revision,
    wordpress_outlet,
)
from nkmon.replica.server import ReplicaServer
from nkmon.replica.site import BaseSite, Response
from nkmon.replica.texts import COMMENT_MARKER, COOKIE_TEXT

__all__ = [
    "COMMENT_MARKER",
    "COOKIE_TEXT",
    "FEED_MODES",
    "JA_COMMENT_MARKER",
    "JA_COOKIE_TEXT",
    "SITE_NAME",
    "BaseSite",
    "Catalog",
    "GeneralOutlet",
    "MultipageArticle",
    "MultipageOutlet",
    "Outlet",
    "PagedRevision",
    "ReplicaArticle",
    "ReplicaServer",
    "Response",
    "Revision",
    "Story",
    "WireArticle",
    "WireRevision",
    "general_outlet",
    "multipage_outlet",
    "wordpress_outlet",
]
