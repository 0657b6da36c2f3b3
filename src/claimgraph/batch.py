"""Batch mode on Dask distributed: corpora that outgrow one process (or one machine).

    shards ──► read on the workers ──► Parquet ──► load into the store ──► link (shuffle on blocking keys)

1. `plan_shards` splits the inputs into shards: a JSONL file into runs of lines, a Parquet file into
   runs of rows, any other file (CSV, JSON, text, HTML) is one shard. Nothing is read on the client.
2. Each shard is read on a worker by the single-machine functions: the ingest readers per record, then
   `pipeline.read_documents` (spaCy loaded once per worker process: `nlp.get_nlp` caches it and the
   `LoadReader` plugin warms it when the worker starts). A shard's readings go to Parquet files under
   OUT/readings/ (documents, claims, mentions, entities), so the client never holds a corpus in memory
   and the claims stay on disk for other tools.
3. The client loads the Parquet files, shard by shard in input order, with `Store.save_reading`, so the
   store ends exactly as after `claimgraph ingest` of the same inputs.
4. Linking is `link.build.build` with its grouping step run as a Dask shuffle: claims are partitioned by
   the event key that every blocking key of `link.grouping` starts with (a claim is only ever compared
   with claims of its own key), and each partition runs the very `group_claims` of the single-machine
   path; the union of the partitions' groups equals the single-machine result.

On a real cluster OUT must be a folder every worker and the client can reach (a shared file system).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from distributed import WorkerPlugin

from claimgraph.ingest import _walk, read_path
from claimgraph.ingest.decode import DecodeError, clean_text, decode_bytes
from claimgraph.ingest.jsonl import read_jsonl
from claimgraph.ingest.parquet import parquet_rows, read_parquet
from claimgraph.link.grouping import UnionFind, _norm, event_key, group_claims
from claimgraph.model import Claim, Document, Entity, Mention, Problem, Reading
from claimgraph.pipeline import read_documents
from claimgraph.store.db import Store, _claim, _claim_values

RECORDS_PER_SHARD = 250  # enough work per task to hide scheduling (~20 s of reading), small enough to balance
LINE_FILES = (".jsonl", ".ndjson")
TABLES = ("documents", "claims", "mentions", "entities")


@dataclass(frozen=True)
class Shard:
    """A piece of one input file: records [start, stop) (lines of JSONL, rows of Parquet), or all of it."""

    path: str
    start: int = 0
    stop: int | None = None  # None: to the end of the file


@dataclass
class ShardResult:
    """What a worker reports back for one shard: counts, problems, and where its Parquet went."""

    index: int
    documents: int = 0
    claims: int = 0
    problems: list[Problem] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)


# --- 1. planning (client) -------------------------------------------------------------------------------


def _files(paths: Iterable[str | Path]) -> Iterator[Path | Problem]:
    for given in paths:
        p = Path(given)
        if p.is_dir():
            yield from _walk(p)
        elif p.is_file():
            yield p
        else:
            yield Problem(str(p), "no such file or directory")


def _line_count(path: Path) -> int:
    n = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            n += chunk.count(b"\n")
    return n + 1


def plan_shards(paths: Iterable[str | Path], per_shard: int = RECORDS_PER_SHARD) -> tuple[list[Shard], list[Problem]]:
    """Shards of the inputs, in input order; the last shard of a file is open-ended, so a count that is
    off (a line break inside a field after decoding) can neither drop nor repeat a record."""
    shards: list[Shard] = []
    problems: list[Problem] = []
    for f in _files(paths):
        if isinstance(f, Problem):
            problems.append(f)
            continue
        suffix = f.suffix.lower()
        try:
            total = _line_count(f) if suffix in LINE_FILES else parquet_rows(f) if suffix == ".parquet" else 0
        except Exception:  # unreadable: one shard, whose reader reports the problem
            total = 0
        if total <= per_shard:
            shards.append(Shard(str(f)))
            continue
        starts = list(range(0, total, per_shard))
        shards += [Shard(str(f), a, b) for a, b in zip(starts, [*starts[1:], None], strict=True)]
    return shards, problems


# --- 2. reading (workers) -------------------------------------------------------------------------------


def read_shard(shard: Shard) -> Iterator[Document | Problem]:
    """The records of one shard, through the same readers as `claimgraph ingest`."""
    path = Path(shard.path)
    suffix = path.suffix.lower()
    if shard.start == 0 and shard.stop is None:
        yield from read_path(path)
    elif suffix == ".parquet":
        yield from read_parquet(path, shard.start, shard.stop)
    elif suffix in LINE_FILES:
        try:
            text = clean_text(decode_bytes(path.read_bytes()))
        except (OSError, DecodeError) as err:
            yield Problem(str(path), " ".join(f"cannot read file ({err})".split()))
            return
        lines = text.split("\n")[shard.start:shard.stop]
        yield from read_jsonl("\n".join(lines), path, first_line=shard.start + 1)
    else:
        raise ValueError(f"{path}: only JSONL and Parquet files are split into shards")


def _rows(readings: list[Reading]) -> dict[str, list[dict[str, Any]]]:
    """Readings as flat table rows; JSON-valued fields as JSON text, so every row has the same columns."""
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    for order, r in enumerate(readings):
        d = r.document
        out["documents"].append({
            "order": order, "id": d.id, "text": d.text, "title": d.title, "outlet": d.outlet, "url": d.url,
            "published": d.published, "published_inferred": d.published_inferred, "language": d.language,
            "external_id": d.external_id, "source": d.source, "meta": json.dumps(d.meta, default=str)})
        for seq, c in enumerate(r.claims):
            row = _claim_values(c, seq)  # the store's own flattening: the claims table, as Parquet
            row["flags"] = json.dumps(row["flags"], default=str)
            if row["quantity_value"] is not None:
                row["quantity_value"] = float(row["quantity_value"])  # one column type across rows
            out["claims"].append(row)
        out["mentions"] += [{"doc_id": d.id, "entity_id": m.entity_id, "start": m.start, "end": m.end,
                             "text": m.text} for m in r.mentions]
        out["entities"] += [{"doc_id": d.id, "id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases),
                             "attrs": json.dumps(e.attrs, default=str)} for e in r.entities.values()]
    return out


def read_shard_to_parquet(index: int, shard: Shard, out_dir: str) -> ShardResult:
    """Worker task: read one shard and write its readings as Parquet (one file per table)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    result = ShardResult(index)
    docs: list[Document] = []
    for item in read_shard(shard):
        if isinstance(item, Problem):
            result.problems.append(item)
        else:
            docs.append(item)
    readings: list[Reading] = []
    for out in read_documents(docs):
        if isinstance(out, Problem):
            result.problems.append(out)
        else:
            readings.append(out)
    result.documents = len(readings)
    result.claims = sum(len(r.claims) for r in readings)
    for table, rows in _rows(readings).items():
        if not rows:
            continue
        folder = Path(out_dir, "readings", table)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"part-{index:06d}.parquet"
        tmp = path.with_suffix(".tmp")
        pq.write_table(pa.Table.from_pylist(rows), tmp)
        os.replace(tmp, path)  # a file is there whole or not at all
        result.files[table] = str(path)
    return result


