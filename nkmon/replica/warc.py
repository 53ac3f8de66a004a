"""Replica pages as a WARC's response records, as an archive crawler would have
captured them: what ``nkmon import-warc`` reads in its tests and benchmark."""

from __future__ import annotations

import io

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

__all__ = ["write_response"]


def write_response(
    writer: WARCWriter, url: str, at: str, body: bytes, content_type: str = "text/html"
) -> None:
    """Append a 200 response record for ``url`` captured at ``at`` (a WARC-Date)."""
    http = StatusAndHeaders(
        "200 OK",
        [("Content-Type", content_type), ("Content-Length", str(len(body)))],
        protocol="HTTP/1.1",
    )
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), http_headers=http,
        warc_headers_dict={"WARC-Date": at},
    )  # fmt: skip
    writer.write_record(record)
