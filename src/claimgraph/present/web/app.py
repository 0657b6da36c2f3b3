"""The FastAPI application: read-only views over a store, and ingestion only when started with a token.

Pages are rendered on the server with the shared Jinja2 environment (autoescape on). Every response
carries a strict Content-Security-Policy (no inline script or style, nothing from other origins),
so even text that slipped past escaping could not run. The interactive API docs are switched off:
they load their scripts from a CDN, which both the CSP and an offline machine forbid.
"""

from __future__ import annotations

import secrets
import threading
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from claimgraph.present.web import pages, render
from claimgraph.store.db import Store

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
MAX_UPLOAD = 5 * 1024 * 1024  # bytes per request: a few hundred articles, never a disk-filling upload
STATIC = Path(__file__).parent / "static"


def create_app(store: Store | str, token: str | None = None, max_upload: int = MAX_UPLOAD) -> FastAPI:
    """The web app over `store` (a Store or a database URL). Without `token` it is read-only: the
    ingest routes answer 404 as if they did not exist."""
    from claimgraph.present.web import ingest, routes

    app = FastAPI(title="claimgraph", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.store = Store.open(store) if isinstance(store, str) else store
    app.state.token = token or None
    app.state.max_upload = max_upload
    app.state.env = render.environment()
    app.state.links = pages.Links()
    app.state.ingest_lock = threading.Lock()
    app.state.csrf_key = secrets.token_urlsafe(32)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        if response.headers.get("content-type", "").startswith("text/html"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> HTMLResponse:
        titles = {404: "Not found", 403: "Forbidden", 413: "Upload too large", 415: "Unsupported upload"}
        return page(request, "error.html", status_code=exc.status_code,
                    title=titles.get(exc.status_code, "Error"), status=exc.status_code,
                    detail=str(exc.detail or ""))

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(routes.router)
    app.include_router(ingest.router)
    return app


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render a page template with the values every page needs (links, whether ingest is on)."""
    app = request.app
    html = app.state.env.get_template(template).render(
        links=app.state.links, can_ingest=app.state.token is not None, path=request.url.path, **context)
    return HTMLResponse(html, status_code=status_code)
