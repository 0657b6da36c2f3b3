"""Batch mode on a Dask LocalCluster (2 worker processes) gives what the single-process path gives.

The big test reads the demo corpus repeated to 5,000 distinct documents (each copy ends with its own
sentence, so every one is really read) from sharded JSONL and Parquet dumps, and checks the documents
equal those the single-process readers find in the same files and the claims of every tenth document
equal those of `ingest`. CLAIMGRAPH_BATCH_DOCS overrides the size for a quick
local run; CI runs the full 5,000.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from claimgraph.batch import Shard, connect, plan_shards, read_shard, run_batch
from claimgraph.ingest import read_paths
from claimgraph.link.build import build
from claimgraph.model import Document, Problem, document_id
from claimgraph.pipeline import ingest
from claimgraph.store import Store

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "src" / "claimgraph" / "data" / "demo"
BIG = int(os.environ.get("CLAIMGRAPH_BATCH_DOCS", "5000"))
SAMPLE = 10  # one document in ten is also read by the single-process path


def _write_jsonl(path: Path, docs: list[Document]) -> Path:
    path.write_text("".join(json.dumps(_record(d)) + "\n" for d in docs))
    return path


def _record(d: Document) -> dict:
    return {"id": d.external_id or d.id, "title": d.title, "text": d.text, "outlet": d.outlet, "url": d.url,
            "published": d.published, "language": d.language}


def write_corpus(folder: Path, n: int, parquet_share: float = 0.2) -> list[Path]:
    """`n` distinct copies of the demo corpus as three JSONL shards and one Parquet file."""
    base = [d for d in read_paths([DEMO]) if isinstance(d, Document)]
    docs = []
    for k in range(n):
        d = base[k % len(base)]
        text = d.text + f"\n\nCopy {k} of this report was filed on March {1 + k % 28}."
        docs.append(dataclasses.replace(d, id=document_id(text), text=text, external_id=f"{d.external_id}-{k}"))
    n_pq = int(n * parquet_share)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    chunk = max(1, (n - n_pq + 2) // 3)
    for i in range(3):
        p = folder / f"dump-{i}.jsonl"
        p.write_text("".join(json.dumps(_record(d)) + "\n" for d in docs[i * chunk:min((i + 1) * chunk, n - n_pq)]))
        paths.append(p)
    p = folder / "dump-3.parquet"
    pq.write_table(pa.Table.from_pylist([_record(d) for d in docs[n - n_pq:]]), p)
    return [*paths, p]


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    c, cluster = connect("local", 2)
    assert len(c.scheduler_info()["workers"]) == 2
    yield c
    c.close()
    cluster.close()


def test_plan_shards_splits_jsonl_and_parquet_without_gaps(tmp_path: Path) -> None:
    files = write_corpus(tmp_path, 40, parquet_share=0.25)
    shards, problems = plan_shards([tmp_path, tmp_path / "missing.jsonl"], per_shard=4)
    assert [p.reason for p in problems] == ["no such file or directory"]
    assert {s.path for s in shards} == {str(f) for f in files}
    by_file = [s for s in shards if s.path == str(files[0])]
    assert by_file[0] == Shard(str(files[0]), 0, 4) and by_file[-1].stop is None
    whole = [x for f in files for x in read_paths([f])]
    pieces = [x for s in shards for x in read_shard(s)]
    assert [d.id for d in pieces] == [d.id for d in whole]
    assert [d.source for d in pieces] == [d.source for d in whole]  # line/row numbers survive the split
    assert len(pieces) == 40 and not any(isinstance(x, Problem) for x in pieces)


def test_batch_equals_ingest_and_build_on_the_demo_corpus(client: object, tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'one.db'}") as one, Store.open(f"sqlite:///{tmp_path / 'b.db'}") as b:
        ingest(one, [str(DEMO)])
        build(one)
        r = run_batch(b, [str(DEMO)], tmp_path / "out", client, per_shard=2, progress=False)
        assert r.shards > 6 and r.documents == len(one.documents()) and r.problems == []
        assert b.documents() == one.documents()
        assert b.claims() == one.claims()
        assert b.entities() == one.entities()
        assert b.groups() == one.groups() and len(one.groups()) > 5  # grouping shuffled by key: same groups
        assert b.conflicts() == one.conflicts() and b.alerts() == one.alerts()
        assert sorted(p.name for p in (tmp_path / "out" / "readings" / "claims").iterdir())


@pytest.mark.slow
def test_batch_of_5000_documents_equals_the_single_process_path(client: object, tmp_path: Path) -> None:
    files = write_corpus(tmp_path / "in", BIG)
    with Store.open(f"sqlite:///{tmp_path / 'b.db'}") as b:
        r = run_batch(b, [str(tmp_path / "in")], tmp_path / "out", client, link=False, progress=False)
        assert r.documents == BIG and r.new == BIG and r.problems == []
        batch_docs = sorted((d.id, d.source) for d in b.documents())
        batch_claims = sorted(b.claims(), key=lambda c: c.id)
    assert len(batch_claims) > 10 * BIG
    # the single-process path over the same files: every document's id and source; claims of every
    # SAMPLE-th document compared one for one (reading all 5,000 again in one process would double the
    # test's time, ~12 minutes on a 2-core CI machine, for no new code path)
    everything = [d for d in read_paths([str(f) for f in files]) if isinstance(d, Document)]
    assert batch_docs == sorted((d.id, d.source) for d in everything)
    sample = everything[::SAMPLE]
    with Store.open(f"sqlite:///{tmp_path / 'one.db'}") as one:
        report = ingest(one, [str(_write_jsonl(tmp_path / "sample.jsonl", sample))])
        assert report.new == len(sample) >= BIG // SAMPLE
        one_claims = sorted(one.claims(), key=lambda c: c.id)
    wanted = {d.id for d in sample}
    assert one_claims and [c for c in batch_claims if c.doc_id in wanted] == one_claims


def test_cli_batch_on_a_running_scheduler(client: object, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from claimgraph.present.cli import app

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    address = client.scheduler.address  # type: ignore[attr-defined]
    result = CliRunner().invoke(app, ["--db", url, "batch", str(DEMO / "wire.jsonl"), str(tmp_path / "nope.jsonl"),
                                      "--scheduler", address, "--out", str(tmp_path / "out"), "--no-link"])
    assert result.exit_code == 1, result.output  # the missing input is reported, the rest is read
    assert "no such file or folder" in result.output and "0 problems" in result.output
    with Store.open(url) as s:
        records = [line for line in (DEMO / "wire.jsonl").read_text().splitlines() if line.strip()]
        assert s.stats()["documents"] == len(records)
        assert s.groups() == []
    assert list((tmp_path / "out" / "readings" / "claims").glob("part-*.parquet"))


def test_worker_warmup_reads_its_made_up_report() -> None:
    """The worker plugin's warm-up text goes through the real reader and yields claims (it exercises the
    date, quantity and quote paths it is there to warm)."""
    from claimgraph.batch import WARMUP_TEXT, LoadReader
    from claimgraph.model import Document
    from claimgraph.pipeline import read_documents

    LoadReader().setup(None)
    [reading] = list(read_documents([Document(id="w", text=WARMUP_TEXT, published="2024-03-04")]))
    assert len(reading.claims) >= 2
    assert any(c.quantity for c in reading.claims) and any(c.when for c in reading.claims)
