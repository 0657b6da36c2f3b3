"""URL fetches against a local http.server: timeouts, size caps, errors, and the good pages around them."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.ingest.fetch import FetchError, fetch, read_urls
from claimgraph.model import Document, Problem
from claimgraph.present.cli import app
from claimgraph.store.db import Store

BODY = ("Officials in Dandong said on Tuesday that about 200 workers had crossed the border, according to "
        "a regional broadcaster that cited customs records.")
PAGE = f"<html><head><title>Border</title></head><body><article><p>{BODY}</p></article></body></html>".encode()


class Handler(BaseHTTPRequestHandler):
    """Routes that misbehave in the ways real servers do."""

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def _send(self, body: bytes, ctype: str = "text/html; charset=utf-8", length: bool = True) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up first, as it should
            pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path == "/ok":
            self._send(PAGE)
        elif self.path == "/plain":
            self._send(BODY.encode(), "text/plain; charset=utf-8")
        elif self.path == "/slow":  # answers after the deadline
            time.sleep(3)
            self._send(PAGE)
        elif self.path == "/drip":  # headers at once, then a few bytes every 0.2 s: only a total deadline stops it
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(40):
                    self.wfile.write(b"<p>x</p>")
                    self.wfile.flush()
                    time.sleep(0.2)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif self.path == "/huge-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
        elif self.path == "/huge-undeclared":
            self._send(b"<p>" + b"x" * (300 * 1024), length=False)
        elif self.path == "/binary":
            self._send(bytes(range(256)) * 64, "application/octet-stream")
        else:
            self.send_error(404, "Not Found")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_fetch_ok(server: str) -> None:
    body, ctype = fetch(f"{server}/ok", timeout=5, max_bytes=1 << 20)
    assert body == PAGE and ctype.startswith("text/html")


@pytest.mark.parametrize(("route", "reason"), [
    ("/slow", "timed out after 1 s"),
    ("/drip", "timed out after 1 s"),
    ("/huge-declared", "too large (52428800 bytes; the limit is 262144)"),
    ("/huge-undeclared", "too large (over 262144 bytes)"),
    ("/missing", "HTTP 404 Not Found"),
])
def test_fetch_fails_with_one_line_reason_within_the_deadline(server: str, route: str, reason: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError) as err:
        fetch(f"{server}{route}", timeout=1, max_bytes=256 * 1024)
    assert str(err.value) == reason
    assert time.monotonic() - started < 2.5  # the deadline holds, whatever the server does


def test_only_http_is_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("private")
    with pytest.raises(FetchError, match="only http and https"):
        fetch(secret.as_uri(), timeout=1, max_bytes=100)


def test_read_urls_keeps_good_pages_around_bad_ones(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMGRAPH_FETCH_TIMEOUT", "2")  # /slow answers after 3 s; 2 s spares a busy CI machine
    monkeypatch.setenv("CLAIMGRAPH_FETCH_MAX_BYTES", str(256 * 1024))
    urls = [f"{server}/ok", f"{server}/slow", f"{server}/binary", f"{server}/plain", f"{server}/missing",
            "ftp://example.invalid/x"]
    out = list(read_urls(urls))
    docs = [o for o in out if isinstance(o, Document)]
    problems = [o for o in out if isinstance(o, Problem)]
    assert [d.source for d in docs] == [f"{server}/ok", f"{server}/plain"]
    assert all(BODY in d.text and d.url for d in docs)
    assert [p.source for p in problems] == [f"{server}/slow", f"{server}/binary", f"{server}/missing",
                                            "ftp://example.invalid/x"]
    assert all(p.reason and "\n" not in p.reason for p in problems)


def test_cli_ingest_urls(server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMGRAPH_FETCH_TIMEOUT", "1")
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# pages\n{server}/ok\n\n{server}/missing\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'u.db'}"
    result = CliRunner().invoke(app, ["--db", db, "ingest", "--urls", str(listing)])
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output and "HTTP 404" in result.output
    with Store.open(db) as store:
        [doc] = store.documents()
        assert doc.url == f"{server}/ok" and BODY in doc.text
        assert [p.source for p in store.problems()] == [f"{server}/missing"]
