"""Pages fetched by URL (`claimgraph ingest --urls FILE`), with a deadline and a size cap.

A server that never answers, drips a byte at a time or sends a gigabyte must cost one Problem, not the
run: every fetch has a total deadline (not just a per-read socket timeout) and reads at most the size
cap plus one byte. Only http and https are fetched, so a URL list cannot read local files.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path

from claimgraph.ingest.decode import DecodeError, clean_file, decode_bytes
from claimgraph.ingest.html import read_html
from claimgraph.ingest.limits import limits
from claimgraph.ingest.text import read_text
from claimgraph.model import Document, Problem

USER_AGENT = "claimgraph/0.1 (+news claim reader)"
_CHUNK = 64 * 1024


class FetchError(Exception):
    """A fetch that failed; the message is the one-line reason."""


def fetch(url: str, *, timeout: float, max_bytes: int) -> tuple[bytes, str]:
    """The body and Content-Type of `url`, or FetchError (bad scheme, HTTP error, too slow, too large)."""
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError("only http and https URLs are fetched")
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        # the scheme is checked above: only http(s), never file:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # nosec B310
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"too large ({declared} bytes; the limit is {max_bytes})")
            chunks: list[bytes] = []
            size = 0
            while chunk := response.read1(_CHUNK):  # what has arrived, so a drip cannot outwait the deadline
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"too large (over {max_bytes} bytes)")
                if time.monotonic() > deadline:
                    raise FetchError(f"timed out after {timeout:g} s")
                chunks.append(chunk)
            return b"".join(chunks), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as err:
        raise FetchError(f"HTTP {err.code} {err.reason}") from None
    except urllib.error.URLError as err:
        reason = err.reason
        if isinstance(reason, TimeoutError):
            raise FetchError(f"timed out after {timeout:g} s") from None
        raise FetchError(f"cannot fetch ({reason})") from None
    except TimeoutError:
        raise FetchError(f"timed out after {timeout:g} s") from None
    except (OSError, ValueError) as err:  # connection reset, malformed URL or response
        raise FetchError(" ".join(f"cannot fetch ({err})".split())) from None


def read_url_list(path: str | Path) -> list[str]:
    """URLs from a file, one a line; blank lines and lines starting with '#' are ignored."""
    lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def read_urls(urls: Iterable[str]) -> Iterator[Document | Problem]:
    """Fetch each URL and read it as HTML (or as plain text when the server says so); never raises."""
    lim = limits()
    for url in urls:
        try:
            data, content_type = fetch(url, timeout=lim.fetch_timeout_s, max_bytes=lim.fetch_max_bytes)
        except FetchError as err:
            yield Problem(url, str(err))
            continue
        if not data.strip():
            yield Problem(url, "empty response")
            continue
        try:
            text = clean_file(decode_bytes(data))
        except DecodeError as err:
            yield Problem(url, str(err))
            continue
        plain = content_type.lower().startswith("text/plain")
        reader = read_text if plain else read_html
        try:
            for item in reader(text, Path("fetched.txt" if plain else "fetched.html")):
                if isinstance(item, Problem):
                    yield Problem(url, item.reason)
                    continue
                item.source, item.url = url, item.url or url
                item.meta["path"] = url
                yield item
        except Exception as err:  # a reader bug must cost one URL, not the run
            yield Problem(url, " ".join(f"reader failed ({type(err).__name__}: {err})".split()))