# --- 3. loading (client) --------------------------------------------------------------------------------


def load_readings(result: ShardResult) -> list[Reading]:
    """The Readings a worker wrote for one shard, rebuilt exactly (claims via the store's own mapping)."""
    import pyarrow.parquet as pq

    tables = {t: pq.read_table(p).to_pylist() for t, p in result.files.items()}
    claims: dict[str, list[Claim]] = {}
    for row in sorted(tables.get("claims", []), key=lambda r: r["seq"]):
        row["flags"] = json.loads(row["flags"])
        claims.setdefault(row["doc_id"], []).append(_claim(SimpleNamespace(**row)))  # type: ignore[arg-type]
    mentions: dict[str, list[Mention]] = {}
    for m in tables.get("mentions", []):
        mentions.setdefault(m["doc_id"], []).append(Mention(m["entity_id"], m["start"], m["end"], m["text"]))
    entities: dict[str, dict[str, Entity]] = {}
    for e in tables.get("entities", []):
        entities.setdefault(e["doc_id"], {})[e["id"]] = Entity(e["id"], e["name"], e["type"], list(e["aliases"]),
                                                                json.loads(e["attrs"]))
    readings = []
    for d in sorted(tables.get("documents", []), key=lambda r: r["order"]):
        doc = Document(id=d["id"], text=d["text"], title=d["title"], outlet=d["outlet"], url=d["url"],
                       published=d["published"], published_inferred=d["published_inferred"],
                       language=d["language"], external_id=d["external_id"], source=d["source"],
                       meta=json.loads(d["meta"]))
        readings.append(Reading(doc, entities.get(doc.id, {}), mentions.get(doc.id, []), claims.get(doc.id, [])))
    return readings


