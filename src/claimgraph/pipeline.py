"""The single-machine path: read documents in batches and store them, losing nothing on failure.

Documents stream through in batches (spaCy's nlp.pipe parses a batch at a time), so memory stays
flat however large the input is. A document whose reading fails is still stored, without claims,
and the failure is reported as a Problem.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from claimgraph import nlp
from claimgraph.extract.prepare import prepare
from claimgraph.extract.reader import read_parsed
from claimgraph.ingest import read_paths
from claimgraph.ingest.limits import limits
from claimgraph.model import Document, Problem, Reading
from claimgraph.store.db import Store

BATCH = 32


def is_english(doc: Document) -> bool:
    return (doc.language or "en").lower()[:2] in ("en", "")


def cap_claims(reading: Reading, max_claims: int) -> Reading:
    """Keep at most `max_claims` claims (the first in text order) and flag the document when cut.

    A pathological text (a table of thousands of "X said Y" rows) must not flood the case database.
    """
    if len(reading.claims) > max_claims:
        reading.document.meta["claims_truncated"] = {"found": len(reading.claims), "kept": max_claims}
        reading.claims = reading.claims[:max_claims]
    return reading


def read_documents(docs: Iterable[Document], batch_size: int = BATCH) -> Iterator[Reading | Problem]:
    """Readings of `docs`, parsed a batch at a time. A failure yields a Problem and an empty Reading."""
    it = iter(docs)
    while batch := list(islice(it, batch_size)):
        preps = [prepare(d.text, d.title) for d in batch]
        todo = [i for i, d in enumerate(batch) if is_english(d)]
        parsed = dict(zip(todo, nlp.parse_many([(batch[i].id, preps[i].text) for i in todo]), strict=True))
        for i, d in enumerate(batch):
            if i not in parsed:
                yield Reading(d)
                continue
            try:
                reading = read_parsed(d, parsed[i], preps[i])
            except Exception as exc:  # one odd article must not stop a corpus
                yield Problem(d.source or d.id, f"reader failed on {d.external_id or d.id}: "
                                                f"{type(exc).__name__}: {exc}"[:300].replace("\n", " "))
                yield Reading(d)
                continue
            yield cap_claims(reading, limits().max_claims)


@dataclass
class IngestReport:
    read: int = 0
    new: int = 0
    skipped: int = 0
    claims: int = 0
    not_english: int = 0
    problems: list[Problem] = field(default_factory=list)


def ingest(store: Store, paths: Iterable[str], reread: bool = False,
           on_progress: Callable[[IngestReport], None] | None = None, urls: Iterable[str] = ()) -> IngestReport:
    """Read files and folders (then fetched `urls`) into the store. Re-ingesting the same text changes
    nothing unless `reread` asks to read known documents again (after a lexicon change, say)."""
    report = IngestReport()
    run = store.start_run()

    def items() -> Iterator[Document | Problem]:
        yield from read_paths(paths)
        urls_list = list(urls)
        if urls_list:
            from claimgraph.ingest.fetch import read_urls  # urllib only when there is something to fetch

            yield from read_urls(urls_list)

    def documents() -> Iterator[Document]:
        for item in items():
            if isinstance(item, Problem):
                report.problems.append(item)
                store.add_problem(run, item)
                if on_progress:
                    on_progress(report)
                continue
            report.read += 1
            if not reread and store.has_document(item.id):
                report.skipped += 1
                if on_progress:
                    on_progress(report)
                continue
            yield item

    for out in read_documents(documents()):
        if isinstance(out, Problem):
            report.problems.append(out)
            store.add_problem(run, out)
            continue
        if not is_english(out.document):
            report.not_english += 1
        if store.save_reading(out):
            report.new += 1
        report.claims += len(out.claims)
        if on_progress:
            on_progress(report)
    store.finish_run(run, report.read, report.new, len(report.problems))
    return report
