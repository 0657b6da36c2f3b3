"""Disagreements between reports, each with both sides' evidence and a sentence that explains it.

Compared slot by slot, so every conflict can say why:
- date: intervals that do not overlap ("in July" contains "on July 13": no conflict);
- number: figures apart beyond what their approximations allow ("about 150" vs "150": none);
- negation: a denial against a report of the same event (plans are not contradicted by a denial);
- order: the same two events put in opposite order or causation by two reports;
- place, actor: disjoint places or actors for the same event, or actor and target swapped;
- attribution: the same words given to different speakers or outlets.
A plan and the later act (a story that moved on) are never a conflict.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations

from claimgraph.link.context import Context, story_context
from claimgraph.link.gc_pause import gc_paused
from claimgraph.link.grouping import MAX_BLOCK, PLACE_TYPES, expand, name_key, words
from claimgraph.model import ANONYMOUS, REALIS, Claim, Conflict, Entity, Quantity

# units of measure (time, money, volume, distance, share): two figures in different ones never conflict
MEASURES = {"percent", "day", "week", "month", "year", "hour", "USD", "EUR", "GBP", "KRW", "CNY", "RUB", "JPY",
            "barrel", "tonne", "ton", "liter", "litre", "gallon", "kilometer", "mile", "nautical mile", "meter"}
# a denial is set against at most this many reports, those of the closest groups: it bounds the pass at scale
DENIAL_REPORTS = 12
# across groups a claim meets this many members of a block on each side in input order (a sorted neighbourhood).
# Narrower than grouping's: a conflict is sought between reports of one event, which sit close together; on
# bench/link.py's corpus 20 finds more of the planted conflicts than 60 does, and fewer false ones
WINDOW = 20
TOLERANCE = {"about": 0.15, None: 0.02, "up_to": 0.0, "at_most": 0.0, "more_than": 0.0, "at_least": 0.0,
             "less_than": 0.0}


def _range(q: Quantity) -> tuple[float, float]:
    v = q.value
    if q.approx in ("more_than", "at_least"):
        return v, float("inf")
    if q.approx in ("less_than", "at_most", "up_to"):
        return 0.0, v
    t = TOLERANCE.get(q.approx, 0.15)
    return v * (1 - t), v * (1 + t)


def number_conflict(a: Claim, b: Claim) -> str | None:
    qa, qb = a.quantity, b.quantity
    if not qa or not qb or (qa.unit and qb.unit and qa.unit != qb.unit
                            and (qa.unit in MEASURES or qb.unit in MEASURES)):
        return None  # 24 months and 500,000 barrels measure different things ("60 Koreans" vs "150 staff" do not)
    (lo1, hi1), (lo2, hi2) = _range(qa), _range(qb)
    if hi1 < lo2 or hi2 < lo1:
        return f"{qa.text or qa.value} vs {qb.text or qb.value}"
    return None


def date_conflict(a: Claim, b: Claim) -> str | None:
    wa, wb = a.when, b.when
    precise = ("day", "month", "week")
    if not wa or not wb or wa.granularity not in precise or wb.granularity not in precise:
        return None
    if "statement" in (a.flags.get("when_source"), b.flags.get("when_source")):
        return None  # the day something was said is not the day it happened
    if wa.end < wb.start or wb.end < wa.start:
        return f"{_fmt(wa)} vs {_fmt(wb)}"
    return None


def _fmt(t) -> str:
    if t.granularity == "day":
        return t.start.isoformat()
    if t.granularity == "month":
        return t.start.isoformat()[:7]
    return f"{t.start.isoformat()}..{t.end.isoformat()}"


def negation_conflict(a: Claim, b: Claim) -> bool:
    da, db = a.modality == "denied", b.modality == "denied"
    if da == db:
        return False
    other = b if da else a
    return other.modality in REALIS and not other.irrealis


FLIP = {"before": "after", "after": "before"}


def order_conflict(a: Claim, b: Claim) -> str | None:
    """The same two events in opposite order, or one report's order denied by the other ("rejected a report
    that Norvale had tipped off the authorities before the search" against "the search followed a complaint")."""
    ka, kb = a.flags.get("event_key"), b.flags.get("event_key")
    denied = (a.modality == "denied") != (b.modality == "denied")
    for ra in a.flags.get("relations") or []:
        for rb in b.flags.get("relations") or []:
            pa = (ka, ra["event"], ra["rel"])
            pb = (kb, rb["event"], FLIP.get(rb["rel"], rb["rel"]) if denied else rb["rel"])
            same = pa[0] == pb[0] and pa[1] == pb[1] and pa[2] != pb[2]
            crossed = pa[0] == pb[1] and pa[1] == pb[0] and pa[2] == pb[2]
            if same or crossed:
                return f"'{ra['text'][:80]}' vs '{rb['text'][:80]}'"
    return None


