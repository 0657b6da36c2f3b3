"""Same-claim groups across documents.

Never all-pairs: claims are blocked on (event key, participant) — a claim is only compared with claims
that share its kind of event and one of its canonical participants (countries stand in for their
leaders, organs and flagged ships). Within a block a pair is scored from slot agreement and the overlap
of the words of the two evidence clauses; pairs above the threshold are joined (union-find), and a
syndicated copy's claims join the matching claims of its original. Each claim ends in at most one group.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from claimgraph.extract.lexicon import load
from claimgraph.link.context import Context, story_context
from claimgraph.link.gc_pause import gc_paused
from claimgraph.model import ANONYMOUS, Claim, Entity, Quantity

STOP = set("""a an the of to in on at by for from with and or but as that this these those is are was were be been
being has have had will would could should may might can it its their his her they he she we i you them our
not no than then there which who whom whose what when where while also said says say told according reported
show shows showed shown
after before about into over more most some such other only just very new one two""".split())
THRESHOLD = 0.37
LOOSE = 0.6  # every cross pair of a merge must reach THRESHOLD * LOOSE
SMALL_BLOCK = 50  # sharing a block this small is evidence enough on its own
MAX_CANDIDATES = 15  # per claim, the most-overlapping ones
SEM_FLOOR, SEM_CEIL, SEM_MIX = 0.25, 0.85, 0.8  # cosine below FLOOR is no evidence, above CEIL full
DISJOINT_ACTORS = 0.1
OTHER_EVENT = 0.2
PLACE_TYPES = {"GPE", "LOC", "NORP", "FAC"}  # states, regions, peoples, sites: not a specific doer
MAX_BLOCK = 400  # a block bigger than this is a hub key ("DPRK"); it is split by month, then dropped
WINDOW = 30  # inside a block, a claim meets this many neighbours on each side (sorted neighbourhood)
SAME_SOURCE_FIGURE = 0.45  # the score of one source's same figure for the same kind of event
DURATIONS = {"hour", "day", "week", "month", "year"}
SAME_RELATION = 0.15  # two claims that relate the same two kinds of event
CONTEXT_WEIGHT = 0.6  # participants taken from the article's lead count for less than those a clause names


def words(text: str) -> set[str]:
    """Content words of a clause, plural-stripped and mapped to shared synonyms (data/synonyms.yaml)."""
    return {n for w in TOKEN.findall(text.lower()) if (n := _content_word(w))}


TOKEN = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=1 << 18)
def _content_word(w: str) -> str | None:
    """One token's content word, or None for a stop word: cached, as news repeats its words; interned, so
    that sets of words from different clauses compare by identity."""
    if w in STOP or len(w) < 3:
        return None
    syn = _word_synonyms()
    w = syn.get(w, w)
    if w.endswith("ies") and len(w) > 5:
        w = w[:-3] + "y"  # countries → country
    elif w.endswith("s") and not w.endswith("ss") and len(w) > 4:
        w = w[:-1]
    return sys.intern(syn.get(w, w))


@lru_cache(maxsize=4096)
def _name_words(name: str) -> frozenset[str]:
    return frozenset(words(name))


@lru_cache(maxsize=1)
def _word_synonyms() -> dict[str, str]:
    return {str(k): str(v) for k, v in (load("synonyms").get("words") or {}).items()}


@dataclass(slots=True)
class Features:
    claim: Claim
    doc: str  # the document, or the original a syndicated copy was made from
    key: str
    participants: frozenset[str]
    places: frozenset[str]
    words: set[str]
    speaker: str | None
    month: str | None = None
    blocks: tuple[tuple[str, str], ...] = ()
    vec: np.ndarray | None = None  # sentence embedding when the encoder is on
    actors: frozenset[str] = frozenset()
    actor_kinds: frozenset[str] = frozenset()  # entity types of the named doers (GPE, PERSON, ...)
    specific: frozenset[str] = frozenset()  # named doers and targets that are not places or states
    inherited: bool = False  # some participants come from the article's lead (link/context.py)
    origin: str | None = None  # the speaker, or the outlet an anonymous source spoke to
    related: frozenset[tuple[str, str]] = frozenset()  # kinds of event this claim puts in order
    slots: frozenset[str] = frozenset()  # participants and places together, as `score` compares them
    doer_words: frozenset[str] = frozenset()  # name words of the named doers that are not places or states
    party_words: frozenset[str] = frozenset()  # name words of the named doers and targets
    # the claim's fields that `score` compares, copied here: a pair's score then reads two objects, not four
    event_type: str | None = None
    quantity: Quantity | None = None
    modal: bool = False  # "could be employed"
    plan: bool = False  # planned or irrealis
    denied: bool = False
    symmetric: bool = False  # "met", "held talks": doer and target are interchangeable


NAMED_PREFIXES = ("n:", "vessel:", "org:")  # ids made from a name by the NER, the vessel rule, the gazetteer


def name_key(i: str) -> str:
    """One key for one name whichever recogniser made its id: "the Mirela Grace, a tanker" (n:mirela-grace)
    in one article is "the tanker Mirela Grace" (vessel:mirela-grace) in another."""
    for p in NAMED_PREFIXES:
        if i.startswith(p):
            return "name:" + i[len(p):]
    return i


def expand(ids: Iterable[str], entities: dict[str, Entity]) -> set[str]:
    """Entities plus the state they belong to (a leader, a ministry, a flagged ship, a city)."""
    out: set[str] = set()
    for i in ids:
        if not i or i == ANONYMOUS:
            continue
        out.add(name_key(i))
        e = entities.get(i)
        if e is not None:
            for k in ("country", "flag"):
                if e.attrs.get(k):
                    out.add(e.attrs[k])
    return out


@lru_cache(maxsize=1)
def verb_synonyms() -> dict[str, str]:
    return {str(k): str(v) for k, v in (load("synonyms").get("verbs") or {}).items()}


def event_key(c: Claim) -> str:
    """The kind of event a claim is matched within: event key, CAMEO root, or failing both its verb."""
    key = str(c.flags.get("event_key") or (c.cameo or "")[:2] or f"t:{(c.trigger or '').lower()}")
    if key.startswith("t:"):
        key = "t:" + verb_synonyms().get(key[2:], key[2:])
    return key


EMPTY: frozenset = frozenset()


def _frozen(items: Iterable) -> frozenset:
    """A frozenset, the one shared empty one when there is nothing: most claims name no firm, relate no
    other event, and a million empty sets would be 200 MB."""
    return frozenset(items) or EMPTY


def features(c: Claim, entities: dict[str, Entity], doc_of: Callable[[str], str], text: str,
             vec: np.ndarray | None = None, ctx: Context | None = None) -> Features:
    key = event_key(c)
    ctx = ctx or Context()
    participants = _frozen(expand(c.actor + c.target + list(ctx.actor), entities))
    places = _frozen(expand(c.place + list(ctx.place), entities))
    lemma = str(c.flags.get("event_lemma") or "")
    event_words = words(verb_synonyms().get(lemma, lemma))  # "recognized" meets "recognizes"; "left" meets "crossed"
    # who says it is not what is said: the speaker's and relays' names leave the clause's words
    told_by = {w for i in [c.said_by, *c.via] if i and i in entities for w in _name_words(entities[i].name)}
    content = (words(text) - told_by) | event_words
    slots = participants | places
    f = Features(c, doc_of(c.doc_id), key, participants, places,
                 content | {sys.intern("@" + p) for p in slots},
                 c.said_by if c.said_by and c.said_by != ANONYMOUS else None,
                 c.when.start.isoformat()[:7] if c.when and c.when.granularity in ("day", "month") else None,
                 vec=vec, actors=_frozen(expand(c.actor, entities)),  # the story's doer is no evidence of another
                 actor_kinds=_frozen(entities[i].type for i in c.actor if i in entities),
                 specific=_frozen(name_key(i) for i in c.actor + c.target
                                  if i in entities and entities[i].type not in PLACE_TYPES),
                 inherited=bool(ctx),
                 origin=c.said_by if c.said_by and c.said_by != ANONYMOUS else (c.via[0] if c.via else None),
                 related=_frozen(related_pairs(c)), slots=slots or EMPTY,
                 doer_words=_named_words(c.actor, entities), party_words=_named_words(c.actor + c.target, entities),
                 event_type=c.event_type, quantity=c.quantity, modal=c.tense == "modal",
                 plan=c.modality == "planned" or bool(c.irrealis), denied=c.modality == "denied",
                 symmetric=bool(c.flags.get("symmetric")))
    blocks = [(key, p) for p in slots]
    # distinctive words block too, so a claim that names nobody still meets its paraphrases
    blocks += [(key, "w:" + w) for w in sorted((w for w in content if len(w) >= 7), key=lambda w: (-len(w), w))[:3]]
    if f.speaker:
        blocks.append((key, "said:" + f.speaker))
    if f.origin and c.quantity:  # one source's figure meets its repeats even where they name nobody
        blocks.append((key, f"figure:{f.origin}:{c.quantity.value:g}:{c.quantity.unit}"))
    f.blocks = tuple(blocks)  # each one once: names, words, the speaker and the figure cannot coincide
    return f


def _named_words(ids: list[str], entities: dict[str, Entity]) -> frozenset[str]:
    return _frozen(w for i in ids if i in entities and entities[i].type not in PLACE_TYPES
                   for w in _name_words(entities[i].name))


def other_named_doers(a: Features, b: Features) -> bool:
    """Two named doers that share no name word and neither is a party to the other's act: "the institute
    plans to send its findings to the committee" and "Tidemark planned to send its findings to the
    committee" are two propositions however alike the words ("Tidemark" and "Tidemark Maritime Research",
    or a ship named as the other report's target, are not told apart)."""
    return bool(a.doer_words and b.doer_words and a.doer_words.isdisjoint(b.party_words)
                and b.doer_words.isdisjoint(a.party_words))