# --- 4. linking: grouping as a shuffle on the blocking keys ---------------------------------------------


def partition_keys(claims: list[Claim], entities: dict[str, Entity], copies: dict[str, tuple[str, float]],
                   texts: dict[str, str]) -> list[str]:
    """Each claim's shuffle key: its event key (every blocking key of `link.grouping` starts with it, so
    claims of different keys are never compared). A syndicated copy's clause is joined to its original's
    regardless of key, so keys that such a pair spans are merged into one partition."""
    def doc_of(d: str) -> str:
        return copies.get(d, (d, 1.0))[0]

    keys = [event_key(c) for c in claims]
    uf = UnionFind()
    first: dict[tuple[str, str], str] = {}
    for c, k in zip(claims, keys, strict=True):
        clause = (doc_of(c.doc_id), _norm(texts.get(c.id, c.text)) + "|" + (c.trigger or ""))
        uf.union(first.setdefault(clause, k), k)
    return [uf.find(k) for k in keys]


def _group_partition(part: tuple[str, list[tuple[int, Claim, str]]], entities: dict[str, Entity],
                     copies: dict[str, tuple[str, float]]) -> list[list[str]]:
    """Worker task: `group_claims` over one partition, claims in their global order."""
    items = sorted(part[1], key=lambda x: x[0])
    return group_claims([c for _, c, _ in items], entities, copies, {c.id: t for _, c, t in items})