def place_conflict(a: Claim, b: Claim, entities: dict[str, Entity]) -> str | None:
    """Both put it in towns whose countries the gazetteer knows, and the countries differ ("in Vladivostok"
    vs "in Dandong"). A district or region of unknown extent never conflicts with a city: it may lie in it."""
    ca, cb = _countries(a.place, entities), _countries(b.place, entities)
    if not ca or not cb or ca & cb:
        return None
    return f"{_names(a.place, entities)} vs {_names(b.place, entities)}"


def _countries(ids: list[str], entities: dict[str, Entity]) -> set[str]:
    """The countries of places that are all towns with a known country; empty if any is not."""
    out = set()
    for i in ids:
        e = entities.get(i)
        country = e.attrs.get("country") if e is not None else None
        if not country:
            return set()
        out.add(country)
    return out


def actor_conflict(a: Claim, b: Claim, entities: dict[str, Entity]) -> str | None:
    """Doer and target swapped ("A expelled B's envoy" vs "B expelled A's"), or different doers of one dated
    event (same day, same target)."""
    aa, ab = expand(a.actor, entities), expand(b.actor, entities)
    if not aa or not ab or aa & ab:
        return None
    ta, tb = expand(a.target, entities), expand(b.target, entities)
    if not (a.flags.get("symmetric") or b.flags.get("symmetric")) and aa & tb and ab & ta:
        return f"{_names(a.actor, entities)} acting on {_names(a.target, entities)} vs the reverse"
    wa, wb = a.when, b.when
    if ta & tb and wa and wb and wa.granularity == wb.granularity == "day" and wa.start == wb.start:
        return f"{_names(a.actor, entities)} vs {_names(b.actor, entities)}"
    return None


def attribution_conflict(a: Claim, b: Claim, entities: dict[str, Entity], words_a: set[str],
                         words_b: set[str]) -> str | None:
    """The same words given to different people, or the same person's words to different outlets."""
    if not (a.quote and b.quote) or len(words_a & words_b) < 0.6 * max(1, min(len(words_a), len(words_b))):
        return None
    sa, sb = a.said_by, b.said_by
    if sa and sb and ANONYMOUS not in (sa, sb) and not expand([sa], entities) & expand([sb], entities):
        return f"said by {_names([sa], entities)} vs {_names([sb], entities)}"
    if sa and sa == sb and a.via and b.via and not set(a.via) & set(b.via):
        return f"given to {_names(a.via[:1], entities)} vs {_names(b.via[:1], entities)}"
    return None


def near_pairs(members: list[Claim]) -> Iterable[tuple[Claim, Claim]]:
    """Pairs of a block's members at most WINDOW apart in input (ingest) order (a sorted neighbourhood, as
    in grouping, narrower): reports of one event are written close in time, and the work per claim stays
    bounded."""
    for i, a in enumerate(members):
        for b in members[i + 1:i + 1 + WINDOW]:
            yield a, b


def _names(ids: list[str], entities: dict[str, Entity]) -> str:
    return ", ".join(entities[i].name if i in entities else i for i in ids) or "nobody"


def _explain(reason: str, detail: str, a: Claim, b: Claim, outlet: dict[str, str]) -> str:
    oa, ob = outlet.get(a.doc_id, a.doc_id), outlet.get(b.doc_id, b.doc_id)
    what = {"date": "disagree on when it happened", "number": "give figures that cannot both be right",
            "negation": "contradict each other: one reports it, the other carries a denial",
            "order": "put the events in opposite order", "place": "place it in different places",
            "actor": "name different actors", "attribution": "attribute the words to different sources"}[reason]
    return f"{oa} and {ob} {what}" + (f": {detail}" if detail else "") + "."


