"""End to end on the seeds, the development set and the demo corpus, scored by the shared scorer.

Fails below the foundation issue's bar: fact_recall ≥ 0.95, every per-fact slot ≥ 0.80,
fact_fully_correct ≥ 0.60 — on every set separately. Linking (after `build`): no false conflicts and no
false alerts anywhere; on the seeds both gold conflicts with the right reason, origins_correct = 1 and
alert_recall = 1, group precision and recall ≥ 0.9 (the linking issue's bar), and the same bar, metric by
metric, on each development set (a gap would be a strict xfail in DEV_GAPS naming it; none is open).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from claimgraph.link.build import build
from claimgraph.pipeline import ingest
from claimgraph.present.export import write_json
from claimgraph.store.db import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EVAL = SHARED / "eval"
SLOTS = ("cameo", "actor", "target", "place", "when", "quantity", "said_by", "via", "modality", "quote")
BAR = {"fact_recall": 0.95, "fact_fully_correct": 0.60, **{f"slot_{s}": 0.80 for s in SLOTS}}
LINK_BAR = {"seeds": {"group_recall": 0.9, "group_precision": 0.9, "conflict_recall": 1.0,
                      "conflict_reason_correct": 1.0, "origins_correct": 1.0, "alert_recall": 1.0},
            "dev-workers": {"group_precision": 1.0, "group_recall": 0.9, "conflict_recall": 1.0, "alert_recall": 1.0},
            "dev-oiltransfer": {"group_precision": 1.0, "group_recall": 0.9, "conflict_recall": 1.0,
                                "alert_recall": 1.0}}

SETS = {
    "seeds": (EVAL / "seeds-gold.yaml", SHARED / "seeds" / "seeds.jsonl", SHARED / "seeds" / "seeds.jsonl"),
    "dev-workers": (EVAL / "dev" / "workers-gold.yaml", EVAL / "dev" / "workers.jsonl", EVAL / "dev" / "workers.jsonl"),
    "dev-oiltransfer": (EVAL / "dev" / "oiltransfer-gold.yaml", EVAL / "dev" / "oiltransfer.jsonl",
                        EVAL / "dev" / "oiltransfer.jsonl"),
    "demo": (ROOT / "tests" / "data" / "demo-gold.yaml", ROOT / "tests" / "data" / "demo-docs.jsonl",
             ROOT / "src" / "claimgraph" / "data" / "demo"),
}


def _need(path: Path) -> None:
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing on CI")
        pytest.skip(f"{path} not present (the shared folder sits beside the repository)")


_SCORED: dict[str, tuple[dict, str]] = {}


def _scored(name: str, tmp_path: Path) -> tuple[dict, str]:
    """Ingest, build and score one set (once per session)."""
    if name not in _SCORED:
        gold, docs, inputs = SETS[name]
        for p in (gold, docs, inputs, EVAL / "score.py"):
            _need(p)
        store = Store.open(f"sqlite:///{tmp_path / 'case.db'}")
        report = ingest(store, [str(inputs)])
        assert report.problems == [] and report.new > 0
        build(store, embeddings=False)
        export = tmp_path / "export.json"
        write_json(store, export)
        result = subprocess.run(
            [sys.executable, str(EVAL / "score.py"), "--gold", str(gold), "--docs", str(docs), "--export",
             str(export), "--json", str(tmp_path / "report.json")], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr[-3000:]
        metrics = json.loads((tmp_path / "report.json").read_text())["metrics"]
        assert metrics["documents_matched"] == len(docs.read_text().strip().splitlines())
        _SCORED[name] = (metrics, result.stdout[-3000:])
    return _SCORED[name]


@pytest.mark.parametrize("name", list(SETS))
def test_scores_meet_the_bar(name: str, tmp_path: Path) -> None:
    metrics, out = _scored(name, tmp_path)
    # a slot no gold fact of this set annotates is None: nothing to measure there
    below = {k: metrics[k] for k, bar in BAR.items() if metrics[k] is not None and metrics[k] < bar}
    assert not below, f"{name}: below the bar {below}\n{out}"


@pytest.mark.parametrize("name", list(SETS))
def test_linking_meets_its_bar(name: str, tmp_path: Path) -> None:
    metrics, out = _scored(name, tmp_path)
    assert metrics["false_conflicts"] == 0 and metrics["false_alerts"] == 0, out
    below = {k: metrics[k] for k, bar in LINK_BAR.get(name, {}).items() if metrics[k] is None or metrics[k] < bar}
    assert not below, f"{name}: below the linking bar {below}\n{out}"


# The linking issue's bars for the seeds hold for the dev sets too. Where a dev set does not meet one yet, the
# case is a strict xfail that names the gap (it turns into a failure the day the gap closes, so the mark goes).
DEV_GAPS: dict[tuple[str, str], str] = {}  # none open now


def _issue_cases() -> list[Any]:
    out = []
    for name in ("dev-workers", "dev-oiltransfer"):
        for metric in LINK_BAR["seeds"]:
            gap = DEV_GAPS.get((name, metric))
            marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap else []
            out.append(pytest.param(name, metric, id=f"{name}-{metric}", marks=marks))
    return out


@pytest.mark.parametrize(("name", "metric"), _issue_cases())
def test_dev_meets_the_issue_bar(name: str, metric: str, tmp_path: Path) -> None:
    metrics, out = _scored(name, tmp_path)
    assert metrics[metric] is not None and metrics[metric] >= LINK_BAR["seeds"][metric], f"{metric}\n{out}"


def _score(url: str, inputs: Path, gold: Path, docs: Path, tmp: Path) -> dict:
    with Store.open(url) as store:
        assert ingest(store, [str(inputs)]).new > 0
        build(store, embeddings=False)  # groups, conflicts and alerts are scored too
        write_json(store, tmp / "export.json")
    result = subprocess.run(
        [sys.executable, str(EVAL / "score.py"), "--gold", str(gold), "--docs", str(docs), "--export",
         str(tmp / "export.json"), "--json", str(tmp / "report.json")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads((tmp / "report.json").read_text())["metrics"]


def test_seeds_score_the_same_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    """The store is the only thing that differs: every metric must come out identical."""
    gold, docs, inputs = SETS["seeds"]
    for p in (gold, docs, inputs, EVAL / "score.py"):
        _need(p)
    (tmp_path / "sqlite").mkdir()
    (tmp_path / "pg").mkdir()
    on_sqlite = _score(f"sqlite:///{tmp_path / 'case.db'}", inputs, gold, docs, tmp_path / "sqlite")
    on_pg = _score(pg_url, inputs, gold, docs, tmp_path / "pg")
    assert on_sqlite["fact_recall"] > 0 and on_sqlite["group_precision"] is not None
    assert on_pg == on_sqlite
