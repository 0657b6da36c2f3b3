"""Exports: the eval README's JSON (checked field by field and by the real scorer), the CSV, the summary."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from claimgraph.model import Claim, Problem, Reading
from claimgraph.present.export import CSV_FIELDS, export_json, write_claims_csv, write_json
from claimgraph.present.summary import summary_markdown
from claimgraph.store import Store
from claimgraph.store.schema import AlertRow, ConflictRow, GroupClaimRow, GroupRow
from test_store import make_readings

SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"

# The fields the eval README (../shared/eval/README.md) shows, per list.
DOC_KEYS = {"id", "external_id", "url", "title", "outlet", "published"}
ENTITY_KEYS = {"id", "name", "type", "aliases"}
CLAIM_KEYS = {"id", "doc", "text", "cameo", "actor", "target", "place", "when", "quantity", "said_by", "via",
              "modality", "quote"}
CLAIM_EXTRAS = {"event_type", "span", "approx", "negated"}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(f"sqlite:///{tmp_path / 'cg.db'}")
    for r in make_readings():
        s.save_reading(r)
    yield s
    s.close()


def _link(store: Store) -> None:
    """Fill the link tables the way the link/assess stages will."""
    with store.session() as s:
        s.add(GroupRow(id="g1", status="corroborated", confidence=0.8, independent_origins=2,
                       explanation=["two outlets, two origins"]))
        s.flush()
        s.add_all([GroupClaimRow(group_id="g1", claim_id=c) for c in ("t1-c1", "t2-c1")])
        s.add(ConflictRow(claim_a="t1-c1", claim_b="t2-c1", reason="number",
                          explanation="150 vs more than 30"))
        s.add(AlertRow(rule="unscr-2397-op8", claim_ids=["t1-c1"], explanation="DPRK workers earning abroad"))


def test_export_json_shape(store: Store) -> None:
    out = export_json(store)
    assert set(out) == {"documents", "entities", "claims", "groups", "conflicts", "alerts"}
    assert out["groups"] == [] and out["conflicts"] == [] and out["alerts"] == []
    json.dumps(out)  # serializable as is

    assert len(out["documents"]) == 2 and all(DOC_KEYS <= set(d) for d in out["documents"])
    assert {d["external_id"] for d in out["documents"]} == {"t-1", "t-2"}
    assert all(ENTITY_KEYS <= set(e) and isinstance(e["aliases"], list) for e in out["entities"])
    doc_ids = {d["id"] for d in out["documents"]}
    ent_ids = {e["id"] for e in out["entities"]}

    claims = {c["id"]: c for c in out["claims"]}
    assert len(claims) == 3
    for c in claims.values():
        assert CLAIM_KEYS | CLAIM_EXTRAS <= set(c)
        assert c["doc"] in doc_ids and len(c["text"]) <= 600
        for slot in ("actor", "target", "place", "via"):
            assert isinstance(c[slot], list) and set(c[slot]) <= ent_ids
        assert c["said_by"] is None or c["said_by"] in ent_ids or c["said_by"] == "anonymous source"
        assert c["when"] is None or {"start", "end"} <= set(c["when"])
        assert c["quantity"] is None or isinstance(c["quantity"], int | float)
        assert isinstance(c["quote"], bool) and isinstance(c["negated"], bool)
        assert isinstance(c["span"], list) and len(c["span"]) == 2

    c1, c3 = claims["t1-c1"], claims["t2-c1"]
    assert c1["when"]["start"] == "2022-07-01" and c1["when"]["end"] == "2022-07-31"
    assert c1["quantity"] == 150 and isinstance(c1["quantity"], int) and c1["approx"] == "about"
    assert c1["cameo"] == "036" and c1["said_by"] == "matsegora" and c1["modality"] == "planned"
    assert c3["said_by"] == "anonymous source" and c3["via"] == ["dailynk"] and c3["when"] is None
    assert claims["t1-c2"]["negated"] is True and claims["t1-c2"]["quantity"] is None


def test_export_link_tables(store: Store, tmp_path: Path) -> None:
    _link(store)
    path = tmp_path / "export.json"
    write_json(store, path)
    out = json.loads(path.read_text(encoding="utf-8"))
    assert out["groups"] == [{"id": "g1", "claims": ["t1-c1", "t2-c1"], "independent_origins": 2,
                              "status": "corroborated", "confidence": 0.8,
                              "explanation": ["two outlets, two origins"]}]
    [conflict] = out["conflicts"]
    assert conflict["claims"] == ["t1-c1", "t2-c1"] and conflict["reason"] == "number"
    [alert] = out["alerts"]
    assert alert["claims"] == ["t1-c1"] and alert["rule"] == "unscr-2397-op8"


def test_long_claim_text_is_cut_to_600(tmp_path: Path) -> None:
    r1, _ = make_readings()
    long = Claim(id="long", doc_id=r1.document.id, text="word " * 200, start=0, end=10)
    with Store.open(f"sqlite:///{tmp_path / 'l.db'}") as s:
        s.save_reading(Reading(document=r1.document, claims=[long]))
        assert len(export_json(s)["claims"][0]["text"]) == 600


def test_scorer_accepts_export(store: Store, tmp_path: Path) -> None:
    if not SCORER.exists():
        pytest.skip("external scorer not present")
    _link(store)
    export = tmp_path / "export.json"
    write_json(store, export)
    gold = {
        "entities": {
            "DPRK": ["North Korea", "DPRK"], "Donbas": ["Donbas"], "Matsegora": ["Alexander Matsegora"],
            "Daily NK": ["Daily NK"], "Vladivostok": ["Vladivostok"],
        },
        "facts": [
            {"id": "f1", "doc": "t-1", "evidence": "North Korea will send about 150 workers to Donbas",
             "cameo": "03", "actor": ["DPRK"], "place": ["Donbas"], "when": "2022-07", "quantity": 150,
             "said_by": "Matsegora", "modality": "planned", "quote": False},
            {"id": "f2", "doc": "t-2", "evidence": "more than 30 workers arrived in Vladivostok",
             "actor": ["DPRK"], "place": ["Vladivostok"], "quantity": 30, "said_by": "anonymous",
             "via": ["Daily NK"], "modality": "unverified"},
        ],
        "same": [{"id": "s1", "facts": ["f1", "f2"]}],
        "origins": [{"group": "s1", "independent": 2}],
        "conflicts": [{"facts": ["f1", "f2"], "reason": "number"}],
        "alerts": [{"facts": ["f1"], "rule": "UNSCR 2397 OP8"}],
    }
    gold_path = tmp_path / "gold.yaml"
    gold_path.write_text(yaml.safe_dump(gold), encoding="utf-8")
    must = ["fact_recall", "fact_fully_correct", "group_f1", "conflict_recall", "conflict_reason_correct",
            "origins_correct", "alert_recall"]
    cmd = [sys.executable, str(SCORER), "--gold", str(gold_path), "--export", str(export),
           *(x for m in must for x in ("--fail-under", f"{m}=1"))]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "documents_matched          2" in run.stdout


def test_claims_csv(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    write_claims_csv(store, path)
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == CSV_FIELDS
        rows = {r["claim_id"]: r for r in reader}
    assert len(rows) == 3
    c1 = rows["t1-c1"]
    assert c1["actor"] == "North Korea" and c1["place"] == "Donbas" and c1["said_by"] == "Alexander Matsegora"
    assert (c1["doc_title"], c1["outlet"]) == ("Workers for Donbas", "Wire Daily")
    assert c1["published"] == "2022-07-18"
    assert (c1["when_start"], c1["when_end"], c1["quantity"]) == ("2022-07-01", "2022-07-31", "150")
    assert c1["modality"] == "planned" and c1["text"].startswith("North Korea will send")
    c3 = rows["t2-c1"]
    assert c3["said_by"] == "anonymous source" and c3["via"] == "Daily NK" and c3["when_start"] == ""


def test_summary_markdown(store: Store) -> None:
    run = store.start_run()
    store.add_problem(run, Problem("broken.html", "no main text found"))
    store.finish_run(run, read=3, new=2, problems=1)
    md = summary_markdown(store)
    assert md.startswith("# ")
    for part in ("2 documents", "3 claims", "7 entities", "1 problem", "broken.html", "no main text found",
                 "planned", "unverified", "express intent to cooperate", "North Korea",
                 "Wire Daily", "2022-07-18", "Workers for Donbas", "2 claims", "date unknown", "1 claim"):
        assert part in md, part


def test_empty_store_exports(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'empty.db'}") as s:
        assert export_json(s) == {k: [] for k in ("documents", "entities", "claims", "groups", "conflicts",
                                                  "alerts")}
        assert "0 documents" in summary_markdown(s)
