"""Write routes: ingest uploaded files or pasted text, only when the server was started with a token.

Without a token these routes answer 404. With one, a request must carry it, either in the
`X-Claimgraph-Token` header (scripts; a custom header cannot be sent cross-site without CORS, which
we never allow) or as the form's `token` field, and then the form must also carry the CSRF value that
matches its cookie (double submit), so another site cannot make a logged-in browser post here.
Uploads are limited in size (whole request and each file) and type (the extensions the readers
know, and no binary content), and saved under generated names in a temporary folder.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import UploadFile

from claimgraph.ingest import READERS, normalize_published, read_paths
from claimgraph.model import Document
from claimgraph.present.web.app import page

router = APIRouter()
TOKEN_HEADER = "X-Claimgraph-Token"
CSRF_COOKIE = "claimgraph_csrf"
MAX_URLS = 50
MAX_FILES = 50


def _require_enabled(request: Request) -> str:
    token = request.app.state.token
    if not token:
        raise HTTPException(404, "Not Found")
    return token


def _csrf_value(request: Request, nonce: str) -> str:
    """The form's CSRF value: the cookie's random nonce signed with this server's key."""
    key = request.app.state.csrf_key.encode()
    return hmac.new(key, nonce.encode(), hashlib.sha256).hexdigest()


@router.get("/ingest", response_class=HTMLResponse)
def ingest_form(request: Request) -> HTMLResponse:
    _require_enabled(request)
    nonce = request.cookies.get(CSRF_COOKIE) or os.urandom(32).hex()
    response = page(request, "ingest.html", title="Add documents", csrf=_csrf_value(request, nonce),
                    max_upload=request.app.state.max_upload, kinds=sorted(READERS), result=None)
    response.set_cookie(CSRF_COOKIE, nonce, httponly=True, samesite="strict")
    return response


def _authorised(request: Request, token: str, form: Any) -> None:
    header = request.headers.get(TOKEN_HEADER, "")
    if header:
        if not hmac.compare_digest(header.encode(), token.encode()):
            raise HTTPException(403, "wrong token")
        return
    given = str(form.get("token") or "")
    if not given or not hmac.compare_digest(given.encode(), token.encode()):
        raise HTTPException(403, "a token is needed to add documents")
    nonce = request.cookies.get(CSRF_COOKIE, "")
    csrf = str(form.get("csrf") or "")
    if not nonce or not csrf or not hmac.compare_digest(csrf, _csrf_value(request, nonce)):
        raise HTTPException(403, "the form has expired or did not come from this site (CSRF check failed)")


def _safe_name(i: int, filename: str) -> str:
    suffix = Path(filename or "").suffix.lower()
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(filename or "").stem)[:60].strip("-") or "upload"
    return f"{i:03d}-{stem}{suffix}"


@router.post("/ingest", response_class=HTMLResponse)
async def ingest_post(request: Request) -> HTMLResponse:
    token = _require_enabled(request)
    limit: int = request.app.state.max_upload
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > limit + 64 * 1024):
        raise HTTPException(413, f"uploads are limited to {limit:,} bytes per request")
    form = await request.form(max_files=MAX_FILES, max_fields=20, max_part_size=limit)
    _authorised(request, token, form)
    uploads = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    text = str(form.get("text") or "").strip()
    urls = [u.strip() for u in str(form.get("urls") or "").splitlines() if u.strip()]
    if len(urls) > MAX_URLS:
        raise HTTPException(413, f"at most {MAX_URLS} URLs per request")
    if not uploads and not text and not urls:
        raise HTTPException(400, "nothing to add: choose files, paste an article or a list of URLs")
    with tempfile.TemporaryDirectory(prefix="claimgraph-upload-") as tmp:
        total = 0
        for i, up in enumerate(uploads):
            suffix = Path(up.filename or "").suffix.lower()
            if suffix not in READERS:
                raise HTTPException(415, f"{up.filename!r}: unsupported type; use one of {', '.join(sorted(READERS))}")
            data = await up.read(limit + 1)
            total += len(data)
            if total > limit:
                raise HTTPException(413, f"uploads are limited to {limit:,} bytes per request")
            if b"\x00" in data[:8192]:
                raise HTTPException(415, f"{up.filename!r} looks binary, not text")
            Path(tmp, _safe_name(i, up.filename or "")).write_bytes(data)
        result = _ingest(request, Path(tmp) if uploads else None, text, form, urls)
    return page(request, "ingest.html", title="Add documents", csrf=str(form.get("csrf") or ""),
                max_upload=limit, kinds=sorted(READERS), result=result)


def _read_and_save(store: Any, docs: list[Document], problems: list[str], describe: Any) -> int:
    """Read the documents the store does not have yet and save them; a failed read becomes a problem line."""
    from claimgraph.pipeline import read_documents

    new = 0
    for out in read_documents([d for d in docs if not store.has_document(d.id)]):
        if hasattr(out, "document"):
            new += store.save_reading(out)
        else:
            problems.append(describe(out))
    return new


def _ingest(request: Request, folder: Path | None, text: str, form: Any,
            urls: list[str] | None = None) -> dict[str, Any]:
    """Read the uploads, the pasted article and the pages at the pasted URLs (http(s) only, with the
    fetch deadline and size cap of `ingest.limits`) into the store, then re-link the case."""
    from claimgraph.link.build import build
    from claimgraph.pipeline import ingest

    store = request.app.state.store
    with request.app.state.ingest_lock:
        ids: list[str] = []
        problems: list[str] = []
        new = 0
        if folder is not None:
            ids += [d.id for d in read_paths([folder]) if isinstance(d, Document)]
            report = ingest(store, [str(folder)])
            new += report.new
            problems += [f"{Path(p.source).name}: {p.reason}" for p in report.problems]
        if urls:
            from claimgraph.ingest.fetch import read_urls

            fetched: list[Document] = []
            for item in read_urls(urls):
                if isinstance(item, Document):
                    fetched.append(item)
                else:
                    problems.append(f"{item.source}: {item.reason}")
            ids += [d.id for d in fetched]
            new += _read_and_save(store, fetched, problems, lambda out: f"{out.source}: {out.reason}")
        if text:
            doc = Document.from_text(
                text, title=str(form.get("title") or "").strip() or None,
                outlet=str(form.get("outlet") or "").strip() or None,
                url=str(form.get("url") or "").strip() or None,
                published=normalize_published(str(form.get("published") or "").strip() or None),
                source="pasted in the web UI")
            ids.append(doc.id)
            new += _read_and_save(store, [doc], problems, lambda out: f"pasted article: {out.reason}")
        links = build(store)
    docs = store.documents_by_ids(ids)
    links_obj = request.app.state.links
    return {"new": new, "problems": problems, "build": links,
            "docs": [{"doc": docs[i], "href": links_obj.doc(i)} for i in dict.fromkeys(ids) if i in docs]}