def score(a: Features, b: Features) -> float:
    """How likely two claims state the same proposition, from 0 to 1. Cheap refusals come first: most
    candidate pairs score nothing."""
    if a.key != b.key or other_named_doers(a, b):
        return 0.0
    if a.denied != b.denied and a.specific.isdisjoint(b.specific):
        # a denial in general terms ("no workers are employed in China") is its own statement; one that
        # names the same ship, firm or person as a report denies that very proposition and joins its
        # group, which then stands contested (the disagreement is recorded as a conflict either way)
        return 0.0
    aw, bw = a.words, b.words
    inter = len(aw & bw)
    na, nb = len(aw), len(bw)
    text = inter / max(1, min(na, nb)) * 0.5 + inter / max(1, na + nb - inter) * 0.5  # overlap and Jaccard
    if a.vec is not None and b.vec is not None:
        # a paraphrase scores on meaning; shared words still count where the encoder is lukewarm
        sem = min(1.0, max(0.0, (float(np.dot(a.vec, b.vec)) - SEM_FLOOR) / (SEM_CEIL - SEM_FLOOR)))
        text = max(text, SEM_MIX * sem + (1 - SEM_MIX) * text)
    if text < 0.45 and a.key.startswith("t:"):
        return 0.0  # no event code: only near-identical wording makes two clauses one proposition
    shared = a.slots & b.slots
    slots = len(shared) / max(1, len(a.slots) + len(b.slots) - len(shared))
    if len(shared) == 1 and shared.isdisjoint(a.specific):
        slots *= 0.5  # one shared state is weak evidence: every claim of a story about North Korea names it
    if a.inherited or b.inherited:
        slots *= CONTEXT_WEIGHT  # "the workers left in January": who and where are the story's, not the clause's
    s = 0.6 * text + 0.3 * slots
    if disjoint_actors(a, b):
        s -= DISJOINT_ACTORS  # "Russia recognized X" and "Syria recognized X" are two propositions
    if a.event_type and b.event_type and a.event_type != b.event_type:
        s -= OTHER_EVENT  # one CAMEO root, two kinds of act: "sent a file on the workers" is not "sent workers"
    if a.related and not a.related.isdisjoint(b.related):
        s += SAME_RELATION  # both tell how the same two events stand in time ("the visit came after the deal")
    if a.speaker and a.speaker == b.speaker:
        s += 0.1
    elif bool(a.speaker) != bool(b.speaker):
        s -= 0.08  # one is someone's statement, the other the outlet's own account
    if a.modal != b.modal:
        s -= 0.1  # "could be employed" is not "were employed"
    qa, qb = a.quantity, b.quantity
    if qa and qb and (qa.unit == qb.unit or abs(qa.value - qb.value) <= 0.01 * max(qa.value, qb.value)):
        s += 0.15  # two figures for the same thing: one proposition, "how many" (they may conflict)
        if qa.value == qb.value and qa.unit == qb.unit and a.origin and a.origin == b.origin:
            s = max(s, SAME_SOURCE_FIGURE)  # one source's own figure, repeated: "Free Dawn put the number at 400"
    elif bool(qa) != bool(qb) and (qa or qb).unit not in DURATIONS:  # type: ignore[union-attr]
        s -= 0.1  # "how much fuel" and "whether it was transferred" are different propositions (a duration,
        # "for about four days", is a detail of one)
    if a.plan != b.plan:
        s -= 0.2  # a plan and an act are different propositions (the story moved on)
    return s


