"""The case dossier (`claimgraph report`): sections, verbatim evidence, both sides of a conflict, a timeline in
date order, and article text that cannot inject Markdown."""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.link.build import build
from claimgraph.pipeline import ingest
from claimgraph.present.cli import app
from claimgraph.present.dossier import dossier_markdown, md_escape
from claimgraph.store import Store

SECTIONS = ("## 1. Alerts", "## 2. Contested claims", "## 3. Corroboration", "## 4. Timeline",
            "## 5. Sources and relay chains")


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, str]]:
    db = tmp_path_factory.mktemp("dossier") / "case.db"
    store = Store.open(f"sqlite:///{db}")
    with resources.as_file(resources.files("claimgraph.data").joinpath("demo")) as folder:
        ingest(store, [str(folder)])
    build(store)
    yield store, dossier_markdown(store)
    store.close()


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    nxt = text.find("\n## ", start + 1)
    return text[start:] if nxt < 0 else text[start:nxt]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_sections_in_order_and_case_summary(case: tuple[Store, str]) -> None:
    store, text = case
    assert text.startswith("# Case dossier\n")
    positions = [text.index(s) for s in SECTIONS]
    assert positions == sorted(positions)
    n_docs = len(store.documents())
    assert f"**{n_docs} documents**" in text.split("\n## ")[0]
    assert f"**{len(store.alerts())} alerts**" in text.split("\n## ")[0]


def test_alerts_quote_evidence_verbatim(case: tuple[Store, str]) -> None:
    store, text = case
    alerts = store.alerts()
    assert alerts, "the demo corpus raises UNSCR 2397 alerts"
    section = _section(text, "## 1. Alerts")
    docs = {d.id: d for d in store.documents()}
    claims = {c.id: c for c in store.claims()}
    assert alerts[0]["rule"] in section and md_escape(alerts[0]["explanation"]) in section
    quoted = 0
    for a in alerts:
        c = claims[a["claims"][0]]
        evidence = docs[c.doc_id].text[c.start:c.end]
        assert f"“{md_escape(evidence)}”" in section
        if md_escape(evidence) == _flat(evidence):  # nothing to escape: the very words of the report
            assert f"“{_flat(evidence)}”" in section
            quoted += 1
    assert quoted >= 1
    assert "Who says it:" in section and "When:" in section and "Corroboration:" in section


def test_contested_group_shows_both_sides(case: tuple[Store, str]) -> None:
    store, text = case
    section = _section(text, "## 2. Contested claims")
    contested = [g for g in store.groups() if g["status"] == "contested"]
    assert contested
    g = contested[0]
    assert f"### Group {g['id']}:" in section
    docs = {d.id: d for d in store.documents()}
    claims = {c.id: c for c in store.claims()}
    conflict = next(x for x in store.conflicts() if set(x["claims"]) & set(g["claims"]))
    assert md_escape(conflict["explanation"]["text"]) in section
    for cid in conflict["claims"]:
        c = claims[cid]
        assert f"“{md_escape(docs[c.doc_id].text[c.start:c.end])}”" in section
        assert md_escape(docs[c.doc_id].outlet) in section
    block = section[section.index(f"**Conflict {conflict['id']} "):]
    assert "- **A**" in block and "- **B**" in block


def test_timeline_is_in_date_order(case: tuple[Store, str]) -> None:
    _, text = case
    dates = re.findall(r"^- \*\*(\d{4}-\d{2}(?:-\d{2})?)\*\*", _section(text, "## 4. Timeline"), re.M)
    assert len(dates) >= 5
    assert dates == sorted(dates)


def test_sources_show_relay_chains_and_copies(case: tuple[Store, str]) -> None:
    store, text = case
    section = _section(text, "## 5. Sources and relay chains")
    assert section.count("\n### ") == len(store.documents())
    assert " → " in section
    if store.copies():
        assert "Syndicated: copy of" in section


def test_md_escape_neutralizes_markup() -> None:
    assert "<script>" not in md_escape("<script>alert(1)</script>")
    assert md_escape("<script>") == r"\<script\>"
    link = md_escape("[x](javascript:alert(1))")
    assert "[x](" not in link and link.startswith(r"\[x\]")
    assert md_escape("a | b `c` *d* _e_") == r"a \| b \`c\` \*d\* \_e\_"
    assert md_escape("line one\n\n# heading\n- item") == "line one # heading - item"
    assert md_escape(None) == ""


def test_hostile_article_text_cannot_inject(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.jsonl").write_text(
        '{"id": "x", "outlet": "Evil <b>Wire</b> | x", "title": "[click](javascript:alert(1))", '
        '"published": "2026-03-10", "text": "The ministry said on Monday that <script>alert(1)</script> '
        '40 North Korean workers had arrived in Russia in January 2026. | table | `code`"}\n')
    with Store.open(f"sqlite:///{tmp_path / 'h.db'}") as store:
        ingest(store, [str(inbox)])
        build(store)
        text = dossier_markdown(store)
    assert r"\<script\>alert(1)\</script\>" in text and r"Evil \<b\>Wire\</b\> \| x" in text
    hostile = [line.removeprefix("> ") for line in text.splitlines() if re.search("Evil|script|click", line)]
    assert len(hostile) >= 4
    body = "\n".join(hostile)
    assert not re.search(r"(?<!\\)[<>`|]", body)  # no HTML tag, code span or table cell can open
    assert not re.search(r"(?<!\\)\]\(", body)  # no link can form


def test_report_command_writes_the_dossier(case: tuple[Store, str], tmp_path: Path) -> None:
    store, text = case
    url = store.engine.url.render_as_string(hide_password=False)
    target = tmp_path / "reports" / "case.md"
    result = CliRunner().invoke(app, ["--db", url, "report", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == text
