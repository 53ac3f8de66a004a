"""HTTPS certificates: checked by the source's ``tls`` policy, and their status kept.

Scrapy's own context factory accepts any certificate. This one (wired by
``DOWNLOADER_CLIENTCONTEXTFACTORY``) checks the chain and the host name of every
HTTPS server against the system's trust store, or against ``NKMON_TLS_CA_FILE``
instead. Under ``NKMON_TLS = "verify"`` (a source's ``tls``, the default) a bad
certificate fails the handshake; under ``"allow-invalid"`` the page is fetched
all the same. Either way the status of each host's certificate is kept in the
crawl's stats (``nkmon/tls/<host>:<port>``), where the store pipeline reads it for
the capture and :class:`~crawler.middlewares.tls.TLSErrorMiddleware` for its message.

Statuses: ``verified``, ``self-signed``, ``expired``, ``not-yet-valid``,
``hostname-mismatch``, ``untrusted`` (any other chain error: an unknown issuer, a
bad signature). A chain error is named before a host name mismatch.

The whole check runs in OpenSSL's verify callback of each connection.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509
from OpenSSL import SSL
from OpenSSL.crypto import X509
from scrapy.exceptions import IgnoreRequest
from service_identity import CertificateError, VerificationError
from service_identity.hazmat import DNS_ID, IPAddress_ID, ServiceID, verify_service_identity
from service_identity.pyopenssl import extract_patterns
from twisted.internet.abstract import isIPAddress, isIPv6Address
from twisted.internet.interfaces import IOpenSSLClientConnectionCreator
from twisted.internet.ssl import (
    AcceptableCiphers,
    Certificate,
    CertificateOptions,
    platformTrust,
    trustRootFromCertificates,
)
from twisted.web.iweb import IPolicyForHTTPS
from zope.interface import implementer

from .exceptions import CrawlerError

__all__ = [
    "POLICIES",
    "STATUSES",
    "PolicyContextFactory",
    "TLSCertificateError",
    "tls_status",
]

log = logging.getLogger(__name__)

POLICIES = ("verify", "allow-invalid")
STATUSES = (
    "verified",
    "self-signed",
    "expired",
    "not-yet-valid",
    "hostname-mismatch",
    "untrusted",
)
# OpenSSL's X509_V_ERR_* codes with a name of their own; any other is "untrusted".
_ERRORS = {
    9: "not-yet-valid",
    10: "expired",
    18: "self-signed",  # the server's own certificate signs itself
    19: "self-signed",  # a self-signed root in the chain that is not trusted
    62: "hostname-mismatch",
    64: "hostname-mismatch",  # IP address mismatch
}
_STATS = "nkmon/tls/{}:{}"


class TLSCertificateError(CrawlerError, IgnoreRequest):
    """An HTTPS server's certificate refused under the source's ``tls = "verify"``.

    An IgnoreRequest: not retried, not a sign of a host that is down (the circuit
    breaker does not count it), and a robots.txt behind it does not close the host:
    each page then fails with this error itself."""


def tls_status(stats: Any, url: str | None) -> str | None:
    """The status of the certificate ``url``'s server showed in this crawl; None
    for plain http (or a server not reached over TLS)."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        return None
    return stats.get_value(_STATS.format(parts.hostname, parts.port or 443))


