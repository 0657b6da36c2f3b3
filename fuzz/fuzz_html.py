"""Coverage-guided fuzzing of the HTML reader with atheris (libFuzzer).

    python fuzz/fuzz_html.py -runs=2000 [CORPUS_DIR]

Bytes go through the same decoding and cleaning as a file on disk, then read_html. Any exception that
escapes, or output that breaks the reader contract (fuzz/_common.py), is a crash.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

with atheris.instrument_imports(include=["claimgraph", "_common"]):
    from _common import check
    from claimgraph.ingest.decode import DecodeError, clean_text, decode_bytes
    from claimgraph.ingest.html import read_html

PATH = Path("fuzz.html")


def target(data: bytes) -> None:
    try:
        text = clean_text(decode_bytes(data))
    except DecodeError:
        return
    if text.strip():
        check(list(read_html(text, PATH)))


def main() -> None:
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
