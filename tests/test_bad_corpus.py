"""The generated bad-input corpus (tests/badinput.py): every reader survives every case, each bad item
gets exactly one one-line reason, and every good item around it reaches the store."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from badinput import Case, cases, write
from claimgraph.ingest import read_paths
from claimgraph.model import Document, Problem
from claimgraph.pipeline import ingest
from claimgraph.store.db import Store

#: Characters clean_text promises never reach Document.text (controls other than \n and \t, zero-width).
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def check_items(items: list[Document | Problem]) -> tuple[list[Document], list[Problem]]:
    """Split reader output, asserting the shape every reader promises."""
    docs = [i for i in items if isinstance(i, Document)]
    problems = [i for i in items if isinstance(i, Problem)]
    assert len(docs) + len(problems) == len(items)
    for p in problems:
        assert p.source and p.reason and p.reason == " ".join(p.reason.split()), p
        assert len(p.reason) <= 400, p
    for d in docs:
        assert d.text.strip() and not _FORBIDDEN.search(d.text), d.source
        assert d.published is None or re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", d.published), d.published
    return docs, problems


@pytest.mark.parametrize("case", cases(huge=False), ids=lambda c: c.name)
def test_each_case_gives_its_documents_and_problems(case: Case, tmp_path: Path) -> None:
    path = tmp_path / case.name
    path.write_bytes(case.data)
    docs, problems = check_items(list(read_paths([path])))
    assert (len(docs), len(problems)) == (case.docs, case.problems), [p.reason for p in problems]


def test_impossible_dates_and_numbers_are_unknown_not_guessed(tmp_path: Path) -> None:
    by_id = {}
    for name in ("wrong-types.jsonl", "ragged.csv"):
        case = next(c for c in cases(huge=False) if c.name == name)
        (tmp_path / name).write_bytes(case.data)
        for item in read_paths([tmp_path / name]):
            if isinstance(item, Document):
                by_id[item.external_id] = item
    assert by_id["1"].published == "2024-04-25"  # the good date in the same file is kept
    for key in ("ok-2", "ok-3", "ok-4", "ok-5", "3", "4", "5", "6"):
        if key in by_id:
            assert by_id[key].published is None, (key, by_id[key].published)
    assert by_id["ok-4"].language == "en"  # NaN language ignored, detected instead


def test_whole_corpus_ingests_into_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """All cases in one folder, 50 MB single line included, through the real pipeline into SQLite.

    The document limit is lowered so the NLP stage parses 20,000 characters of the huge file rather
    than 5 MB (the limit itself is what is under test here, not spaCy's speed).
    """
    monkeypatch.setenv("CLAIMGRAPH_MAX_DOC_CHARS", "20000")
    written = write(tmp_path / "corpus")
    want_docs = sum(c.docs for c in written)
    want_problems = sum(c.problems for c in written)
    db = f"sqlite:///{tmp_path / 'bad.db'}"
    with Store.open(db) as store:
        report = ingest(store, [str(tmp_path / "corpus")])
        assert (report.new, len(report.problems)) == (want_docs, want_problems), [
            (p.source, p.reason) for p in report.problems]
        stats = store.stats()
        assert (stats["documents"], stats["problems"]) == (want_docs, want_problems)
        for p in store.problems():
            assert "\n" not in p.reason and p.reason.strip(), p
        docs = store.documents()
        per_file: dict[str, int] = {}
        for d in docs:
            per_file[Path(d.meta["path"]).name] = per_file.get(Path(d.meta["path"]).name, 0) + 1
        assert per_file == {c.name: c.docs for c in written if c.docs}
        huge = next(d for d in docs if d.meta["path"].endswith("huge-single-line.txt"))
        assert huge.meta["truncated"]["chars"] >= 49_000_000 and len(huge.text) <= 20_000
        # every stored claim points into its own document's text
        texts = {d.id: d.text for d in docs}
        for c in store.claims():
            assert 0 <= c.start <= c.end <= len(texts[c.doc_id])
        again = ingest(store, [str(tmp_path / "corpus")])
        assert again.new == 0 and store.stats()["documents"] == want_docs