@implementer(IPolicyForHTTPS)
class PolicyContextFactory:
    """Client TLS for every HTTPS connection of a crawl, under its ``NKMON_TLS`` policy."""

    def __init__(
        self,
        stats: Any,
        policy: str = "verify",
        ca_file: str | None = None,
        ciphers: str | None = None,
    ) -> None:
        if policy not in POLICIES:
            raise ValueError(f"NKMON_TLS must be one of {', '.join(POLICIES)}, not {policy!r}")
        self.stats = stats
        self.allow_invalid = policy == "allow-invalid"
        trust = _trust_root(ca_file) if ca_file else platformTrust()
        extra: dict[str, Any] = {}
        if ciphers:  # DOWNLOADER_CLIENT_TLS_CIPHERS, as Scrapy's own factory reads it
            extra["acceptableCiphers"] = AcceptableCiphers.fromOpenSSLCipherString(ciphers)
        options = CertificateOptions(trustRoot=trust, **extra)
        # One context for every connection (it holds the trust store). As Scrapy's
        # does, it lets old servers that cannot renegotiate securely answer.
        self.context = options.getContext()
        self.context.set_options(SSL.OP_LEGACY_SERVER_CONNECT)

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> PolicyContextFactory:
        # Scrapy passes DOWNLOADER_CLIENT_TLS_METHOD as ``method``; it is ignored, as
        # are DOWNLOAD_TLS_MIN/MAX_VERSION: OpenSSL negotiates its default versions.
        settings = crawler.settings
        return cls(
            crawler.stats,
            settings.get("NKMON_TLS") or "verify",
            settings.get("NKMON_TLS_CA_FILE") or os.environ.get("NKMON_TLS_CA_FILE") or None,
            settings.get("DOWNLOADER_CLIENT_TLS_CIPHERS") or None,
        )

    def creatorForNetloc(self, hostname: bytes, port: int) -> IOpenSSLClientConnectionCreator:
        return _Creator(self.context, hostname, lambda: self._callback(hostname.decode(), port))

    def _callback(self, host: str, port: int) -> Callable[[Any, X509, int, int, int], bool]:
        """OpenSSL's verify callback for one connection: it is called for each
        certificate of the chain (and again for each error), the server's own last."""
        key = _STATS.format(host, port)
        svcid: ServiceID = (
            IPAddress_ID(host) if isIPAddress(host) or isIPv6Address(host) else DNS_ID(host)
        )
        found: list[str] = []

        def verify(conn: Any, cert: X509, err: int, depth: int, ok: int) -> bool:
            try:
                if not ok and not found:
                    found.append(_ERRORS.get(err, "untrusted"))
                if ok and depth == 0 and not found:
                    try:
                        verify_service_identity(extract_patterns(cert), [svcid], [])
                    except (CertificateError, VerificationError):
                        found.append("hostname-mismatch")
                if found or (ok and depth == 0):
                    self.stats.set_value(key, found[0] if found else "verified")
                return self.allow_invalid or not found
            except Exception:
                # An exception raised into OpenSSL is lost: refuse instead, and say why.
                log.exception("checking the certificate of %s:%s failed", host, port)
                return self.allow_invalid

        return verify


@implementer(IOpenSSLClientConnectionCreator)
class _Creator:
    """A TLS client connection to one host, checked by a verify callback of its own."""

    def __init__(
        self, context: SSL.Context, hostname: bytes, callback: Callable[[], Callable[..., bool]]
    ) -> None:
        self.context = context
        self.hostname = hostname
        self.callback = callback  # a new one per connection: it keeps what it found

    def clientConnectionForTLS(self, tlsProtocol: Any) -> SSL.Connection:
        conn = SSL.Connection(self.context)
        host = self.hostname.decode()
        if not (isIPAddress(host) or isIPv6Address(host)):
            conn.set_tlsext_host_name(self.hostname)  # SNI: never for an IP address
        conn.set_verify(SSL.VERIFY_PEER | SSL.VERIFY_FAIL_IF_NO_PEER_CERT, self.callback())
        return conn


def _trust_root(path: str) -> Any:
    """The CA certificates of a PEM bundle, trusted instead of the system's."""
    try:
        certs = x509.load_pem_x509_certificates(Path(path).expanduser().read_bytes())
    except OSError as exc:
        raise ValueError(f"NKMON_TLS_CA_FILE {path}: cannot read: {exc.strerror}") from None
    except ValueError as exc:
        raise ValueError(f"NKMON_TLS_CA_FILE {path}: not PEM certificates: {exc}") from None
    return trustRootFromCertificates([Certificate(X509.from_cryptography(c)) for c in certs])
