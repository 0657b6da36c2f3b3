"""Bad input: each broken item gives exactly one one-line Problem and nothing good around it is lost."""

from __future__ import annotations

import json
import random
from pathlib import Path

from claimgraph.ingest import read_paths
from claimgraph.model import Document, Problem

BODY = (
    "Satellite images show a Palau-flagged tanker pumping refined petroleum into a North Korean-flagged "
    "vessel in the East China Sea on Wednesday, according to researchers who studied the images."
)


def split(paths: list[Path]) -> tuple[list[Document], list[Problem]]:
    """Documents and Problems, checking every reason is one line."""
    out = list(read_paths(paths))
    documents = [d for d in out if isinstance(d, Document)]
    problems = [p for p in out if isinstance(p, Problem)]
    assert len(documents) + len(problems) == len(out)
    for p in problems:
        assert p.reason and "\n" not in p.reason and "\r" not in p.reason, p
    return documents, problems


def one_problem(path: Path) -> Problem:
    documents, problems = split([path])
    assert not documents and len(problems) == 1, problems
    return problems[0]


def test_empty_and_whitespace_files(tmp_path: Path) -> None:
    empty, blank = tmp_path / "empty.txt", tmp_path / "blank.jsonl"
    empty.write_bytes(b"")
    blank.write_text(" \n\t\n", encoding="utf-8")
    assert one_problem(empty) == Problem(str(empty), "empty file")
    assert one_problem(blank) == Problem(str(blank), "empty file")


def test_binary_file(tmp_path: Path) -> None:
    f = tmp_path / "photo.txt"
    rng = random.Random(0)
    f.write_bytes(bytes(rng.randrange(256) for _ in range(4096)) + b"\x00\x00")
    p = one_problem(f)
    assert p.source == str(f) and p.reason.startswith("binary or undecodable content (")


def test_broken_html_is_recovered_or_reported(tmp_path: Path) -> None:
    truncated = tmp_path / "truncated.html"
    truncated.write_text(f"<html><head><title>Tanker<body><div><p>{BODY}<p>Second <b>para <i>cut", "utf-8")
    nothing = tmp_path / "nothing.html"
    nothing.write_text("<html><head><script>var x = '<p>';</script></head><body><nav>Home</nav><", "utf-8")
    documents, problems = split([truncated, nothing])
    assert len(documents) == 1 and "Palau-flagged tanker" in documents[0].text
    assert problems == [Problem(str(nothing), "no article text found in HTML")]


def test_jsonl_bad_line_between_good_ones(tmp_path: Path) -> None:
    f = tmp_path / "dump.jsonl"
    good_a, good_b = json.dumps({"id": "a", "text": BODY}), json.dumps({"id": "b", "maintext": BODY})
    f.write_text(f"{good_a}\n{{not json\n{good_b}\n", encoding="utf-8")
    documents, problems = split([f])
    assert [d.external_id for d in documents] == ["a", "b"]
    assert len(problems) == 1 and problems[0].source == f"{f}:line 2"
    assert problems[0].reason.startswith("line 2: not valid JSON (")


def test_records_without_text(tmp_path: Path) -> None:
    f = tmp_path / "dump.jsonl"
    lines = [{"id": "no-text", "title": "T"}, {"text": ""}, {"maintext": 42}, ["a", "list"],
             {"id": "ok", "maintext": BODY}]
    f.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    documents, problems = split([f])
    assert [d.external_id for d in documents] == ["ok"]
    assert [p.reason for p in problems] == [
        f"line {n}: record has no text field (maintext/text)" for n in (1, 2, 3, 4)
    ]


def test_wrong_types_in_other_fields_are_tolerated(tmp_path: Path) -> None:
    f = tmp_path / "dump.jsonl"
    rec = {"id": {"nested": 1}, "maintext": BODY, "title": ["x"], "date_publish": 1e400, "url": None,
           "language": 5, "outlet": True}
    f.write_text(json.dumps(rec).replace("1e+400", "1e400") + "\n", encoding="utf-8")
    [d], problems = split([f])
    assert not problems
    assert d.external_id is None and d.title is None and d.published is None and d.url is None
    assert d.language == "en"


def test_legacy_encodings_decode(tmp_path: Path) -> None:
    ru = "Северная Корея направила около 400 рабочих на рыбоперерабатывающие заводы в Китае, сообщил сайт."
    de = "Nordkorea schickt Arbeiter über die Grenze: Größere Gruppen wurden nach Dandong gebracht."
    (tmp_path / "ru.txt").write_bytes(ru.encode("cp1251"))
    (tmp_path / "de.txt").write_bytes(de.encode("latin-1"))
    documents, problems = split([tmp_path])
    assert not problems
    assert [d.text for d in documents] == [de, ru]
    assert [d.language for d in documents] == ["de", "ru"]


def test_unsupported_extension(tmp_path: Path) -> None:
    (tmp_path / "notes.xyz").write_text(BODY, encoding="utf-8")
    (tmp_path / "ok.txt").write_text(BODY, encoding="utf-8")
    documents, problems = split([tmp_path])
    assert len(documents) == 1
    assert problems == [Problem(str(tmp_path / "notes.xyz"), "unsupported file type .xyz")]


def test_ragged_csv_row(tmp_path: Path) -> None:
    f = tmp_path / "dump.csv"
    f.write_text(f'id,text,outlet\n1,"{BODY}",Wire\n2,too,many,fields\n3,"{BODY} Three.",Wire\n', "utf-8")
    documents, problems = split([f])
    assert [d.external_id for d in documents] == ["1", "3"]
    assert problems == [Problem(f"{f}:row 3", "row 3: expected 3 fields, found 4")]


def test_csv_without_text_column(tmp_path: Path) -> None:
    f = tmp_path / "dump.csv"
    f.write_text("id,body\n1,hello\n", encoding="utf-8")
    assert one_problem(f).reason == "CSV header has no text column (maintext/text)"


def test_missing_path(tmp_path: Path) -> None:
    assert one_problem(tmp_path / "nope.txt").reason == "no such file or directory"


def test_bidi_overrides_are_dropped_from_one_line_fields_but_kept_in_the_body() -> None:
    from claimgraph.ingest.decode import clean_inline, clean_text

    spoof = "Daily \u202eeciffo\u202c Wire \u2067x\u2069"
    assert clean_inline(spoof) == "Daily eciffo Wire x"
    # a body keeps them (claim offsets point into it) and Arabic or Hebrew letters are never touched
    assert clean_text(spoof) == spoof
    assert clean_inline("مرحبا שלום") == "مرحبا שלום"
