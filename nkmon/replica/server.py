"""HTTP server for any replica site (stdlib only, 127.0.0.1, random port by default).

Runs in a daemon thread so tests and ``nkmon demo`` can crawl a realistic site over real HTTP
while they mutate it. The site only routes (:meth:`BaseSite.route`); everything HTTP-generic
lives here once for all sites: validators and 304s, Content-Length, keep-alive, slow answers.
``stop()`` also closes idle keep-alive connections so a stopped site really is unreachable.
"""

from __future__ import annotations

import contextlib
import re
import socket
import sys
import threading
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit

from nkmon.replica.site import HTML, RSS, TEXT, XML, BaseSite, etag_for, http_date

__all__ = ["HTML", "RSS", "TEXT", "XML", "ReplicaServer"]

SiteT = TypeVar("SiteT", bound=BaseSite)

_HOST_RE = re.compile(r"^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$")


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], site: BaseSite) -> None:
        self.site = site
        self.open_connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients hanging up mid-response are normal for a crawler target; stay quiet."""
        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]

    def close_connections(self) -> None:
        """Shut down keep-alive sockets that would otherwise outlive ``shutdown()``."""
        with self.connections_lock:
            conns, self.open_connections = self.open_connections, set()
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "Apache"
    timeout = 30  # idle keep-alive connections are dropped after this many seconds

    def setup(self) -> None:
        super().setup()
        with self.server.connections_lock:
            self.server.open_connections.add(self.connection)

    def finish(self) -> None:
        with self.server.connections_lock:
            self.server.open_connections.discard(self.connection)
        super().finish()

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: tests and the demo must not print access logs."""

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def _base(self) -> str:
        """Public base URL: the client's Host header if sane, else the bound address."""
        host = self.headers.get("Host", "")
        if not _HOST_RE.match(host):
            address, port = self.server.server_address[:2]
            host = f"{address}:{port}"
        return f"http://{host}"

    def _respond(self, head: bool) -> None:
        split = urlsplit(self.path)
        path = split.path or "/"
        site = self.server.site
        site.record(path)
        base = self._base()
        try:
            with site.lock:
                response = site.route(path, split.query, base)
        except Exception:
            # A bug in a replica must show as a 500 plus a traceback, not as a hung crawl.
            self._send(500, {"Content-Length": "0", "Connection": "close"}, b"", head)
            raise
        # Outside the lock: a slow page must not hold up the site's other pages.
        delay = max(response.delay, site.delay_for(path))
        if delay > 0:
            time.sleep(delay)
        headers = dict(response.headers)
        body = response.body
        if response.conditional:
            etag = etag_for(body)
            headers["ETag"] = etag
            headers["Cache-Control"] = "max-age=0, must-revalidate"
            if response.last_modified is not None:
                headers["Last-Modified"] = http_date(response.last_modified)
            if self._not_modified(etag, response.last_modified):
                self._send(304, headers, b"", head=True)
                return
        if 300 <= response.status < 400:
            body = b""  # redirects carry only their Location
        headers["Content-Type"] = response.content_type
        headers["Content-Length"] = str(len(body))
        self._send(response.status, headers, body, head)

    def _not_modified(self, etag: str, last_modified: datetime | None) -> bool:
        """RFC 9110: If-None-Match wins; If-Modified-Since only when it is absent."""
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = [t.strip() for t in if_none_match.split(",")]
            return "*" in tags or any(t.removeprefix("W/") == etag for t in tags)
        since_header = self.headers.get("If-Modified-Since")
        if not since_header or last_modified is None:
            return False
        try:
            since = parsedate_to_datetime(since_header)
        except (TypeError, ValueError, IndexError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return last_modified.replace(microsecond=0) <= since

    def _send(self, status: int, headers: dict[str, str], body: bytes, head: bool) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if body and not head:
            self.wfile.write(body)


class ReplicaServer(Generic[SiteT]):
    """Serves one replica site on ``host:port`` (port 0 picks a free port once)."""

    def __init__(self, site: SiteT, host: str = "127.0.0.1", port: int = 0) -> None:
        self.site = site
        self.host = host
        self.port = port
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def outlet(self) -> SiteT:
        """The served site (the name from when only the WordPress outlet existed)."""
        return self.site

    def start(self) -> ReplicaServer[SiteT]:
        """Bind and serve in a daemon thread; a restart reuses the first port (same URLs)."""
        if self._httpd is not None:
            return self
        httpd = _HTTPServer((self.host, self.port), self.site)
        self.port = httpd.server_address[1]
        thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"replica-site-{self.port}",
            daemon=True,
        )
        thread.start()
        self._httpd, self._thread = httpd, thread
        return self

    def stop(self) -> None:
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        self._httpd = self._thread = None
        httpd.shutdown()
        httpd.close_connections()
        httpd.server_close()
        if thread is not None:
            thread.join(timeout=5)

    @property
    def running(self) -> bool:
        return self._httpd is not None

    @property
    def url(self) -> str:
        if not self.port:
            raise RuntimeError("ReplicaServer has no port yet; call start() first")
        return f"http://{self.host}:{self.port}"

    @property
    def feed_url(self) -> str:
        """The WordPress feed URL; other sites name theirs in ``site.discovery(url)``."""
        return self.url + "/feed/"

    def url_for(self, key: str) -> str:
        """Absolute URL of the article ``key`` (a slug or an id, as the site names them)."""
        return self.url + self.site.path_for(key)

    def discovery(self) -> dict[str, Any]:
        """The site's registry fields (feeds, sitemaps, ...) at this server's URL."""
        return self.site.discovery(self.url)

    def __enter__(self) -> ReplicaServer[SiteT]:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
