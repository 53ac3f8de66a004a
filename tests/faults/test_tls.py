"""Expired, self-signed and wrong-host certificates: the source's ``tls`` policy decides.

Real HTTPS servers on 127.0.0.1 (hostile sites behind certificates made with
trustme) and a plain HTTP one are crawled together in one ``nkmon crawl``:

- ``tls = "verify"`` (the default) refuses a bad certificate: each page (or the
  feed) fails with one line naming the server and what is wrong, and nothing is
  archived from it;
- ``tls = "allow-invalid"`` archives the pages and records on each capture
  what was wrong with the certificate;
- a good certificate (from the CA named by NKMON_TLS_CA_FILE) is ``verified``,
  a plain http capture has no status, and both sources archive as usual.
"""

from __future__ import annotations

import re
import ssl
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import trustme
from _harness import backend, module_crawler

from archive import CaptureOutcome
from crawler.exceptions import RegistryError
from crawler.sources import load_registry
from nkmon.replica.hostile import HostileServer, HostileSite

GOOD = 2  # articles per site


class TLSServer(HostileServer):
    """A hostile site served over HTTPS with the certificate ``configure`` loads."""

    def __init__(self, site: HostileSite, configure: Any) -> None:
        super().__init__(site)
        self.configure = configure

    def start(self) -> TLSServer:
        super().start()
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.configure(context)
        httpd: Any = self._httpd
        # Nothing has connected yet: the serving thread picks up the wrapped socket.
        httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
        _links_to(self, self.url)
        return self

    @property
    def url(self) -> str:
        return super().url.replace("http://", "https://", 1)


def _links_to(server: HostileServer, base: str) -> None:
    """Make the server's feed (and every link it serves) point at ``base``."""
    httpd: Any = server._httpd
    handler = httpd.RequestHandlerClass
    httpd.RequestHandlerClass = type("Handler", (handler,), {"_base": lambda self: base})