def related_pairs(c: Claim) -> set[tuple[str, str]]:
    """The pairs of kinds of event a claim puts in order: its own and the one it relates to."""
    own = c.flags.get("event_key")
    return {(str(own), str(r["event"])) for r in c.flags.get("relations") or [] if own and r.get("event")}


def disjoint_actors(a: Features, b: Features) -> bool:
    """Different doers of a one-sided act: "Russia recognized X" and "Syria recognized X"."""
    return bool(a.actors and b.actors and a.actors.isdisjoint(b.actors) and not a.symmetric)


def _may_join(a: Features, b: Features, threshold: float) -> bool:
    """Can two claims end in one group through others? Loosely similar suffices, but claims with different
    doers of one kind (two states, two people) must match in full: "Russia and Syria did so" must not chain
    Russia's act to Syria's. Doers of different kinds (a ship delivered, a firm estimated) are often two
    readings of one event."""
    if a.denied != b.denied:
        return True  # a denial joins through a report naming its ship, firm or person; it differs from all
    strict = disjoint_actors(a, b) and bool(a.actor_kinds & b.actor_kinds)
    if strict:
        return score(a, b) >= threshold
    qa, qb = a.quantity, b.quantity
    if qa and qb and qa.unit and qa.unit == qb.unit and a.key == b.key:
        return True  # two counts of the same thing ("400 workers", "more than 1,000 workers"): one "how many"
    return score(a, b) >= threshold * LOOSE


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def candidate_pairs(feats: list[Features], touched: set[str] | None = None) -> Iterable[tuple[Features, Features]]:
    """Pairs worth scoring: claims from different documents that share two blocks (or one small one),
    at most MAX_CANDIDATES per claim, strongest overlap first. Never all pairs: a block bigger than
    MAX_BLOCK is split by month (and dropped if still too big), and inside a block a claim meets only
    its WINDOW nearest members in input (ingest) order on each side, a sorted neighbourhood: reports of
    one event are written close in time, and the work per claim stays bounded as the corpus grows.
    With `touched` (new claim ids), only pairs with a new claim on one side: an incremental build
    compares nothing twice."""
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, f in enumerate(feats):
        for b in f.blocks:
            blocks[b].append(i)
    usable: dict[tuple[str, str], list[int]] = {}
    for b, members in blocks.items():
        if len(members) < 2:
            continue
        if len(members) > MAX_BLOCK:  # split a hub block by month; still too big: a stop block, dropped
            by_month: dict[str | None, list[int]] = defaultdict(list)
            for i in members:
                by_month[feats[i].month].append(i)
            for month, sub in by_month.items():
                if 1 < len(sub) <= MAX_BLOCK:
                    usable[(b[0], f"{b[1]}@{month}")] = sub
        else:
            usable[b] = members
    del blocks
    if not usable:
        return
    # every pair a sorted neighbourhood makes, as arrays (the work is in numpy, not a Python loop per claim):
    # the block members laid end to end, and for each step k the pairs k places apart in one block
    sizes = np.fromiter((len(m) for m in usable.values()), dtype=np.int64, count=len(usable))
    flat = np.fromiter((i for m in usable.values() for i in m), dtype=np.int64, count=int(sizes.sum()))
    block = np.repeat(np.arange(len(sizes)), sizes)
    small = np.repeat(sizes <= SMALL_BLOCK, sizes)
    n = len(feats)
    keys = []
    for k in range(1, min(WINDOW, int(sizes.max()) - 1) + 1):
        same = block[:-k] == block[k:]  # members are in input order: the later one is the j > i
        key = flat[:-k][same] * n + flat[k:][same]
        keys += [key, key[small[:-k][same]]]  # a small block counts twice
    pair = np.concatenate(keys)
    del keys
    pair.sort()
    first = np.flatnonzero(np.r_[True, pair[1:] != pair[:-1]])
    counts = np.diff(np.r_[first, len(pair)])  # blocks shared (small ones twice) by each pair
    left, right = np.divmod(pair[first], n)
    del pair, first
    doc_ids: dict[str, int] = {}
    docs = np.fromiter((doc_ids.setdefault(f.doc, len(doc_ids)) for f in feats), dtype=np.int64, count=n)
    keep = (counts >= 2) & (docs[left] != docs[right])
    if touched is not None:
        new = np.fromiter((f.claim.id in touched for f in feats), dtype=bool, count=n)
        keep &= new[left] | new[right]
    left, right, counts = left[keep], right[keep], counts[keep]
    # per claim, strongest overlap first, ties by position: same input, same groups
    order = np.lexsort((right, -counts, left))
    left, right = left[order], right[order]
    starts = np.flatnonzero(np.r_[True, left[1:] != left[:-1]])
    rank = np.arange(len(left)) - np.repeat(starts, np.diff(np.r_[starts, len(left)]))
    top = rank < MAX_CANDIDATES
    for i, j in zip(left[top].tolist(), right[top].tolist(), strict=True):
        yield feats[i], feats[j]


