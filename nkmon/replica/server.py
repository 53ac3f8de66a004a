"""HTTP server for the replica outlet (stdlib only, 127.0.0.1, random port by default).

Runs in a daemon thread so tests and ``nkmon demo`` can crawl a realistic site over real HTTP
while they mutate the outlet. Speaks HTTP/1.1 with keep-alive like a real server; ``stop()``
also closes idle keep-alive connections so a stopped outlet really is unreachable.
"""

from __future__ import annotations

import contextlib
import re
import socket
import sys
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

from nkmon.replica import feeds, pages
from nkmon.replica.outlet import Outlet

HTML = "text/html; charset=UTF-8"
RSS = "application/rss+xml; charset=UTF-8"
XML = "application/xml; charset=UTF-8"
TEXT = "text/plain; charset=UTF-8"

_HOST_RE = re.compile(r"^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$")


@dataclass
class _Response:
    status: int
    content_type: str = HTML
    body: bytes = b""
    last_modified: datetime | None = None
    conditional: bool = False  # send validators and honour If-None-Match/If-Modified-Since
    headers: dict[str, str] = field(default_factory=dict)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], outlet: Outlet) -> None:
        self.outlet = outlet
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

    def _route(self, path: str, query: str, base: str) -> _Response:
        outlet = self.server.outlet
        if path == "/":
            params = parse_qs(query)
            if "p" in params:
                target = outlet.find_id(_int(params["p"][0]))
                if target is None or target.deleted:
                    return _not_found(outlet, base)
                return _Response(301, headers={"Location": base + target.path})
            if params.get("feed") == ["rss2"]:
                return _feed(outlet, base)
            return _Response(200, body=pages.home_page(outlet, base).encode())
        if path == "/feed/":
            return _feed(outlet, base)
        if path == "/feed":
            return _Response(301, headers={"Location": base + "/feed/"})
        if path == "/robots.txt":
            return _Response(200, TEXT, feeds.robots(base).encode())
        if path == "/wp-sitemap.xml":
            return _Response(200, XML, feeds.sitemap(outlet, base).encode())
        article = outlet.find_path(path)
        if article is None or article.deleted:
            return _not_found(outlet, base)
        if not path.endswith("/"):
            location = base + article.path + (f"?{query}" if query else "")
            return _Response(301, headers={"Location": location})
        body = pages.article_page(outlet, article, base).encode()
        return _Response(
            200,
            body=body,
            last_modified=article.last_modified,
            conditional=True,
            headers={"Link": f"<{base}/?p={article.post_id}>; rel=shortlink"},
        )

    def _respond(self, head: bool) -> None:
        split = urlsplit(self.path)
        path = split.path or "/"
        outlet = self.server.outlet
        outlet.record(path)
        base = self._base()
        with outlet.lock:
            response = self._route(path, split.query, base)
        headers = dict(response.headers)
        if response.conditional:
            etag = pages.etag_for(response.body)
            headers["ETag"] = etag
            headers["Cache-Control"] = "max-age=0, must-revalidate"
            if response.last_modified is not None:
                headers["Last-Modified"] = pages.http_date(response.last_modified)
            if self._not_modified(etag, response.last_modified):
                self._send(304, headers, b"", head=True)
                return
        if response.status == 301:
            response.body = b""
        headers["Content-Type"] = response.content_type
        headers["Content-Length"] = str(len(response.body))
        self._send(response.status, headers, response.body, head)

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


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return -1


def _not_found(outlet: Outlet, base: str) -> _Response:
    return _Response(404, body=pages.not_found_page(outlet, base).encode())


def _feed(outlet: Outlet, base: str) -> _Response:
    body = feeds.feed(outlet, base).encode()
    listed = outlet.listed()
    last = max((a.last_modified for a in listed), default=None)
    return _Response(200, RSS, body, last_modified=last, conditional=True)


class ReplicaServer:
    """Serves an :class:`Outlet` on ``host:port`` (port 0 picks a free port once)."""

    def __init__(self, outlet: Outlet, host: str = "127.0.0.1", port: int = 0) -> None:
        self.outlet = outlet
        self.host = host
        self.port = port
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> ReplicaServer:
        """Bind and serve in a daemon thread; a restart reuses the first port (same URLs)."""
        if self._httpd is not None:
            return self
        httpd = _HTTPServer((self.host, self.port), self.outlet)
        self.port = httpd.server_address[1]
        thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"replica-outlet-{self.port}",
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
        return self.url + "/feed/"

    def url_for(self, slug: str) -> str:
        return self.url + self.outlet.get(slug).path

    def __enter__(self) -> ReplicaServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
