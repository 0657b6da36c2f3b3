"""Research exports (Parquet, GDELT-like events, GraphML, FollowTheMoney): each read back with its own
format's library and checked against the store."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pyarrow.parquet as pq
import pytest
from followthemoney import model
from typer.testing import CliRunner

from claimgraph.model import Group
from claimgraph.present import research
from claimgraph.present.cli import app
from claimgraph.store import Store
from test_store import make_readings


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(f"sqlite:///{tmp_path / 'r.db'}")
    for r in make_readings():
        s.save_reading(r)
    g = Group("g1", ["t1-c1", "t2-c1"], independent_origins=2, status="corroborated", confidence=0.7)
    s.save_links({}, [g], [], [])
    yield s
    s.close()


def test_parquet_tables(store: Store, tmp_path: Path) -> None:
    paths = research.write_parquet(store, tmp_path / "pq")
    assert [p.name for p in paths] == ["documents.parquet", "claims.parquet", "groups.parquet"]
    docs = pq.read_table(paths[0]).to_pylist()
    claims = pq.read_table(paths[1]).to_pylist()
    groups = pq.read_table(paths[2]).to_pylist()
    assert [d["id"] for d in docs] == [d.id for d in store.documents()]
    assert [c["id"] for c in claims] == [c.id for c in store.claims()]
    c1 = next(c for c in claims if c["id"] == "t1-c1")
    assert (c1["when_start"], c1["when_end"], c1["quantity"], c1["group_id"]) == ("2022-07-01", "2022-07-31", 150.0,
                                                                                 "g1")
    assert c1["actor"] == ["dprk"] and c1["modality"] == "planned"
    assert groups == [{"id": "g1", "claims": ["t1-c1", "t2-c1"], "independent_origins": 2, "status": "corroborated",
                       "confidence": 0.7, "explanation": groups[0]["explanation"]}]


def test_events_csv(store: Store, tmp_path: Path) -> None:
    n = research.write_events_csv(store, tmp_path / "events.csv")
    rows = list(csv.DictReader((tmp_path / "events.csv").open(encoding="utf-8")))
    assert n == len(rows) == 3  # every claim here has a CAMEO code
    by_id = {r["event_id"]: r for r in rows}
    e = by_id["t1-c1"]
    assert (e["date"], e["date_precision"], e["actor1"], e["cameo"], e["place"]) == \
           ("2022-07-01", "month", "North Korea", "036", "Donbas")
    assert e["source_url"] == "https://example.org/1" and e["independent_origins"] == "2"
    assert by_id["t1-c2"]["independent_origins"] == "1" and by_id["t1-c2"]["date"] == "2022-07-18"
    assert by_id["t1-c2"]["date_precision"] == "published"
    assert by_id["t2-c1"]["said_by"] == "anonymous source"


def test_graphml(store: Store, tmp_path: Path) -> None:
    research.write_graphml(store, tmp_path / "g.graphml")
    g = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    kinds = nx.get_node_attributes(g, "kind")
    assert sum(k == "claim" for k in kinds.values()) == 3 and kinds["group:g1"] == "group"
    assert g.nodes["entity:dprk"]["label"] == "North Korea"
    roles = {(u, v, d["role"]) for u, v, d in g.edges(data=True)}
    assert ("claim:t1-c1", "entity:dprk", "actor") in roles
    assert ("claim:t1-c1", "entity:matsegora", "said_by") in roles
    assert ("claim:t2-c1", "entity:anonymous source", "said_by") in roles
    assert ("claim:t2-c1", "group:g1", "member") in roles


def test_followthemoney(store: Store, tmp_path: Path) -> None:
    n = research.write_ftm(store, tmp_path / "x.ftm.json")
    proxies = [model.get_proxy(json.loads(line)) for line in (tmp_path / "x.ftm.json").read_text().splitlines()]
    assert n == len(proxies) == len(store.entities()) + 2 + 3
    by_id = {p.id: p for p in proxies}
    assert by_id["cg-entity-matsegora"].schema.name == "Person"
    assert by_id["cg-entity-dprk"].schema.name == "Territory"
    event = by_id["cg-claim-t1-c1"]
    assert event.schema.name == "Event" and event.get("startDate") == ["2022-07-01"]
    assert all(i in by_id for i in event.get("involved") + event.get("proof"))
    assert by_id[event.get("proof")[0]].schema.name == "Article"


def test_cli_formats(store: Store, tmp_path: Path) -> None:
    url = str(store.engine.url)
    runner = CliRunner()
    assert runner.invoke(app, ["--db", url, "export", "-f", "parquet"]).exit_code == 2
    for fmt, name in (("parquet", "pq"), ("events", "e.csv"), ("graphml", "g.graphml"), ("ftm", "f.json")):
        result = runner.invoke(app, ["--db", url, "export", "-f", fmt, "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).exists()
