"""Coverage-guided fuzzing of the JSONL and JSON readers with atheris (libFuzzer).

    python fuzz/fuzz_jsonl.py -runs=2000 [CORPUS_DIR]

Bytes are decoded and cleaned as a file on disk would be, then read as JSON Lines (every non-blank
line must give exactly one Document or Problem) and as one JSON file.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

with atheris.instrument_imports(include=["claimgraph", "_common"]):
    from _common import check
    from claimgraph.ingest.decode import DecodeError, clean_text, decode_bytes
    from claimgraph.ingest.jsonl import read_json, read_jsonl

JSONL, JSON = Path("fuzz.jsonl"), Path("fuzz.json")


def target(data: bytes) -> None:
    try:
        text = clean_text(decode_bytes(data))
    except DecodeError:
        return
    items = list(read_jsonl(text, JSONL))
    check(items)
    assert len(items) == sum(1 for line in text.split("\n") if line.strip()), "one item per non-blank line"
    check(list(read_json(text, JSON)))


def main() -> None:
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
