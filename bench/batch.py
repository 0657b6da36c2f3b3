"""Benchmark: batch mode's reading throughput on Dask with 1 and 2 workers against the single-process reader.

What it measures
    N documents (the demo corpus repeated, every copy with its own closing sentence and id, as in
    bench/read.py) are written as JSONL shards, then read three ways, in this order and in one run:

    * ``single``   -- this process: the shards' records through ``pipeline.read_documents`` (what
      ``claimgraph ingest`` does before saving);
    * ``dask x1``  -- ``claimgraph.batch.read_shard_to_parquet`` on a LocalCluster with 1 worker process;
    * ``dask x2``  -- the same with 2 worker processes.

    Model loading is excluded everywhere (the single process reads 5 warm-up documents first; the
    workers load spaCy in the ``LoadReader`` plugin before the clock starts). The Dask times include
    scheduling, the Parquet writing and the results coming back; loading into the store and linking are
    not part of any of the three. It prints documents per second and the speedup over the single process,
    and, because a shared machine makes wall-clock figures depend on the neighbours, the CPU seconds each
    mode spent per document (the workers' whole processes, event loop included): if a worker spends no
    more CPU per document than the single process, two workers on two free cores run twice as fast.

Target
    2 workers at least 1.7x the single process on a 2-core machine (reading is CPU-bound and the
    workers are processes, so no GIL is shared). On a machine shared with other work the figure is lower
    than the machine can do: run it on a quiet one.

How to run
    .venv/bin/python bench/batch.py               # 600 documents (a few minutes)
    .venv/bin/python bench/batch.py --docs 200
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from read import copies, demo_documents

TARGET = 1.7
WARMUP = 5


def write_shards(folder: Path, n: int, files: int = 4) -> list[Path]:
    docs = list(copies(demo_documents(), n, tag="b"))
    paths = []
    for i in range(files):
        p = folder / f"shard-{i}.jsonl"
        p.write_text("".join(json.dumps({"id": d.external_id, "title": d.title, "text": d.text, "outlet": d.outlet,
                                         "url": d.url, "published": d.published, "language": d.language}) + "\n"
                             for d in docs[i::files]), encoding="utf-8")
        paths.append(p)
    return paths


def _cpu() -> float:
    t = os.times()
    return t.user + t.system


def _timed_task(index: int, shard: object, out_dir: str) -> tuple[int, float]:
    """The batch worker task, reporting the CPU its process spent on it."""
    from claimgraph.batch import read_shard_to_parquet

    c = _cpu()
    r = read_shard_to_parquet(index, shard, out_dir)  # type: ignore[arg-type]
    return r.documents, _cpu() - c


def single(paths: list[Path]) -> tuple[float, float]:
    from claimgraph.ingest import read_paths
    from claimgraph.model import Document
    from claimgraph.pipeline import read_documents

    warm = list(copies(demo_documents(), WARMUP, tag="warm"))
    for _ in read_documents(warm):
        pass
    t, c = time.perf_counter(), _cpu()
    for _ in read_documents(d for d in read_paths(paths) if isinstance(d, Document)):
        pass
    return time.perf_counter() - t, _cpu() - c


def dask(paths: list[Path], workers: int, per_shard: int, out: Path) -> tuple[float, float]:
    from distributed import Client

    from claimgraph.batch import LoadReader, local_cluster, plan_shards

    with local_cluster(workers, dashboard=False) as cluster, Client(cluster) as client:
        client.register_plugin(LoadReader(), name=LoadReader.name)  # spaCy loaded before the clock
        shards, _ = plan_shards(paths, per_shard)
        t = time.perf_counter()
        futures = client.map(_timed_task, range(len(shards)), shards, out_dir=str(out), pure=False)
        results = client.gather(futures)
        elapsed = time.perf_counter() - t
    assert sum(n for n, _ in results) > 0
    return elapsed, sum(c for _, c in results)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=600)
    ap.add_argument("--per-shard", type=int, default=25)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_shards(Path(tmp), args.docs)
        print(f"{args.docs} documents in {len(paths)} JSONL files, shards of {args.per_shard}; "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}", flush=True)
        rates = {}
        for name, fn in (("single process", lambda: single(paths)),
                         ("dask, 1 worker", lambda: dask(paths, 1, args.per_shard, Path(tmp, "o1"))),
                         ("dask, 2 workers", lambda: dask(paths, 2, args.per_shard, Path(tmp, "o2")))):
            s, cpu = fn()
            rates[name] = args.docs / s
            print(f"{name:16} {s:7.1f} s  {rates[name]:6.1f} docs/s  {1000 * cpu / args.docs:6.1f} CPU ms/doc",
                  flush=True)
    speed = rates["dask, 2 workers"] / rates["single process"]
    print(f"speedup, 2 workers over the single process: {speed:.2f}x (target >= {TARGET}x); "
          f"1 worker: {rates['dask, 1 worker'] / rates['single process']:.2f}x; "
          f"load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
