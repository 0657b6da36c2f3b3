"""The command line end to end: demo, ingest with bad input, search, export."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from claimgraph.present.cli import app

runner = CliRunner()


def test_help_teaches_the_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("ingest", "search", "export", "report", "demo"):
        assert command in result.output


def test_demo_writes_exports_and_summary(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    result = runner.invoke(app, ["--db", db, "demo", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    export = json.loads((tmp_path / "out" / "export.json").read_text())
    assert len(export["documents"]) == 11 and len(export["claims"]) > 50
    rows = list(csv.DictReader((tmp_path / "out" / "claims.csv").open()))
    assert len(rows) == len(export["claims"])
    assert "documents" in (tmp_path / "out" / "summary.md").read_text()
    # idempotent: a second run adds nothing
    again = runner.invoke(app, ["--db", db, "demo", "--out", str(tmp_path / "out")])
    assert "0 new" in again.output
    hits = runner.invoke(app, ["--db", db, "search", "Kestrel developers"])
    assert hits.exit_code == 0 and "Kestrel" in hits.output


def test_bad_input_is_reported_and_good_input_kept(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "empty.txt").write_text("")
    (inbox / "blob.txt").write_bytes(bytes(range(256)) * 4)
    (inbox / "dump.jsonl").write_text(
        '{"id": "a", "text": "The ministry said on Monday that 40 workers had left for Russia."}\n'
        "this is not json\n"
        '{"id": "b", "title": "no text here"}\n'
        '{"id": "c", "text": "Officials confirmed that the ship docked in Nampo on Friday."}\n')
    db = f"sqlite:///{tmp_path / 'case.db'}"
    result = runner.invoke(app, ["--db", db, "ingest", str(inbox)])
    assert result.exit_code == 0, result.output
    assert "read 2 documents" in result.output and "4 problems" in result.output
    assert "empty file" in result.output and "not valid JSON" in result.output and "no text" in result.output
    assert "binary" in result.output
    out = tmp_path / "x.json"
    assert runner.invoke(app, ["--db", db, "export", "-o", str(out)]).exit_code == 0
    assert {d["external_id"] for d in json.loads(out.read_text())["documents"]} == {"a", "c"}


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--db", f"sqlite:///{tmp_path / 'c.db'}", "ingest", str(tmp_path / "nope")])
    assert result.exit_code != 0 and "no such file" in result.output