def dask_grouper(client: Any, partitions: int | None = None) -> Callable[..., list[list[str]]]:
    """A `build` grouping step that shuffles claims by partition key on the cluster (dask.bag groupby)."""
    import dask.bag as db

    def group(claims: list[Claim], entities: dict[str, Entity], copies: dict[str, tuple[str, float]],
              texts: dict[str, str]) -> list[list[str]]:
        if not claims:
            return []
        keys = partition_keys(claims, entities, copies, texts)
        items = [(k, i, c, texts.get(c.id, c.text)) for i, (c, k) in enumerate(zip(claims, keys, strict=True))]
        n = partitions or max(1, min(len(items) // 2000 + 1, 4 * _n_workers(client)))
        bag = db.from_sequence(items, npartitions=n)
        shuffled = bag.groupby(lambda x: x[0], shuffle="tasks").map(
            lambda kv: (kv[0], [(i, c, t) for _, i, c, t in kv[1]]))
        groups = shuffled.map(_group_partition, entities=entities, copies=copies).flatten()
        return list(client.compute(groups).result())

    return group


def _n_workers(client: Any) -> int:
    return max(1, len(client.scheduler_info().get("workers", {})))


# --- the whole run ---------------------------------------------------------------------------------------


#: A made-up report read once when a worker starts: it touches every lazily built part of the reader
#: (spaCy's pipes, the date parser's language data and rule caches, the quantity and quote patterns).
WARMUP_TEXT = ("SEOUL, March 4 (Example Wire) - About 300 North Korean workers arrived in Vladivostok last "
               "month, a source told the agency on Tuesday. \"They were sent to build houses,\" an official "
               "said, adding that the ministry denied the report. Russia may send more in 2025, officials "
               "said, according to state media.")


class LoadReader(WorkerPlugin):
    """Dask worker plugin: load the spaCy pipeline and warm the reader when a worker starts, once per
    worker process, so the first shard does not pay for it."""

    name = "claimgraph-reader"

    def setup(self, worker: Any) -> None:
        from claimgraph import nlp

        nlp.get_nlp()
        for _ in read_documents([Document(id="warmup", text=WARMUP_TEXT, published="2024-03-04")]):
            pass


@dataclass
class BatchReport:
    shards: int = 0
    documents: int = 0
    new: int = 0
    claims: int = 0
    problems: list[Problem] = field(default_factory=list)
    groups: int | None = None
    conflicts: int | None = None
    dashboard: str | None = None


#: Dask settings for reading workers. The statistical profiler samples every worker thread's stack every
#: 10 ms; over spaCy's deep call stacks that cost a third of a worker's time (measured: 3.4 vs 4.8 docs/s).
#: A remote cluster's workers read their own config: set the same there
#: (DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False in the workers' environment).
#: Worker settings. The statistical profiler is off (it samples the reading thread). Dask's nanny sets
#: MALLOC_TRIM_THRESHOLD_=65536 in every worker so memory goes back to the OS sooner; for spaCy's many
#: short-lived allocations that costs 14% more CPU per document (bench/batch.py and the same shards read in
#: one process with and without it: 44 vs 39 ms/doc), so workers keep glibc's adaptive default.
WORKER_CONFIG = {"distributed.worker.profile.enabled": False,
                 "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}


def local_cluster(workers: int, dashboard: bool = True) -> Any:
    """A LocalCluster of `workers` single-threaded processes (reading is CPU-bound: processes, not threads)."""
    import dask
    from distributed import LocalCluster

    dask.config.set(WORKER_CONFIG)  # the nanny hands the client's config to its worker
    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                        dashboard_address=":0" if dashboard else None, silence_logs=40)


def connect(scheduler: str, workers: int) -> tuple[Any, Any]:
    """A client for `local` (a LocalCluster of `workers` single-threaded processes) or a scheduler address."""
    from distributed import Client

    if scheduler == "local":
        cluster = local_cluster(workers)
        return Client(cluster), cluster
    return Client(scheduler), None


def dashboard_link(client: Any) -> str | None:
    """The dashboard's URL when the scheduler serves one (it needs bokeh, which is optional)."""
    services = client.scheduler_info().get("services", {})
    return client.dashboard_link if "dashboard" in services else None


def run_batch(store: Store, inputs: list[str], out_dir: str | Path, client: Any, link: bool = True,
              per_shard: int = RECORDS_PER_SHARD, progress: bool = True,
              on_event: Callable[[str], None] | None = None) -> BatchReport:
    """Read `inputs` on the cluster behind `client`, load the readings into `store`, and link them there."""
    from distributed import progress as dask_progress

    say = on_event or (lambda _m: None)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    report = BatchReport(dashboard=dashboard_link(client))
    shards, report.problems = plan_shards(inputs, per_shard)
    report.shards = len(shards)
    client.register_plugin(LoadReader(), name=LoadReader.name)
    say(f"reading {len(shards)} shards on {_n_workers(client)} workers")
    futures = client.map(read_shard_to_parquet, range(len(shards)), shards, out_dir=str(out.resolve()), pure=False)
    if progress:
        dask_progress(futures)
    results = sorted(client.gather(futures), key=lambda r: r.index)
    run = store.start_run()
    for p in report.problems:
        store.add_problem(run, p)
    read = 0
    for r in results:
        read += r.documents
        for p in r.problems:
            report.problems.append(p)
            store.add_problem(run, p)
        for reading in load_readings(r):
            report.new += store.save_reading(reading)
            report.claims += len(reading.claims)
    report.documents = read
    store.finish_run(run, read, report.new, len(report.problems))
    say(f"loaded {read} documents, {report.claims} claims into the store")
    if link:
        from claimgraph.link.build import build

        say("linking (grouping shuffled by blocking key)")
        b = build(store, group=dask_grouper(client))
        report.groups, report.conflicts = b.groups, b.conflicts
    return report