def _self_signed(tmp: Path, name: str):  # type: ignore[no-untyped-def]
    """A certificate that signs itself (a CA's own, used as the server's)."""
    own = trustme.CA()
    cert, key = tmp / f"{name}.pem", tmp / f"{name}.key"
    own.cert_pem.write_to_path(str(cert))
    own.private_key_pem.write_to_path(str(key))
    return lambda context: context.load_cert_chain(cert, key)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def crawled(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("tls-certs")
    ca = trustme.CA()
    ca_file = tmp / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    now = datetime.now(UTC)
    expired = ca.issue_cert("127.0.0.1", not_before=now - timedelta(days=60), not_after=now)
    certs = {
        "verify-self-signed": _self_signed(tmp, "verify"),
        "verify-wrong-host": ca.issue_cert("nkmon.invalid").configure_cert,
        "verify-good": ca.issue_cert("127.0.0.1").configure_cert,
        "allow-self-signed": _self_signed(tmp, "allow"),
        "allow-expired": expired.configure_cert,
        "allow-untrusted": trustme.CA().issue_cert("127.0.0.1").configure_cert,
        "allow-wrong-host": ca.issue_cert("nkmon.invalid").configure_cert,
    }
    stack = ExitStack()
    try:
        servers = {
            sid: stack.enter_context(_running(TLSServer(HostileSite(good=GOOD), configure)))
            for sid, configure in certs.items()
        }
        servers["plain"] = stack.enter_context(_running(HostileServer(HostileSite(good=GOOD))))
        # This source's feed is plain http and its articles are behind the bad
        # certificate: each page fails on its own.
        feed = stack.enter_context(_running(HostileServer(HostileSite(good=GOOD))))
        _links_to(feed, servers["verify-self-signed"].url)
        entries = []
        for sid, server in servers.items():
            entry = {
                "id": sid,
                "name": sid,
                "homepage": server.url + "/",
                "languages": ["en"],
                **server.site.discovery(feed.url if sid == "verify-self-signed" else server.url),
            }
            if sid.startswith("allow-"):
                entry["tls"] = "allow-invalid"
            entries.append(entry)
        db_url = stack.enter_context(backend(request.param))
        crawler = module_crawler(tmp_path_factory, "tls", db_url)
        run = crawler([], "-s", f"NKMON_TLS_CA_FILE={ca_file}", entries=entries)
        histories = {
            sid: [crawler.history(server.url_for(key)) for key in server.site.good]
            for sid, server in servers.items()
            if sid != "verify-wrong-host"  # its feed was refused: nothing to look up
        }
        yield SimpleNamespace(
            run=run,
            reports={r["source"]: r for r in run.reports},
            servers=servers,
            histories=histories,
            db_url=crawler.db_url,
        )
    finally:
        stack.close()


class _running:
    def __init__(self, server: HostileServer) -> None:
        self.server = server

    def __enter__(self) -> HostileServer:
        return self.server.start()

    def __exit__(self, *exc: object) -> None:
        self.server.stop()


def _tls(crawled, sid: str) -> set[str | None]:
    return {c.tls for h in crawled.histories[sid] for c in h.captures}


def test_a_self_signed_certificate_under_verify_is_an_error_on_every_page(crawled):
    report = crawled.reports["verify-self-signed"]
    assert report["status"] == "failed"
    assert report["discovered"] == GOOD
    assert report["error"] == GOOD and report["new_version"] == 0
    port = crawled.servers["verify-self-signed"].port
    message = (
        f"TLSCertificateError: certificate of 127.0.0.1:{port} is self-signed; "
        "not fetched under the source's tls policy (verify)"
    )
    for history in crawled.histories["verify-self-signed"]:
        assert history.versions == []
        (capture,) = history.captures
        assert capture.outcome is CaptureOutcome.error
        assert capture.error == message
        assert capture.tls == "self-signed"
    lines = [line for line in crawled.run.stderr.splitlines() if "verify-self-signed" in line]
    assert len(lines) == GOOD and all(message in line for line in lines), lines


def test_the_run_record_counts_refused_certificates_as_tls_errors(crawled):
    """What `nkmon status` reads: the errors of a source's last run, by kind."""
    from sqlalchemy import select

    from archive import open_archive
    from archive.runs import Run

    archive = open_archive(crawled.db_url, migrate=False)
    try:
        with archive.read() as session:
            runs = {r.source_id: r for r in session.scalars(select(Run))}
    finally:
        archive.close()
    assert runs["verify-self-signed"].errors == {"tls": GOOD}
    assert runs["verify-wrong-host"].errors == {"tls": 1}
    assert runs["plain"].errors == {}


def test_a_certificate_for_another_host_under_verify_fails_the_source(crawled):
    report = crawled.reports["verify-wrong-host"]
    port = crawled.servers["verify-wrong-host"].port
    assert report["status"] == "failed"
    assert report["discovered"] == 0 and report["new_version"] == 0
    (error,) = report["errors"]
    assert re.fullmatch(
        rf"feed https://127\.0\.0\.1:{port}/feed\.xml: TLSCertificateError: certificate of "
        rf"127\.0\.0\.1:{port} is for another host name; not fetched under the source's tls policy "
        r"\(verify\)",
        error,
    ), error


@pytest.mark.parametrize(
    ("sid", "status"),
    [
        ("allow-self-signed", "self-signed"),
        ("allow-expired", "expired"),
        ("allow-untrusted", "untrusted"),
        ("allow-wrong-host", "hostname-mismatch"),
    ],
)
def test_allow_invalid_archives_the_articles_and_records_the_certificate(crawled, sid, status):
    report = crawled.reports[sid]
    assert report["status"] == "ok" and report["new_version"] == GOOD, crawled.run.stderr
    for history in crawled.histories[sid]:
        assert len(history.versions) == 1
        assert history.captures[-1].outcome is CaptureOutcome.new_version
    assert _tls(crawled, sid) == {status}


def test_a_certificate_from_the_trusted_ca_is_verified(crawled):
    assert crawled.reports["verify-good"]["new_version"] == GOOD, crawled.run.stderr
    assert _tls(crawled, "verify-good") == {"verified"}


def test_the_plain_http_source_in_the_same_crawl_archives_with_no_status(crawled):
    report = crawled.reports["plain"]
    assert report["status"] == "ok" and report["new_version"] == GOOD, crawled.run.stderr
    assert _tls(crawled, "plain") == {None}


def test_a_bad_tls_policy_is_a_registry_error_naming_the_source(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text(
        '[[source]]\nid = "lax"\nname = "Lax"\nhomepage = "https://example.org/"\n'
        'languages = ["en"]\nfeeds = ["https://example.org/feed/"]\ntls = "off"\n',
        encoding="utf-8",
    )
    with pytest.raises(RegistryError) as error:
        load_registry(path)
    assert str(error.value) == (
        f"{path}: source 'lax', field tls: Input should be 'verify' or 'allow-invalid'"
    )