@gc_paused
def group_claims(claims: list[Claim], entities: dict[str, Entity], copies: dict[str, tuple[str, float]],
                 texts: dict[str, str], threshold: float = THRESHOLD,
                 vectors: dict[str, np.ndarray] | None = None, previous: list[list[str]] | None = None,
                 touched: set[str] | None = None) -> list[list[str]]:
    """Groups (lists of claim ids) of two or more claims from at least two documents. `vectors` are
    sentence embeddings by claim id (optional). Incremental: `previous` groups are kept as they are and
    only pairs with a `touched` (new) claim are scored."""
    def doc_of(d: str) -> str:
        return copies.get(d, (d, 1.0))[0]

    vectors = vectors or {}
    uf = UnionFind()
    # a syndicated copy states what its original states: join clause by clause
    by_clause: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        by_clause[(doc_of(c.doc_id), _norm(texts.get(c.id, c.text)) + "|" + (c.trigger or ""))].append(c)
    for same in by_clause.values():
        if len({m.doc_id for m in same}) > 1:
            for m in same[1:]:
                uf.union(same[0].id, m.id)
    del by_clause
    known = {c.id for c in claims}
    for g in previous or []:
        g = [x for x in g if x in known]
        for x in g[1:]:
            uf.union(g[0], x)
    members: dict[str, list[str]] = defaultdict(list)
    for c in claims:
        members[uf.find(c.id)].append(c.id)
    # claims of different kinds of event never match (score 0): each kind is scored on its own, so only
    # one kind's features are in memory at a time
    by_key: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        by_key[event_key(c)].append(c)
    for part in by_key.values():
        ctx = story_context(part, entities)  # per kind of event, as a batch partition holds it
        feats = [features(c, entities, doc_of, texts.get(c.id, c.text), vectors.get(c.id), ctx.get(c.id))
                 for c in part]
        _join(feats, uf, members, threshold, touched)
    comps: dict[str, list[str]] = defaultdict(list)
    doc_by_id = {c.id: c.doc_id for c in claims}
    for c in claims:
        comps[uf.find(c.id)].append(c.id)
    return [sorted(m) for m in comps.values() if len({doc_by_id[x] for x in m}) > 1]


def _join(feats: list[Features], uf: UnionFind, members: dict[str, list[str]], threshold: float,
          touched: set[str] | None) -> None:
    """Score one kind of event's candidate pairs and join them, strongest first; two clusters merge only
    if every cross pair from different documents may join (no chaining "A like B like C" into one)."""
    scored = [(sc, a, b) for a, b in candidate_pairs(feats, touched) if (sc := score(a, b)) >= threshold]
    scored.sort(key=lambda x: (-x[0], x[1].claim.id, x[2].claim.id))
    fid = {f.claim.id: f for f in feats}
    for _, a, b in scored:
        ra, rb = uf.find(a.claim.id), uf.find(b.claim.id)
        if ra == rb:
            continue
        ma, mb = members[ra], members[rb]
        # a member of another kind (joined as a copy's clause or by an earlier build) has no features here
        fa, fb = [fid[x] for x in ma if x in fid], [fid[y] for y in mb if y in fid]
        if all(_may_join(x, y, threshold) for x in fa for y in fb if x.doc != y.doc):
            uf.union(ra, rb)
            root = uf.find(ra)
            members[root] = ma + mb
            del members[rb if root == ra else ra]


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()
