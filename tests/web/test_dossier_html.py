"""`claimgraph report --html`: one file, no scripts, no external requests, the same views, escaped text."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from claimgraph.model import Claim, Document, Reading, TimeSpan
from claimgraph.present.cli import app
from claimgraph.present.web.dossier import dossier_html
from claimgraph.store.db import Store


def test_report_html_is_one_self_contained_file(demo_db: Path, tmp_path: Path, store: Store) -> None:
    out = tmp_path / "d" / "dossier.html"
    r = CliRunner().invoke(app, ["--db", f"sqlite:///{demo_db}", "report", "--html", "-o", str(out)])
    assert r.exit_code == 0, r.output
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html.replace('class="ext" href="http', ""))
    assert not re.search(r"<link\b|@import|url\(http", html)
    assert '<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;' in html
    assert "<style>" in html and ".claim-card" in html
    for section in ('id="alerts"', 'id="contested"', 'id="corroboration"', 'id="timeline"', 'id="sources"'):
        assert section in html
    for g in store.groups_page(status="contested"):
        assert f'id="group-{g["id"]}"' in html
    conflicts = store.conflicts()
    assert html.count('class="conflict"') == len(conflicts)
    assert html.count('<rect class="bar') == len(store.dated_claims(limit=400))
    for d in store.documents():
        assert f'id="doc-{d.id}"' in html
    anchors = set(re.findall(r'href="#([^"]+)"', html))
    ids = set(re.findall(r'id="([^"]+)"', html))
    assert anchors <= ids, anchors - ids  # every in-file link lands somewhere


def test_dossier_escapes_article_text(write_store: Store) -> None:
    text = "Officials <script>alert(1)</script> said 50 workers <img src=x onerror=alert(2)> left."
    doc = Document.from_text(text, title="<b onmouseover=alert(3)>T</b>", outlet="<i>O</i>",
                             url="javascript:alert(4)", published="2026-03-01")
    claim = Claim(id=doc.id + "-c000", doc_id=doc.id, text=text, start=0, end=len(text), modality="reported",
                  when=TimeSpan(date(2026, 2, 1), date(2026, 2, 28), "month", "<u>February</u>"))
    write_store.save_reading(Reading(doc, claims=[claim]))
    html = dossier_html(write_store)
    assert "<script>alert" not in html and "<img src=x" not in html and "<b onmouseover" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;i&gt;O&lt;/i&gt;" in html
    assert "javascript:" not in html
    assert "&lt;u&gt;February&lt;/u&gt;" in html  # the claim is on the timeline, its words escaped