@gc_paused
def find_conflicts(claims: list[Claim], groups: list[list[str]], entities: dict[str, Entity],
                   copies: dict[str, tuple[str, float]], outlet: dict[str, str],
                   evidence: dict[str, str], touched: set[str] | None = None) -> list[Conflict]:
    """Conflicts among `claims`. With `touched` (claim ids new since the last build), only pairs with a
    touched claim on one side are compared; the caller keeps the earlier conflicts."""
    by_id = {c.id: c for c in claims}

    def new(a: Claim, b: Claim) -> bool:
        return touched is None or a.id in touched or b.id in touched

    def root(d: str) -> str:
        return copies[d][0] if d in copies else d

    found: dict[tuple[str, str], Conflict] = {}

    def add(a: Claim, b: Claim, reason: str, detail: str) -> None:
        if root(a.doc_id) == root(b.doc_id):
            return  # a report and its copy, or one article presenting both sides, is not a contradiction
        key = (min(a.id, b.id), max(a.id, b.id))
        if key in found:
            return
        found[key] = Conflict(key[0], key[1], reason, _explain(reason, detail, a, b, outlet),
                              evidence.get(a.id, a.text), evidence.get(b.id, b.text))

    # inside groups: order, negation, date, number, attribution, place, actor
    for g in groups:
        members = [by_id[i] for i in g]
        # a group that took in a new claim may have joined two earlier groups: all its pairs are compared
        grown = touched is None or any(i in touched for i in g)
        for a, b in combinations(members, 2):
            if not grown or "planned" in (a.modality, b.modality) or a.irrealis or b.irrealis:
                continue
            if o := order_conflict(a, b):  # a denial of the order ("not before the search") is about the order
                add(a, b, "order", o)
                continue
            if negation_conflict(a, b):
                add(a, b, "negation", "")
                continue
            if d := date_conflict(a, b):
                add(a, b, "date", d)
            elif n := number_conflict(a, b):
                add(a, b, "number", n)
            elif (a.quote and b.quote
                  and (t := attribution_conflict(a, b, entities, words(evidence.get(a.id, a.text)),
                                                 words(evidence.get(b.id, b.text))))):
                add(a, b, "attribution", t)
            elif (a.flags.get("event_key") == b.flags.get("event_key") and a.event_type
                  and (p := place_conflict(a, b, entities))):
                add(a, b, "place", p)
            elif a.event_type and a.event_type == b.event_type and (w := actor_conflict(a, b, entities)):
                add(a, b, "actor", w)
    # across groups, blocked on (kind of event, participant) so it never compares all pairs; a pair that
    # shares several participants is compared once, in the block of the first one they share (no memory of
    # pairs seen)
    parts_of: dict[str, frozenset[str]] = {}
    actors_of: dict[str, frozenset[str]] = {}
    story = story_context(claims, entities)  # "the group left in January": the lead's doer and place
    none = Context()

    def parts(c: Claim) -> frozenset[str]:
        if (got := parts_of.get(c.id)) is None:
            ctx = story.get(c.id, none)
            got = parts_of[c.id] = frozenset(expand(c.actor + c.target + c.place + list(ctx.actor + ctx.place),
                                                    entities))
        return got

    def actors(c: Claim) -> frozenset[str]:
        if (got := actors_of.get(c.id)) is None:
            got = actors_of[c.id] = frozenset(expand(c.actor + list(story.get(c.id, none).actor), entities))
        return got

    def blocks(items: Iterable[Claim], key) -> Iterable[tuple[str, list[Claim], set[tuple]]]:
        index: dict[tuple, list[Claim]] = defaultdict(list)
        for c in items:
            for p in parts(c):
                index[(key(c), p)].append(c)
        usable = {b for b, members in index.items() if 1 < len(members) <= MAX_BLOCK}
        for b in usable:
            yield b, index[b], usable

    def fresh(b: tuple, usable: set[tuple], x: Claim, y: Claim) -> bool:
        """Compare a pair once: in the first usable block of the participants it shares."""
        if root(x.doc_id) == root(y.doc_id) or not new(x, y):
            return False
        return min(p for p in parts(x) & parts(y) if (b[0], p) in usable) == b[1]

    everyone_of: dict[str, frozenset[str]] = {}

    def everyone(c: Claim) -> frozenset[str]:
        if (got := everyone_of.get(c.id)) is None:
            got = everyone_of[c.id] = parts(c) | actors(c)
        return got

    def same_event(a: Claim, b: Claim) -> bool:
        """Same doer and at least one more shared participant: two reports of one event."""
        return not actors(a).isdisjoint(actors(b)) and len(everyone(a) & everyone(b)) >= 2

    # order: the same two events put in opposite order, blocked on the pair of kinds of event related (a
    # clause that names nobody, "the arrangement was agreed only after that visit", still meets its rival);
    # claims that both name participants must share one
    pair_index: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    pairs_of: dict[str, set[tuple[str, str]]] = {}
    for c in claims:
        own = c.flags.get("event_key")
        rels = c.flags.get("relations") or []
        keys = {tuple(sorted((str(own), str(r.get("event"))))) for r in rels if own and r.get("event")}
        if keys:
            pairs_of[c.id] = keys
            for k in keys:
                pair_index[k].append(c)
    for k, members in pair_index.items():
        for a, b in near_pairs(members):
            if (min(pairs_of[a.id] & pairs_of[b.id]) != k or root(a.doc_id) == root(b.doc_id) or not new(a, b)
                    or (parts(a) and parts(b) and not parts(a) & parts(b))):
                continue
            if d := order_conflict(a, b):
                add(a, b, "order", d)
    # date: the same event (same type, same actor, shared participants) dated apart
    dated = [c for c in claims if c.event_type and c.when and c.modality in REALIS and not c.irrealis
             and c.flags.get("when_source") != "statement" and c.when.granularity in ("day", "month")]
    for blk, members, usable in blocks(dated, lambda c: c.event_type):
        for a, b in near_pairs(members):  # a sorted neighbourhood, as for figures: linear in the block
            wa, wb = a.when, b.when  # cheap checks first: most pairs are dated alike or far apart
            if not (wa.end < wb.start or wb.end < wa.start) or abs((wa.start - wb.start).days) > 62:
                continue
            if not fresh(blk, usable, a, b) or not same_event(a, b):
                continue
            if a.quantity and b.quantity and number_conflict(a, b):
                continue  # 300 workers in March and 200 in April: two batches, not two dates for one
            if d := date_conflict(a, b):
                add(a, b, "date", d)
    # number: one event's head count or amount given apart by reports in different groups (two batches
    # on different dates are two events: a figure is only compared where the dates do not tell them apart)
    counted = [c for c in claims if c.event_type and c.quantity and c.modality in REALIS and not c.irrealis]
    for blk, members, usable in blocks(counted, lambda c: c.event_type):
        for a, b in near_pairs(members):
            if (a.when is None) != (b.when is None) or not (n := number_conflict(a, b)):
                continue  # cheap checks first: most pairs give figures that may agree
            if not fresh(blk, usable, a, b) or not same_event(a, b):
                continue
            if a.when and b.when and ("statement" in (a.flags.get("when_source"), b.flags.get("when_source"))
                                      or date_conflict(a, b)):
                continue  # dated apart, or dated only by when it was said: maybe two batches
            add(a, b, "number", n)
    # negation: a denial against every report of the same event (two shared particulars). The denial answers
    # the story and is read in it ("we never hired anyone", said the firm's manager, in a story from Dandong);
    # the report must name the particulars itself
    stated_of: dict[str, frozenset[str]] = {}

    def stated(c: Claim) -> frozenset[str]:
        if (got := stated_of.get(c.id)) is None:
            got = stated_of[c.id] = frozenset(expand(c.actor + c.target + c.place, entities))
        return got

    index: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    at: dict[tuple[str, str], list[int]] = defaultdict(list)  # input positions of a block's members
    for i, c in enumerate(claims):
        # a figure that measures the cargo or the money ("16,000 barrels") is a separate proposition from
        # whether it happened; a head count ("400 workers") presupposes the people a denial says are not there
        if (c.modality in REALIS and not c.irrealis and c.event_type
                and (c.quantity is None or c.quantity.unit not in MEASURES)):
            for p in stated(c):
                index[(c.event_type, p)].append(c)
                at[(c.event_type, p)].append(i)
    group_of = {cid: i for i, g in enumerate(groups) for cid in g}
    for pos, d in enumerate(claims):
        if d.modality != "denied" or not d.event_type:
            continue
        particular = {name_key(i) for i in d.actor + d.target if i in entities and entities[i].type not in PLACE_TYPES}
        candidates: dict[str, Claim] = {}
        for p in parts(d):
            members = index.get((d.event_type, p), [])
            if len(members) <= MAX_BLOCK:
                # the WINDOW reports on each side of the denial in input order (a sorted neighbourhood, as
                # everywhere): a denial answers the reports of its time, and the work per denial stays bounded
                k = bisect_left(at[(d.event_type, p)], pos)
                candidates.update((c.id, c) for c in members[max(0, k - WINDOW):k + WINDOW])
        # the reports of the closest groups first (a group's best report ranks it), all reports of a group
        # together, at most DENIAL_REPORTS in all: it bounds the pass at scale
        by_group: dict[object, list[tuple[tuple[int, int, str], Claim]]] = defaultdict(list)
        for c in candidates.values():
            if root(c.doc_id) == root(d.doc_id) or not new(c, d):
                continue
            shared = len(stated(c) & parts(d))
            if shared < 2:
                continue  # one shared country is not one event: the denial must meet the report's particulars
            if particular and not particular & stated(c):
                continue  # "the firm never hired North Koreans" denies what is told of that firm, not of others
            if any(r.get("rel") == "before" for r in c.flags.get("relations") or []):
                continue  # "before the resolution": an earlier state, not what the denial is about
            if c.when and d.when and (d.when.start - c.when.end).days > 400:
                continue  # a denial of today's situation does not contradict a report years older
            gap = abs((d.when.start - c.when.start).days) if c.when and d.when else 10_000
            by_group[group_of.get(c.id, c.id)].append(((-shared, gap, c.id), c))
        ranked = sorted((sorted(m, key=lambda rc: rc[0]) for m in by_group.values()), key=lambda m: m[0][0])
        for _, c in [rc for m in ranked for rc in m][:DENIAL_REPORTS]:
            add(d, c, "negation", "")
    return list(found.values())
