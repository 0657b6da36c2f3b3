"""Two writers at once on one PostgreSQL database (a team sharing a case): no duplicates, nothing lost.

First at the store level, with two processes released together by a barrier and saving overlapping
readings that share entities (so their inserts and alias merges really collide); then end to end, with
two `claimgraph ingest` processes on overlapping inputs, compared with a single ingest.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from claimgraph.model import Claim, Document, Entity, Mention, Reading
from claimgraph.store import Store
from claimgraph.store.schema import ClaimRow, DocumentRow, EntityRow, MentionRow

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "src" / "claimgraph" / "data" / "demo"
N = 40


def _reading(i: int, writer: str) -> Reading:
    """Document i; both writers know entity 'shared' under a different alias, so neither alias may be lost."""
    body = f"Report {i}: officials in town {i} said {i * 3} workers arrived at the port."
    doc = Document.from_text(body, title=f"Report {i}", outlet="Wire", external_id=f"r-{i}")
    ents = {"shared": Entity("shared", "Port Authority", "ORG", [f"alias-{writer}"]),
            f"town{i}": Entity(f"town{i}", f"Town {i}", "GPE")}
    mentions = [Mention("shared", 0, 6, "Report"), Mention(f"town{i}", body.index("town"), body.index("town") + 4,
                                                           "town")]
    claims = [Claim(id=f"{doc.id}-c{k:03d}", doc_id=doc.id, text=body, start=0, end=len(body), trigger="arrived",
                    actor=[f"town{i}"]) for k in range(3)]
    return Reading(doc, ents, mentions, claims)


def _writer(url: str, writer: str, ids: list[int], barrier: mp.synchronize.Barrier) -> None:
    store = Store.open(url)
    barrier.wait()
    for i in ids:
        store.save_reading(_reading(i, writer))
    store.close()


def test_two_processes_saving_overlapping_readings(pg_url: str) -> None:
    Store.open(pg_url).close()  # migrate first; the migration lock is tested by the CLI test below
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(2)
    a = list(range(0, 30))  # overlap: 10..29, in opposite orders, so the writers meet head on
    b = list(reversed(range(10, N)))
    procs = [ctx.Process(target=_writer, args=(pg_url, w, ids, barrier)) for w, ids in (("a", a), ("b", b))]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0]
    with Store.open(pg_url) as store, store.session() as s:
        assert s.scalar(select(func.count()).select_from(DocumentRow)) == N
        assert s.scalar(select(func.count()).select_from(ClaimRow)) == 3 * N
        assert s.scalar(select(func.count()).select_from(MentionRow)) == 2 * N
        assert s.scalar(select(func.count()).select_from(EntityRow)) == N + 1
        expected = {_reading(i, "a").document.id for i in range(N)}
        assert set(s.scalars(select(DocumentRow.id))) == expected
        shared = s.get(EntityRow, "shared")
        assert shared is not None and set(shared.aliases or []) == {"alias-a", "alias-b"}


def _claimgraph(url: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "CLAIMGRAPH_DB": url}
    exe = Path(sys.executable).parent / "claimgraph"
    return subprocess.Popen([str(exe), *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def test_two_cli_ingests_of_overlapping_inputs(pg_url: str, tmp_path: Path) -> None:
    first = [str(DEMO / "wire.jsonl"), str(DEMO / "briefs.csv"), str(DEMO / "mekong-ledger-kestrel-payroll.md")]
    second = [str(DEMO / "briefs.csv"), str(DEMO / "mekong-ledger-kestrel-payroll.md"), str(DEMO / "wire.jsonl"),
              str(DEMO / "straits-monitor-kestrel-analysis.md")]
    procs = [_claimgraph(pg_url, "ingest", *paths) for paths in (first, second)]  # new database: both migrate
    outs = [p.communicate(timeout=300)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    ref_url = f"sqlite:///{tmp_path / 'ref.db'}"
    ref = _claimgraph(ref_url, "ingest", *second)
    assert ref.wait(timeout=300) == 0
    with Store.open(pg_url) as shared, Store.open(ref_url) as alone:
        assert [d.id for d in sorted(shared.documents(), key=lambda d: d.id)] == \
               [d.id for d in sorted(alone.documents(), key=lambda d: d.id)]
        assert sorted(shared.claims(), key=lambda c: c.id) == sorted(alone.claims(), key=lambda c: c.id)
        # which name (and type) comes first follows which document was saved first; no name may be lost
        assert {k: {e.name, *e.aliases} for k, e in shared.entities().items()} == \
               {k: {e.name, *e.aliases} for k, e in alone.entities().items()}
        for d in alone.documents():
            assert shared.mentions(d.id) == alone.mentions(d.id)
