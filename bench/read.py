"""Benchmark: the whole reader against bare spaCy, in documents per second and peak memory.

What it measures
    For each corpus size N (default 500, 1000, 2000) it reads N documents two ways, each in its own
    fresh Python process so that peak memory is per configuration:

    * ``spacy``  -- bare ``nlp.pipe(texts, batch_size=32)`` with the pipeline from
      ``claimgraph.nlp.get_nlp()`` (the same model and components the reader uses);
    * ``reader`` -- ``claimgraph.pipeline.read_documents(docs, batch_size=32)``: preparation, parsing
      (through ``claimgraph.nlp``'s cache) and claim extraction, each Reading dropped at once.

    The N documents are the demo corpus repeated. Every copy gets a short unique closing sentence and
    a new id, so no cache can short-circuit a parse, and copies are generated lazily so memory
    reflects the reader, not the input. Both modes see exactly the same texts.

    Model loading is excluded from timing: each worker loads the pipeline and processes 5 warm-up
    documents (not counted) before starting the clock. Peak memory is the process's peak resident
    set size (``ru_maxrss``), which includes the loaded model; the RSS after warm-up is shown too.

Targets
    The whole reader should take at most 1.5x the bare spaCy time, and its memory should stay flat as
    the input grows (growth from the smallest to the largest size under 10% or 50 MiB).

How to run
    .venv/bin/python bench/read.py                  # sizes 500, 1000, 2000 (several minutes)
    .venv/bin/python bench/read.py --quick          # sizes 100, 200
    .venv/bin/python bench/read.py --sizes 300,600
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

MODES = ("spacy", "reader")
DEFAULT_SIZES = (500, 1000, 2000)
QUICK_SIZES = (100, 200)
WARMUP = 5
BATCH = 32
MAX_RATIO = 1.5
FLAT_FRACTION = 0.10
FLAT_MIB = 50.0


# --------------------------------------------------------------------------- worker (child process)


def demo_documents() -> list[Any]:
    """The demo corpus (11 small documents), read once."""
    from claimgraph.ingest import read_paths
    from claimgraph.model import Document

    folder = files("claimgraph.data").joinpath("demo")
    docs = [d for d in read_paths([str(folder)]) if isinstance(d, Document)]
    if not docs:
        raise SystemExit(f"no demo documents found in {folder}")
    return docs


def copies(base: list[Any], n: int, tag: str = "") -> Iterator[Any]:
    """`n` documents made by repeating `base`, each with distinct text and id, generated lazily."""
    from claimgraph.model import document_id

    for k in range(n):
        doc = base[k % len(base)]
        text = doc.text + f"\n\nCopy {tag}{k} of this report was filed on March {1 + k % 28}."
        yield dataclasses.replace(doc, id=document_id(text), text=text)


def current_rss_kib() -> int:
    """Resident set size now, in KiB (Linux /proc; falls back to the peak elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return peak_rss_kib()


def peak_rss_kib() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes on macOS, KiB on Linux


def run_spacy(docs: Iterator[Any]) -> tuple[int, int]:
    from claimgraph.nlp import get_nlp

    nlp = get_nlp()
    n = 0
    for _ in nlp.pipe((d.text for d in docs), batch_size=BATCH):
        n += 1
    return n, 0


def run_reader(docs: Iterator[Any]) -> tuple[int, int]:
    from claimgraph.model import Problem
    from claimgraph.pipeline import read_documents

    n = claims = 0
    for out in read_documents(docs, batch_size=BATCH):
        if isinstance(out, Problem):
            continue
        n += 1
        claims += len(out.claims)
    return n, claims


def worker(mode: str, n: int) -> None:
    """Warm up, time `mode` over `n` generated documents, print one JSON line."""
    from claimgraph.nlp import get_nlp

    run = {"spacy": run_spacy, "reader": run_reader}[mode]
    base = demo_documents()
    get_nlp()
    run(copies(base, WARMUP, tag="warm-up "))
    warm_kib = current_rss_kib()
    start = time.perf_counter()
    docs, claims = run(copies(base, n))
    seconds = time.perf_counter() - start
    print(json.dumps({"mode": mode, "n": n, "docs": docs, "claims": claims, "seconds": seconds,
                      "warm_rss_kib": warm_kib, "peak_rss_kib": peak_rss_kib()}))


# --------------------------------------------------------------------------- driver (parent process)


def measure(mode: str, n: int) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, __file__, "--worker", mode, str(n)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"worker {mode} {n} failed with exit status {proc.returncode}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def mib(kib: float) -> float:
    return kib / 1024


def report(results: dict[tuple[str, int], dict[str, Any]], sizes: list[int]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 120)
    table = Table(title=f"Reading N documents (demo corpus repeated), batch size {BATCH}")
    for col in ("mode", "docs", "seconds", "docs/s", "warm RSS MiB", "peak MiB", "claims",
                "reader/spacy time"):
        table.add_column(col, justify="left" if col == "mode" else "right")
    ratios: list[float] = []
    for n in sizes:
        for mode in MODES:
            r = results[(mode, n)]
            ratio = ""
            if mode == "reader":
                value = r["seconds"] / results[("spacy", n)]["seconds"]
                ratios.append(value)
                ratio = f"{value:.2f}x"
            table.add_row(mode, str(r["docs"]), f"{r['seconds']:.1f}", f"{r['docs'] / r['seconds']:.1f}",
                          f"{mib(r['warm_rss_kib']):.0f}", f"{mib(r['peak_rss_kib']):.0f}",
                          str(r["claims"]) if mode == "reader" else "-", ratio)
    console.print(table)
    console.print(f"Timing excludes model loading: each mode runs in its own process, which loads the "
                  f"pipeline and reads {WARMUP} warm-up documents before the clock starts.")

    lo, hi = sizes[0], sizes[-1]
    flat: dict[str, bool] = {}
    for mode in MODES:
        a, b = mib(results[(mode, lo)]["peak_rss_kib"]), mib(results[(mode, hi)]["peak_rss_kib"])
        growth = b - a
        flat[mode] = growth < FLAT_FRACTION * a or growth < FLAT_MIB
        console.print(f"{mode}: memory growth {lo}→{hi}: {growth:+.1f} MiB ({growth / a:+.1%} of peak)")

    worst = max(ratios)
    speed_ok = worst <= MAX_RATIO
    verdict = "PASS" if speed_ok and flat["reader"] else "FAIL"
    console.print(
        f"Verdict: {verdict} — reader/spacy time ratio {', '.join(f'{x:.2f}' for x in ratios)} "
        f"(target ≤ {MAX_RATIO}: {'met' if speed_ok else 'missed'}); reader memory "
        f"{'flat' if flat['reader'] else 'NOT flat'} (target: growth {lo}→{hi} under "
        f"{FLAT_FRACTION:.0%} or {FLAT_MIB:.0f} MiB)."
    )


def parse_sizes(text: str) -> list[int]:
    sizes = sorted({int(s) for s in text.split(",") if s.strip()})
    if not sizes or sizes[0] <= 0:
        raise argparse.ArgumentTypeError("sizes must be positive integers, e.g. 500,1000,2000")
    return sizes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--worker", nargs=2, metavar=("MODE", "N"), help=argparse.SUPPRESS)
    parser.add_argument("--sizes", type=parse_sizes,
                        help="comma-separated corpus sizes (default 500,1000,2000)")
    parser.add_argument("--quick", action="store_true", help="sizes 100,200")
    args = parser.parse_args(argv)

    if args.worker:
        mode, n = args.worker
        if mode not in MODES:
            parser.error(f"mode must be one of {', '.join(MODES)}")
        worker(mode, int(n))
        return

    sizes = args.sizes or list(QUICK_SIZES if args.quick else DEFAULT_SIZES)
    results: dict[tuple[str, int], dict[str, Any]] = {}
    for n in sizes:
        for mode in MODES:
            print(f"… {mode} × {n}", file=sys.stderr, flush=True)
            results[(mode, n)] = measure(mode, n)
    report(results, sizes)


if __name__ == "__main__":
    main()
