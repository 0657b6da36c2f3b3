"""Limits: documents truncated and flagged, claims capped, oversized files refused, and peak memory
bounded on 50 MB inputs (measured in a fresh subprocess with resource.getrusage)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from badinput import huge_line
from claimgraph.ingest import read_paths
from claimgraph.ingest.limits import limits, truncate_text
from claimgraph.model import Claim, Document, Reading
from claimgraph.pipeline import cap_claims

#: Stated bound on peak RSS (MB) for reading and storing one 50 MB input with the default limits.
RSS_BOUND_MB = 400
#: Stated bound on peak RSS (MB) for `claimgraph ingest` of the 50 MB text end to end (spaCy loaded),
#: with the document limit at 50,000 characters so the parse stays quick in CI.
CLI_RSS_BOUND_MB = 600
MB = 1000 * 1000


def test_defaults_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert limits().max_text_chars == 1_000_000 and limits().max_claims == 2000
    monkeypatch.setenv("CLAIMGRAPH_MAX_DOC_CHARS", "1234")
    monkeypatch.setenv("CLAIMGRAPH_MAX_CLAIMS", "-5")  # not positive: ignored
    monkeypatch.setenv("CLAIMGRAPH_FETCH_TIMEOUT", "2.5")
    monkeypatch.setenv("CLAIMGRAPH_MAX_FILE_BYTES", "lots")  # not a number: ignored
    got = limits()
    assert (got.max_text_chars, got.max_claims, got.fetch_timeout_s, got.max_file_bytes) == (
        1234, 2000, 2.5, 64 * 1024 * 1024)


def test_truncate_text_cuts_at_a_word() -> None:
    text = "alpha beta gamma " * 100
    cut, flagged = truncate_text(text, 50)
    assert flagged and len(cut) <= 50 and text.startswith(cut) and not cut.endswith(("alph", " "))
    assert truncate_text("short", 50) == ("short", False)
    assert truncate_text("x" * 100, 10) == ("x" * 10, True)  # no space at all: a hard cut


def test_long_document_is_truncated_and_flagged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMGRAPH_MAX_DOC_CHARS", "5000")
    body = "Officials said the ship left port on Monday. " * 1000
    (tmp_path / "long.txt").write_text(body, encoding="utf-8")
    (tmp_path / "dump.jsonl").write_text(json.dumps({"text": body}) + "\n", encoding="utf-8")
    docs = list(read_paths([tmp_path]))
    assert len(docs) == 2 and all(isinstance(d, Document) for d in docs)
    for d in docs:
        assert len(d.text) <= 5000 and d.meta["truncated"] == {"chars": len(body.strip()), "kept": len(d.text)}


def test_file_over_the_size_limit_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMGRAPH_MAX_FILE_BYTES", "1000")
    (tmp_path / "big.txt").write_text("word " * 1000, encoding="utf-8")
    (tmp_path / "small.txt").write_text("Officials said the ship left port on Monday.", encoding="utf-8")
    out = list(read_paths([tmp_path]))
    assert [type(o).__name__ for o in out] == ["Problem", "Document"]
    assert out[0].reason == "file too large (5000 bytes; the limit is 1000, CLAIMGRAPH_MAX_FILE_BYTES)"


def test_claims_per_document_are_capped() -> None:
    doc = Document.from_text("x")
    claims = [Claim(id=f"c{i}", doc_id=doc.id, text="x", start=0, end=1) for i in range(10)]
    reading = cap_claims(Reading(doc, claims=list(claims)), 4)
    assert [c.id for c in reading.claims] == ["c0", "c1", "c2", "c3"]
    assert doc.meta["claims_truncated"] == {"found": 10, "kept": 4}
    assert cap_claims(Reading(Document.from_text("y"), claims=claims[:3]), 4).document.meta == {}


#: Peak RSS of this process in MB: VmHWM, which starts afresh at exec (ru_maxrss would carry over the
#: pytest parent's peak from the fork), else ru_maxrss where /proc is missing.
_PEAK = """
def peak_mb():
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
"""

_MEASURE = _PEAK + textwrap.dedent("""
    import json, sys
    from claimgraph.ingest import read_paths
    from claimgraph.model import Document, Reading
    from claimgraph.store.db import Store
    store = Store.open(sys.argv[2])
    base = peak_mb()
    docs = 0
    for item in read_paths([sys.argv[1]]):
        if isinstance(item, Document):
            store.save_reading(Reading(item))
            docs += 1
    peak = peak_mb()
    stored = store.documents()
    print(json.dumps({"base": base, "peak": peak, "docs": docs, "chars": [len(d.text) for d in stored],
                      "meta": [d.meta for d in stored]}))
""")


def _inputs(folder: Path) -> dict[str, Path]:
    """Three 50 MB inputs: one line of text, one oversized HTML page, one JSONL record."""
    line = huge_line(50 * MB)
    folder.mkdir(exist_ok=True)
    (folder / "line.txt").write_bytes(line)
    para = b"<div class=x><p>" + line[:400] + b"</p></div>\n"
    (folder / "page.html").write_bytes(b"<html><body>" + para * (50 * MB // len(para)) + b"</body></html>")
    (folder / "record.jsonl").write_bytes(b'{"id": "big", "text": "' + line[: 50 * MB - 40] + b'"}\n')
    return {p.name: p for p in folder.iterdir()}


@pytest.mark.parametrize("name", ["line.txt", "page.html", "record.jsonl"])
def test_peak_memory_is_bounded_on_a_50_mb_input(name: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.getbasetemp() / "huge-inputs"
    path = _inputs(folder)[name] if not (folder / name).exists() else folder / name
    assert path.stat().st_size >= 49 * MB
    db = f"sqlite:///{tmp_path_factory.mktemp('rss')}/rss.db"
    run = subprocess.run([sys.executable, "-c", _MEASURE, str(path), db], capture_output=True, text=True,
                         timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    got = json.loads(run.stdout.strip().splitlines()[-1])
    print(f"{name}: base {got['base']} MB, peak {got['peak']} MB, kept {got['chars']} chars")
    assert got["docs"] == 1 and got["chars"][0] <= 1_000_000 and "truncated" in got["meta"][0]
    assert got["peak"] < RSS_BOUND_MB, got


def test_cli_ingest_of_a_50_mb_input_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "line.txt"
    path.write_bytes(huge_line(50 * MB))
    script = _PEAK + textwrap.dedent("""
        import sys
        from claimgraph.present.cli import app
        code = app(["--db", sys.argv[2], "ingest", sys.argv[1]], standalone_mode=False)
        print("PEAK", peak_mb(), "EXIT", code)
    """)
    env = {**__import__("os").environ, "CLAIMGRAPH_MAX_DOC_CHARS": "50000"}
    run = subprocess.run([sys.executable, "-c", script, str(path), f"sqlite:///{tmp_path / 'cli.db'}"],
                         capture_output=True, text=True, timeout=300, env=env, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    words = run.stdout.split()
    peak = int(words[words.index("PEAK") + 1])
    print(f"claimgraph ingest, 50 MB line: peak {peak} MB")
    assert "1 new" in run.stderr and peak < CLI_RSS_BOUND_MB, (peak, run.stderr[-500:])
