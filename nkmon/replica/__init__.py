"""A bundled, fictional WordPress-style outlet served over real HTTP on 127.0.0.1.

Tests and ``nkmon demo`` crawl this replica instead of real outlets (no internet needed); it can
publish revisions, delete and restore posts, and serves one JS-rendered page that extraction
cannot read.
"""

from __future__ import annotations

from nkmon.replica.outlet import SITE_NAME, Outlet, ReplicaArticle, Revision, wordpress_outlet
from nkmon.replica.server import ReplicaServer
from nkmon.replica.texts import COMMENT_MARKER, COOKIE_TEXT

__all__ = [
    "COMMENT_MARKER",
    "COOKIE_TEXT",
    "SITE_NAME",
    "Outlet",
    "ReplicaArticle",
    "ReplicaServer",
    "Revision",
    "wordpress_outlet",
]
