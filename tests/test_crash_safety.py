"""Crash safety of the store: SIGKILL at random points never leaves a half-written document or an orphan
claim, a re-run completes the set without duplicates, and a reader reads while an ingest writes.

Runs are forked from the test process (the modules are already imported, so a run starts in
milliseconds) and use the real pipeline.ingest and Store with the cheap reader from crashkit.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import random
import re
import signal
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

import claimgraph.pipeline  # noqa: F401 - imported before forking, so a run starts without importing spaCy
import crashkit
from claimgraph.store.db import Store

KILL_RUNS = 20
SERIES = 4  # the kill runs are split over this many fresh databases, so kills land while the set grows
SEED = 20240425
ctx = mp.get_context("fork")

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")


@pytest.fixture(autouse=True, scope="module")
def _warm() -> None:
    """Load the language model once here, so forked runs spend their time writing, not loading."""
    from claimgraph.ingest.records import detect_language

    detect_language("Officials said the cargo moved on Monday, according to the port authority.")


def _ingest_child(db_url: str, corpus: str, reread: bool, ready: Any) -> None:
    """A whole ingest run, as a separate process."""
    import claimgraph.pipeline as pipeline

    pipeline.read_documents = crashkit.cheap_read_documents
    store = Store.open(db_url)
    ready.set()
    pipeline.ingest(store, [corpus], reread=reread)
    store.close()


def _start(db_url: str, corpus: Path, reread: bool = False) -> tuple[Any, float]:
    ready = ctx.Event()
    proc = ctx.Process(target=_ingest_child, args=(db_url, str(corpus), reread, ready))
    proc.start()
    assert ready.wait(60), "ingest process did not start"
    return proc, time.monotonic()


def test_sigkill_at_random_points_keeps_the_store_consistent(tmp_path: Path) -> None:
    corpus = crashkit.write_corpus(tmp_path / "in", documents=80, sentences=20)
    want_docs, want_claims = 80, 80 * 20

    # A reference run to completion gives the full set and the time a run takes.
    ref = tmp_path / "ref.db"
    proc, started = _start(f"sqlite:///{ref}", corpus)
    proc.join(120)
    duration = time.monotonic() - started
    assert proc.exitcode == 0
    print(f"reference run: {duration:.2f} s")
    assert crashkit.check_consistency(ref) == {"documents": want_docs, "claims": want_claims}

    rng = random.Random(SEED)
    killed_mid_run = 0
    progress: list[list[int]] = []
    for series in range(SERIES):
        db = tmp_path / f"crash{series}.db"
        progress.append([])
        for run in range(KILL_RUNS // SERIES):
            # the first two runs add documents; the rest re-read all of them, so they write for a whole run
            # and the kill lands inside a replace-in-place write (or an add of what is still missing)
            proc, started = _start(f"sqlite:///{db}", corpus, reread=run >= 2)
            time.sleep(rng.uniform(0.02, 0.9) * duration)
            if proc.is_alive():
                os.kill(proc.pid, signal.SIGKILL)
                killed_mid_run += 1
            proc.join(60)
            counts = crashkit.check_consistency(db)  # after every kill: the invariants hold
            progress[-1].append(counts["documents"])
        # re-running the same ingest completes the set, with nothing twice
        proc, _ = _start(f"sqlite:///{db}", corpus)
        proc.join(120)
        assert proc.exitcode == 0
        assert crashkit.check_consistency(db) == {"documents": want_docs, "claims": want_claims}, progress
        con_a, con_b = sqlite3.connect(ref), sqlite3.connect(db)
        try:
            query = "SELECT id, doc_id, start, \"end\" FROM claims ORDER BY id"
            assert con_a.execute(query).fetchall() == con_b.execute(query).fetchall()
        finally:
            con_a.close()
            con_b.close()
    assert killed_mid_run >= KILL_RUNS // 2, f"only {killed_mid_run} runs were killed before they finished"
    print(f"{killed_mid_run} of {KILL_RUNS} runs killed mid-run; documents stored after each kill: {progress}")


def _reader_child(db_url: str, done: Any, out: Any) -> None:
    """Read through the Store API, as the web UI does, until the writer is done."""
    queries, errors, seen = 0, [], set()
    store = Store.open(db_url)
    try:
        while not done.is_set() or queries < 5:
            try:
                stats = store.stats()
                seen.add(stats["documents"])
                store.documents()
                store.search("cargo officials", limit=5)
                queries += 1
            except Exception as err:  # any error is the failure under test, reported not raised
                errors.append(f"{type(err).__name__}: {err}"[:200])
    finally:
        store.close()
        out.put((queries, errors, sorted(seen)))


def test_reader_reads_while_ingest_writes(tmp_path: Path) -> None:
    corpus = crashkit.write_corpus(tmp_path / "in", documents=100, sentences=20)
    db = tmp_path / "live.db"
    url = f"sqlite:///{db}"
    Store.open(url).close()  # create the schema first, as `claimgraph` does before any reader exists
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()
    done, out = ctx.Event(), ctx.Queue()
    reader = ctx.Process(target=_reader_child, args=(url, done, out))
    reader.start()
    writer, _ = _start(url, corpus)
    writer.join(120)
    second, _ = _start(url, corpus, reread=True)  # a second pass rewrites every document in place
    second.join(120)
    done.set()
    queries, errors, seen = out.get(timeout=60)
    reader.join(30)
    assert writer.exitcode == 0 and second.exitcode == 0
    assert errors == [], errors[:3]
    assert queries >= 5 and len(seen) >= 3, (queries, seen)  # the reads really overlapped the writes
    print(f"reader: {queries} rounds, document counts seen {seen[:3]}…{seen[-1]}, no errors")
    assert crashkit.check_consistency(db) == {"documents": 100, "claims": 2000}


def test_web_ui_serves_pages_while_ingest_writes(tmp_path: Path) -> None:
    """The web UI's pages answer 200, with no "database is locked", while an ingest writes and then
    rewrites every document (SQLite WAL; the app reads through its own connection)."""
    from fastapi.testclient import TestClient

    from claimgraph.present.web import create_app

    corpus = crashkit.write_corpus(tmp_path / "in", documents=100, sentences=20)
    db = tmp_path / "web-live.db"
    url = f"sqlite:///{db}"
    Store.open(url).close()
    client = TestClient(create_app(url))
    client.get("/")  # the first page builds templates and caches: before the clock, not during the writes
    writer, _ = _start(url, corpus)
    second = None
    rounds, during, failures, counts = 0, 0, [], set()
    paths = ["/", "/docs", "/search?q=cargo+officials", "/timeline", "/alerts", "/groups"]
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        if second is None and writer.exitcode is not None:
            second, _ = _start(url, corpus, reread=True)
        if second is not None and second.exitcode is not None and rounds >= 5:
            break
        busy = writer.exitcode is None or (second is not None and second.exitcode is None)
        docs = re.findall(r'href="/docs/([^"#?]+)"', client.get("/docs").text)
        counts.add(len(docs))
        for path in paths + ([f"/docs/{docs[0]}"] if docs else []):
            r = client.get(path)
            if r.status_code != 200:
                failures.append(f"{path}: {r.status_code} {r.text[:200]}")
        rounds += 1
        during += busy and (writer.exitcode is None or (second is not None and second.exitcode is None))
    writer.join(30)
    if second is not None:
        second.join(30)
    assert writer.exitcode == 0 and second is not None and second.exitcode == 0
    assert failures == [], failures[:3]
    assert during >= 3, (rounds, during, sorted(counts))  # whole rounds of pages ran while a writer wrote
    print(f"web: {rounds} rounds of {len(paths) + 1} pages, {during} of them while an ingest wrote, "
          f"document links seen {sorted(counts)[:4]}…, all 200")
    assert crashkit.check_consistency(db) == {"documents": 100, "claims": 2000}
