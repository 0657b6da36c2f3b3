"""Joins that need the story, not the clause: run after grouping, on its result, so batch and
single-process builds agree.

Two articles are shown to tell one story when they already share a group (of any kind of event, in at
most STORY_DOCS articles: a bigger group is a hub). Inside such a pair of articles two statements that
answer the same question are one proposition however they are worded:

* **story acts** — each dates the same act ("the group left in January", "the workers crossed into China
  last November"): one event, so a disagreement on the date is seen;
* **order statements** — each puts the same two kinds of event in order ("the minister's trip paved the
  way for the deployment", "the arrangement was agreed only after that visit", "he visited only after the
  first workers had arrived"): one question, which came first, so agreement or disagreement is seen.

A statement not yet grouped joins the other's group (or forms one with it); two groups are never chained
into one. Statements whose doers differ are about two events."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Hashable
from functools import lru_cache

from claimgraph.extract.lexicon import load
from claimgraph.link.gc_pause import gc_paused
from claimgraph.link.grouping import UnionFind, event_key, expand, verb_synonyms
from claimgraph.model import REALIS, Claim, Entity

STORY_DOCS = 50  # a group spanning more articles than this is a hub, not one story
STORY_DAYS = 92  # two dates of one story's act this close are one event told two ways (they may conflict)


@gc_paused
def join_story(groups: list[list[str]], claims: list[Claim], entities: dict[str, Entity],
               copies: dict[str, tuple[str, float]], texts: dict[str, str]) -> list[list[str]]:
    """Both story-level joins, acts first (they may show two more articles to tell one story)."""
    return join_order_statements(join_story_acts(groups, claims, entities, copies, texts), claims, entities, copies)


@gc_paused
def join_story_acts(groups: list[list[str]], claims: list[Claim], entities: dict[str, Entity],
                    copies: dict[str, tuple[str, float]], texts: dict[str, str]) -> list[list[str]]:
    """Reports in one story that each date the same act join: figures that differ, doers that differ or
    dates more than STORY_DAYS apart are two events."""
    def same_event(a: Claim, b: Claim) -> bool:
        qa, qb = a.quantity, b.quantity
        if qa and qb and qa.value != qb.value:
            return False
        return _same_doer(a, b, entities) and abs((a.when.start - b.when.start).days) <= STORY_DAYS  # type: ignore[union-attr]

    def act(c: Claim) -> Hashable | None:
        a = _story_act(c, texts)
        return (event_key(c), a) if a else None

    return _join_in_stories(groups, claims, copies, act, same_event)


@gc_paused
def join_order_statements(groups: list[list[str]], claims: list[Claim], entities: dict[str, Entity],
                          copies: dict[str, tuple[str, float]]) -> list[list[str]]:
    """Statements in one story that put the same two kinds of event in order, in either direction, join;
    statements with different doers, or dated more than STORY_DAYS apart, are about two events."""
    def same_question(a: Claim, b: Claim) -> bool:
        if a.when and b.when and abs((a.when.start - b.when.start).days) > STORY_DAYS:
            return False
        return _same_doer(a, b, entities)

    return _join_in_stories(groups, claims, copies, _order_pair, same_question)


def _order_pair(c: Claim) -> Hashable | None:
    """The two kinds of event a statement puts in order, unordered ("A after B" asks what "B before A"
    asks), or None for a statement of no order, of a plan, or of two events of one kind."""
    own = c.flags.get("event_key")
    if not own or c.irrealis or c.modality == "planned":
        return None
    kinds = {str(r["event"]) for r in c.flags.get("relations") or [] if r.get("event") and str(r["event"]) != own}
    return frozenset({str(own), min(kinds)}) if kinds else None


def _same_doer(a: Claim, b: Claim, entities: dict[str, Entity]) -> bool:
    actors_a, actors_b = expand(a.actor, entities), expand(b.actor, entities)
    return not (actors_a and actors_b and not actors_a & actors_b)


def _story_act(c: Claim, texts: dict[str, str]) -> str | None:
    """The act a dated report tells of ("left", "crossed into": depart), or None when it is not one."""
    if (not c.event_type or c.event_type == "statement" or c.modality not in REALIS or c.irrealis
            or not c.when or c.when.granularity not in ("day", "month") or c.flags.get("when_source") == "statement"):
        return None
    if set(re.findall(r"[a-z]+", texts.get(c.id, c.text).lower())) & _batch_markers():
        return None  # "a second group crossed on Saturday": a new batch, not the story's act
    lemma = str(c.flags.get("event_lemma") or "")
    return verb_synonyms().get(lemma, lemma) or None


@lru_cache(maxsize=1)
def _batch_markers() -> frozenset[str]:
    return frozenset(str(w) for w in load("synonyms").get("new_batch_markers") or [])


def _join_in_stories(groups: list[list[str]], claims: list[Claim], copies: dict[str, tuple[str, float]],
                     question: Callable[[Claim], Hashable | None],
                     compatible: Callable[[Claim, Claim], bool]) -> list[list[str]]:
    """Join claims of two articles of one story that answer the same `question` and are `compatible`, where
    at least one of the two is not yet in a group of several articles (no chaining of two groups)."""
    def doc_of(d: str) -> str:
        return copies.get(d, (d, 1.0))[0]

    by_id = {c.id: c for c in claims}
    uf = UnionFind()
    for g in groups:
        for x in g[1:]:
            uf.union(g[0], x)
    docs_of_root: dict[str, set[str]] = defaultdict(set)
    for g in groups:
        docs_of_root[uf.find(g[0])] = {doc_of(by_id[x].doc_id) for x in g if x in by_id}
    linked: dict[str, set[str]] = defaultdict(set)
    for docs in docs_of_root.values():
        if 1 < len(docs) <= STORY_DOCS:
            for d in docs:
                linked[d] |= docs - {d}
    asked: dict[tuple[str, Hashable], list[Claim]] = defaultdict(list)
    for c in claims:
        d = doc_of(c.doc_id)
        if d in linked and (q := question(c)) is not None:
            asked[(d, q)].append(c)
    for (doc, q), mine in sorted(asked.items(), key=lambda kv: (kv[0][0], _items(kv[0][1]))):
        for other_doc in sorted(linked[doc]):
            if other_doc <= doc:
                continue
            for a in mine:
                for b in asked.get((other_doc, q), []):
                    ra, rb = uf.find(a.id), uf.find(b.id)
                    if ra == rb or (len(docs_of_root.get(ra, ())) > 1 and len(docs_of_root.get(rb, ())) > 1):
                        continue
                    if not compatible(a, b):
                        continue
                    docs = docs_of_root.pop(ra, {doc_of(a.doc_id)}) | docs_of_root.pop(rb, {doc_of(b.doc_id)})
                    uf.union(ra, rb)
                    docs_of_root[uf.find(ra)] = docs
    comps: dict[str, list[str]] = defaultdict(list)
    for g in groups:
        for x in g:
            comps[uf.find(x)].append(x)
    for members in asked.values():
        for c in members:
            root = uf.find(c.id)
            if c.id not in comps[root]:
                comps[root].append(c.id)
    return [sorted(m) for m in comps.values() if len({by_id[x].doc_id for x in m if x in by_id}) > 1]


def _items(q: Hashable) -> tuple[str, ...]:
    """A question's parts in a stable order, so the same input joins the same way."""
    if isinstance(q, tuple):
        return tuple(map(str, q))
    return tuple(sorted(map(str, q))) if isinstance(q, frozenset) else (str(q),)
