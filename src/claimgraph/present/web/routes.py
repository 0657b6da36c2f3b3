"""Read-only routes: one per view; each loads its page data from `pages` and renders a template."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from claimgraph.present.web import pages
from claimgraph.present.web.app import page

router = APIRouter()


def _store(request: Request):  # noqa: ANN202 - the Store
    return request.app.state.store


def _links(request: Request) -> pages.Links:
    return request.app.state.links


@router.get("/", response_class=HTMLResponse)
def overview(request: Request) -> HTMLResponse:
    return page(request, "overview.html", title="Case overview", **pages.overview(_store(request), _links(request)))


@router.get("/alerts", response_class=HTMLResponse)
def alerts(request: Request, rule: str = "", page_no: int = Query(1, alias="page", ge=1, le=10_000)) -> HTMLResponse:
    data = pages.alerts(_store(request), _links(request), rule or None, page_no)
    if rule and not data["rules"]:
        raise HTTPException(404, "no such watch rule")
    return page(request, "alerts.html", title="Alerts", **data)


@router.get("/groups", response_class=HTMLResponse)
def groups(request: Request, status: str = "", page_no: int = Query(1, alias="page", ge=1, le=10_000)) -> HTMLResponse:
    return page(request, "groups.html", title="Claim groups", **pages.groups(_store(request), _links(request),
                                                                            status, page_no))


@router.get("/groups/{group_id}", response_class=HTMLResponse)
def group(request: Request, group_id: str) -> HTMLResponse:
    data = pages.group(_store(request), _links(request), group_id)
    if data is None:
        raise HTTPException(404, "no such claim group")
    return page(request, "group.html", title=f"Group {group_id}", **data)


@router.get("/docs", response_class=HTMLResponse)
def documents(request: Request, page_no: int = Query(1, alias="page", ge=1, le=100_000)) -> HTMLResponse:
    return page(request, "documents.html", title="Documents", **pages.documents(_store(request), _links(request),
                                                                               page_no))


@router.get("/docs/{doc_id}", response_class=HTMLResponse)
def document(request: Request, doc_id: str) -> HTMLResponse:
    data = pages.document(_store(request), _links(request), doc_id)
    if data is None:
        raise HTTPException(404, "no such document")
    return page(request, "document.html", title=data["doc"].title or "Document", **data)


@router.get("/timeline", response_class=HTMLResponse)
def timeline(request: Request, entity: str = "", type: str = "") -> HTMLResponse:  # noqa: A002 - query name
    return page(request, "timeline.html", title="Timeline",
                **pages.timeline(_store(request), _links(request), entity or None, type or None))


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity(request: Request, entity_id: str) -> HTMLResponse:
    data = pages.entity(_store(request), _links(request), entity_id)
    if data is None:
        raise HTTPException(404, "no such entity")
    return page(request, "entity.html", title=data["entity"].name, **data)


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: str = Query("", max_length=500), outlet: str = "", date_from: str = "",
           date_to: str = "", type: str = "", modality: str = "", status: str = "") -> HTMLResponse:  # noqa: A002
    filters = {"outlet": outlet, "date_from": date_from, "date_to": date_to, "event_type": type,
               "modality": modality, "status": status}
    return page(request, "search.html", title="Search", **pages.search(_store(request), _links(request), q, filters))
