"""Store on SQLite and PostgreSQL: round-trips, idempotent re-saving, runs/problems, full-text search
(FTS5 / tsvector and the LIKE fallback)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text

from claimgraph.model import ANONYMOUS, Claim, Document, Entity, Mention, Problem, Quantity, Reading, TimeSpan
from claimgraph.store import Store
from claimgraph.store.fts import MARK_END, MARK_START, fts_query
from claimgraph.store.schema import GroupClaimRow, GroupRow

TEXT1 = ("North Korea will send about 150 workers to Donbas in July 2022, Alexander Matsegora told the "
         "U.N. mission. Kim's government has not commented.")
TEXT2 = ("A source told Daily NK that more than 30 workers arrived in Vladivostok. "
         "The report could not be verified.")


def _mentions(body: str, pairs: list[tuple[str, str]]) -> list[Mention]:
    out = []
    for eid, surface in pairs:
        i = body.index(surface)
        out.append(Mention(entity_id=eid, start=i, end=i + len(surface), text=surface))
    return out


def _span(body: str, sentence: str) -> tuple[int, int]:
    i = body.index(sentence)
    return i, i + len(sentence)


def make_readings() -> tuple[Reading, Reading]:
    """Two hand-built readings: a dated planned claim with a quantity, a negation, an anonymous relay."""
    d1 = Document.from_text(TEXT1, title="Workers for Donbas", outlet="Wire Daily", url="https://example.org/1",
                            published="2022-07-18", language="en", external_id="t-1", source="t1.txt",
                            meta={"section": "world"})
    d2 = Document.from_text(TEXT2, title="Workers arrive in Vladivostok", outlet="Daily NK", published=None,
                            external_id="t-2", source="t.jsonl:2")
    s1 = TEXT1[: TEXT1.index("mission.") + len("mission.")]
    s2 = "Kim's government has not commented."
    s3 = "A source told Daily NK that more than 30 workers arrived in Vladivostok."
    c1 = Claim(id="t1-c1", doc_id=d1.id, text=s1, start=_span(TEXT1, s1)[0], end=_span(TEXT1, s1)[1],
               trigger="send", event_type="labour_deployment", cameo="036", actor=["dprk"], place=["donbas"],
               when=TimeSpan(date(2022, 7, 1), date(2022, 7, 31), "month", "in July 2022"),
               quantity=Quantity(150.0, "about", "workers", "about 150 workers"), said_by="matsegora",
               modality="planned", irrealis=True, tense="future", flags={"cue": "told"})
    c2 = Claim(id="t1-c2", doc_id=d1.id, text=s2, start=_span(TEXT1, s2)[0], end=_span(TEXT1, s2)[1],
               trigger="commented", cameo="010", actor=["kim"], negated=True, tense="perfect")
    c3 = Claim(id="t2-c1", doc_id=d2.id, text=s3, start=_span(TEXT2, s3)[0], end=_span(TEXT2, s3)[1],
               trigger="arrived", event_type="labour_deployment", cameo="036", actor=["dprk"],
               place=["vladivostok"], quantity=Quantity(30.0, "more_than", "workers", "more than 30 workers"),
               said_by=ANONYMOUS, via=["dailynk"], modality="unverified", tense="past")
    r1 = Reading(
        document=d1,
        entities={
            "dprk": Entity("dprk", "North Korea", "GPE", ["DPRK", "Pyongyang"]),
            "donbas": Entity("donbas", "Donbas", "LOC"),
            "matsegora": Entity("matsegora", "Alexander Matsegora", "PERSON", ["Matsegora"]),
            "un": Entity("un", "United Nations", "ORG", ["U.N."]),
            "kim": Entity("kim", "Kim Jong Un", "PERSON", ["Kim"]),
        },
        mentions=_mentions(TEXT1, [("dprk", "North Korea"), ("donbas", "Donbas"),
                                   ("matsegora", "Alexander Matsegora"), ("un", "U.N."), ("kim", "Kim")]),
        claims=[c1, c2],
    )
    r2 = Reading(
        document=d2,
        entities={
            # same id, another name and type: the first name/type stay, the rest joins the aliases
            "dprk": Entity("dprk", "DPRK", "ORG", ["the North", "Pyongyang"], {"iso": "PRK"}),
            "dailynk": Entity("dailynk", "Daily NK", "MEDIA"),
            "vladivostok": Entity("vladivostok", "Vladivostok", "GPE"),
        },
        mentions=_mentions(TEXT2, [("dailynk", "Daily NK"), ("vladivostok", "Vladivostok")]),
        claims=[c3],
    )
    return r1, r2


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """Every test using it runs on SQLite and on PostgreSQL (tests/conftest.py)."""
    s = Store.open(db_url)
    yield s
    s.close()


@pytest.fixture
def filled(store: Store) -> Store:
    for r in make_readings():
        assert store.save_reading(r) is True
    return store


def test_round_trip(filled: Store) -> None:
    r1, r2 = make_readings()
    assert filled.documents() == [r1.document, r2.document]
    assert filled.document(r1.document.id) == r1.document
    assert filled.claims(r1.document.id) == r1.claims
    assert filled.claims() == r1.claims + r2.claims
    c1 = filled.claims(r1.document.id)[0]
    assert isinstance(c1.when.start, date) and c1.when.end == date(2022, 7, 31)
    assert c1.quantity == Quantity(150.0, "about", "workers", "about 150 workers")
    assert filled.claims(r2.document.id)[0].said_by == ANONYMOUS
    assert filled.mentions(r1.document.id) == sorted(r1.mentions, key=lambda m: m.start)

    ents = filled.entities()
    assert set(ents) == set(r1.entities) | set(r2.entities)
    merged = Entity("dprk", "North Korea", "GPE", ["DPRK", "Pyongyang", "the North"], {"iso": "PRK"})
    assert ents["dprk"] == merged
    assert ents["donbas"] == r1.entities["donbas"]


def test_resave_changes_no_counts(filled: Store) -> None:
    before = filled.stats()
    hits_before = filled.search("workers")
    r1, r2 = make_readings()
    assert filled.has_document(r1.document.id)
    assert not filled.has_document("d-nope")
    assert filled.save_reading(r1) is False
    assert filled.save_reading(r2) is False
    assert filled.stats() == before
    assert before["documents"] == 2 and before["claims"] == 3 and before["entities"] == 7
    assert len(filled.mentions(r1.document.id)) == 5
    assert filled.search("workers") == hits_before  # the FTS index was replaced, not appended to


def test_resave_replaces_claims_and_drops_stale_links(filled: Store) -> None:
    r1, _ = make_readings()
    with filled.session() as s:
        s.add(GroupRow(id="g1", independent_origins=1))
        s.flush()
        s.add(GroupClaimRow(group_id="g1", claim_id="t1-c2"))
    r1.claims = r1.claims[:1]
    filled.save_reading(r1)
    assert [c.id for c in filled.claims(r1.document.id)] == ["t1-c1"]
    with filled.session() as s:
        assert s.scalars(select(GroupClaimRow)).all() == []
    assert {h.kind for h in filled.search("commented")} == {"document"}


def test_runs_and_problems(store: Store) -> None:
    run = store.start_run()
    store.add_problem(run, Problem("bad.html", "no text found"))
    store.finish_run(run, read=3, new=2, problems=1)
    st = store.stats()
    assert st["problems"] == 1
    assert st["last_run"]["id"] == run
    assert (st["last_run"]["documents_read"], st["last_run"]["documents_new"]) == (3, 2)
    assert st["last_run"]["finished"] is not None
    assert store.problems() == [Problem("bad.html", "no text found")]


def test_sqlite_pragmas_and_reopen(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'sub' / 'cg.db'}"
    with Store.open(url) as s:
        s.save_reading(make_readings()[0])
        with s.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    with Store.open(url) as s:
        assert s.stats()["claims"] == 2
        assert s.search("Matsegora")


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('U.N. Kim\'s "x" NOT') == '"U.N." AND "Kim\'s" AND """x""" AND "NOT"'
    assert fts_query("  ... -- ") == ""


@pytest.mark.parametrize("use_fts", [True, False], ids=["fts", "like"])
def test_search(filled: Store, use_fts: bool) -> None:
    assert filled.fts is True
    filled.fts = use_fts
    r1, r2 = make_readings()

    hits = filled.search("workers Vladivostok")
    kinds = {(h.kind, h.doc_id, h.claim_id) for h in hits}
    assert ("claim", r2.document.id, "t2-c1") in kinds
    assert ("document", r2.document.id, None) in kinds
    assert all(h.doc_id != r1.document.id for h in hits)  # words are ANDed
    claim_hit = next(h for h in hits if h.kind == "claim")
    assert claim_hit.outlet == "Daily NK" and claim_hit.title == "Workers arrive in Vladivostok"
    assert MARK_START in claim_hit.snippet and MARK_END in claim_hit.snippet

    un = filled.search("U.N.")
    assert ("document", r1.document.id) in {(h.kind, h.doc_id) for h in un}
    assert any(h.claim_id == "t1-c1" for h in un)
    assert any(h.claim_id == "t1-c2" for h in filled.search("Kim's"))
    assert filled.search("Matsegora")[0].doc_id == r1.document.id

    for odd in ['"', "(", "NOT", "AND OR", "a*", "col:umn", "100%", "x_y", "---", ""]:
        filled.search(odd)  # never raises
    assert filled.search("") == []
    assert filled.search("nothing-like-this-anywhere") == []
    assert len(filled.search("workers", limit=1)) == 1


def test_hit_is_plain_data(filled: Store) -> None:
    h = filled.search("Donbas")[0]
    fields = {"kind", "doc_id", "claim_id", "title", "outlet", "published", "snippet"}
    assert set(dataclasses.asdict(h)) >= fields
