"""A generated corpus of broken inputs, written into a temporary folder at test time (nothing big is
committed). Each case says how many documents and how many problems it must give, so a test can
ingest the whole folder and count.

Also usable by hand: `python tests/badinput.py OUTDIR` writes the corpus there.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

#: Plain English news sentences (written for these tests), so every good item has readable text.
GOOD = [
    "Customs officials in Dandong said on Tuesday that about 200 workers crossed the border last week.",
    "The ministry denied reports that a tanker had transferred fuel at sea in March, a spokesman said.",
    "Satellite images showed two vessels moored side by side near the port, according to analysts.",
    "A regional broadcaster reported that more than 1,000 barrels of oil were delivered in April 2024.",
    "Police said the suspects were detained on Monday and questioned about the shipments.",
]
HUGE_BYTES = 50 * 1000 * 1000


@dataclass
class Case:
    """One generated file and the outcome it must have: `docs` documents and `problems` problems."""

    name: str
    data: bytes
    docs: int
    problems: int
    why: str


def _good(i: int) -> str:
    return GOOD[i % len(GOOD)] + f" Report number {i}."


def _jsonl(lines: list[object | str]) -> bytes:
    """Lines given as objects are JSON-encoded (allowing NaN/Infinity); strings are written as they are."""
    out = [line if isinstance(line, str) else json.dumps(line) for line in lines]
    return ("\n".join(out) + "\n").encode("utf-8")


def huge_line(size: int = HUGE_BYTES, seed: int = 0) -> bytes:
    """About `size` bytes of words on a single line (no newline at all)."""
    rng = random.Random(seed)
    words = " ".join(rng.choice(GOOD).split()[rng.randrange(8)] for _ in range(4096)).encode() + b" "
    reps = size // len(words) + 1
    return (words * reps)[:size]


def cases(huge: bool = True) -> list[Case]:
    """All cases; `huge=False` leaves out the 50 MB file for quick runs."""
    rng = random.Random(1234)
    binary = b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(8192)) + b"\x00\x00"
    out = [
        Case("empty.txt", b"", 0, 1, "empty file"),
        Case("blank.md", b" \n\t \n", 0, 1, "only whitespace"),
        Case("photo.html", binary, 0, 1, "binary pasted into an .html"),
        Case("photo.jsonl", binary, 0, 1, "binary pasted into a .jsonl"),
        Case("nested.html", ("<html><body>" + "<div>" * 100_000 + f"<p>{_good(1)}</p>" + "</div>" * 100_000
                             + "</body></html>").encode(), 1, 0, "100,000 nested divs"),
        Case("unclosed.html", ("<html><body>" + "<div><span><b>" * 20_000 + f"<p>{_good(2)}").encode(), 1, 0,
             "60,000 unclosed tags"),
        Case("truncated.html", f"<html><head><title>T</title><body><p>{_good(3)}<p>cut <b>mid".encode(), 1, 0,
             "cut off mid-tag"),
        Case("furniture-only.html", b"<html><head><script>var a='<p>x</p>';</script><style>p{}</style></head>"
             b"<body><!-- <p>hidden</p> --><nav><a href=/>&nbsp;</a></nav><",
             0, 1, "no article text"),
        Case("latin1.txt", ("Café owners in Genève said " + _good(4)).encode("latin-1"), 1, 0,
             "invalid UTF-8 (latin-1 bytes)"),
        Case("utf16.txt", "\ufeff".encode("utf-16-le") + _good(5).encode("utf-16-le"), 1, 0, "UTF-16 with BOM"),
        Case("mixed-encodings.txt", _good(6).encode("utf-8") + " Señor ".encode()
             + " Zürich ".encode("cp1252") + _good(7).encode(), 1, 0, "UTF-8 and cp1252 in one file"),
        Case("rtl-zero-width.md", ("\u202e" + _good(8) + " \u200b\u200d\u2060\ufeff\u00ad "
                                   + "قال المتحدث \u200f שלום \u200e" + "\x07\x1b[31m" + _good(9)).encode(),
             1, 0, "RTL, bidi overrides, zero-width and control characters"),
        Case("bad-front-matter.md", f"---\npublished: 2022-02-30\ndate: 32/13/2022\ntitle: [unclosed\n---\n{_good(10)}"
             .encode(), 1, 0, "invalid YAML and impossible dates in front matter"),
        Case("bad-date.md", f"---\npublished: 2022-02-30\ntitle: Dates\n---\n{_good(11)}".encode(), 1, 0,
             "impossible date that YAML would parse as a timestamp"),
        Case("alias-bomb.md", ("---\n" + "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
                               + "".join(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n"
                                         for i in range(1, 9))
                               + f"---\n{_good(12)}").encode(), 1, 0, "YAML alias bomb in front matter"),
        Case("wrong-types.jsonl", _jsonl([
            {"id": "ok-1", "text": _good(13)},
            {"id": "num", "text": 12345},
            {"id": "list", "text": ["a", "b"]},
            {"id": "null", "text": None},
            {"id": "obj", "maintext": {"body": _good(14)}},
            {"id": "ok-2", "text": _good(15), "date_publish": {"year": 2022}, "title": 7, "url": ["x"]},
            {"id": "ok-3", "text": _good(16), "published": "32/13/2022", "outlet": None},
            '{"id": "ok-4", "text": "' + _good(17) + '", "published": 1e400, "language": NaN}',
            '{"id": "ok-5", "text": "' + _good(18) + '", "published": -Infinity, "count": Infinity}',
            {"id": {"nested": True}, "text": _good(19), "published": [2022, 1, 1]},
            "[1, 2, 3]",
            "\"just a string\"",
            "{\"id\": \"cut\", \"text\": \"unterminated",
            "[" * 100_000 + "]" * 100_000,
            {"id": "ok-6", "maintext": _good(20) + " Numbers: 1e400, NaN, inf, -0, 10**100."},
        ]), 7, 8, "JSONL with wrong types, NaN/inf, broken and deeply nested lines"),
        Case("deep.json", ("[" * 200_000 + "]" * 200_000).encode(), 0, 1, "JSON nested 200,000 deep"),
        Case("ragged.csv", (
            "id,text,published,outlet\n"
            f'1,"{_good(21)}",2024-04-25,Wire\n'
            "2,short row\n"
            f'3,"{_good(22)}",32/13/2022,Wire,extra,fields\n'
            f'4,"{_good(23)}",1e400,Wire\n'
            "\n"
            f'5,"{_good(24)}",NaN,\n'
            f'6,"{_good(25)}",inf,"Wire ""quoted"""\n'
        ).encode(), 4, 2, "ragged rows, impossible dates and numbers"),
    ]
    if huge:
        out.append(Case("huge-single-line.txt", huge_line(), 1, 0, "50 MB on one line: truncated, flagged"))
    return out


def write(folder: Path, huge: bool = True) -> list[Case]:
    """Write every case into `folder`; returns the cases written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = cases(huge)
    for case in written:
        (folder / case.name).write_bytes(case.data)
    return written


if __name__ == "__main__":
    for c in write(Path(sys.argv[1] if len(sys.argv) > 1 else "badinput")):
        print(f"{c.name}: {len(c.data)} bytes, {c.docs} documents, {c.problems} problems ({c.why})")
