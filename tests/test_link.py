"""Linking on hand-built claims: conflicts (and the look-alikes that are not), groups, origins, copies, watch rules."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from claimgraph.assess.watch import evaluate
from claimgraph.link.conflicts import date_conflict, find_conflicts, negation_conflict, number_conflict, order_conflict
from claimgraph.link.grouping import THRESHOLD, features, group_claims, score
from claimgraph.link.origins import independent, origin_key
from claimgraph.link.story import join_story, join_story_acts
from claimgraph.link.syndication import find_copies
from claimgraph.model import ANONYMOUS, Claim, Document, Entity, Quantity, TimeSpan

# --------------------------------------------------------------------------- helpers


def claim(cid: str, doc: str, text: str, **kw: Any) -> Claim:
    return Claim(id=cid, doc_id=doc, text=text, start=0, end=len(text), **kw)


def month(y: int, m: int, text: str = "") -> TimeSpan:
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return TimeSpan(date(y, m, 1), date.fromordinal(nxt.toordinal() - 1), "month", text)


def day(y: int, m: int, d: int, text: str = "") -> TimeSpan:
    return TimeSpan(date(y, m, d), date(y, m, d), "day", text)


def year(y: int) -> TimeSpan:
    return TimeSpan(date(y, 1, 1), date(y, 12, 31), "year", str(y))


def qty(value: float, approx: str | None = None, unit: str | None = "workers", text: str = "") -> Quantity:
    return Quantity(value, approx, unit, text)


OUTLET = {"d1": "Wire Daily", "d2": "Border Times", "d3": "Copy Gazette"}
ENTITIES = {
    "dprk": Entity("dprk", "North Korea", "GPE"),
    "russia": Entity("russia", "Russia", "GPE"),
    "china": Entity("china", "China", "GPE"),
    "city:vladivostok": Entity("city:vladivostok", "Vladivostok", "GPE", attrs={"country": "russia"}),
    "city:dandong": Entity("city:dandong", "Dandong", "GPE", attrs={"country": "china"}),
    "city:pyongyang": Entity("city:pyongyang", "Pyongyang", "GPE", attrs={"country": "dprk"}),
    "v:chon-ma": Entity("v:chon-ma", "Chon Ma San", "VESSEL", attrs={"flag": "dprk"}),
    "v:sea-star": Entity("v:sea-star", "Sea Star", "VESSEL", attrs={"flag": "panama"}),
    "n:kim-yo-jong": Entity("n:kim-yo-jong", "Kim Yo Jong", "PERSON"),
    "org:daily-nk": Entity("org:daily-nk", "Daily NK", "MEDIA"),
    "org:yonhap": Entity("org:yonhap", "Yonhap", "MEDIA"),
}


def labour(cid: str, doc: str, text: str = "North Korea sent workers to Vladivostok.", **kw: Any) -> Claim:
    kw.setdefault("event_type", "labour_deployment")
    kw.setdefault("actor", ["dprk"])
    kw.setdefault("place", ["city:vladivostok"])
    kw.setdefault("modality", "reported")
    kw.setdefault("flags", {"event_key": "06"})
    return claim(cid, doc, text, **kw)


def conflicts(claims: list[Claim], groups: list[list[str]], copies: dict[str, tuple[str, float]] | None = None):
    return find_conflicts(claims, groups, ENTITIES, copies or {}, OUTLET, {c.id: c.text for c in claims})


# --------------------------------------------------------------------------- date


def test_date_conflict_months_apart() -> None:
    a = labour("a", "d1", when=month(2025, 1, "in January"))
    b = labour("b", "d2", when=month(2024, 11, "in November"))
    assert date_conflict(a, b) == "2025-01 vs 2024-11"
    assert date_conflict(b, a) == "2024-11 vs 2025-01"


def test_days_apart_conflict_and_show_days() -> None:
    a = labour("a", "d1", when=day(2026, 3, 4))
    b = labour("b", "d2", when=day(2026, 3, 6))
    assert date_conflict(a, b) == "2026-03-04 vs 2026-03-06"


def test_month_contains_day_is_no_date_conflict() -> None:
    july = labour("a", "d1", when=TimeSpan(date(2022, 7, 1), date(2022, 7, 31), "month", "in July"))
    july13 = labour("b", "d2", when=day(2022, 7, 13, "on July 13"))
    assert date_conflict(july, july13) is None
    assert date_conflict(july13, july) is None


def test_statement_date_is_no_date_conflict() -> None:
    said = labour("a", "d1", when=day(2025, 3, 1), flags={"event_key": "06", "when_source": "statement"})
    event = labour("b", "d2", when=day(2024, 6, 1), flags={"event_key": "06", "when_source": "event"})
    assert date_conflict(said, event) is None
    assert date_conflict(event, said) is None
    # the same two dates as event dates do conflict: it is the statement flag that spares them
    said.flags["when_source"] = "event"
    assert date_conflict(said, event) == "2025-03-01 vs 2024-06-01"


def test_coarse_or_missing_dates_never_conflict() -> None:
    assert date_conflict(labour("a", "d1", when=year(2019)), labour("b", "d2", when=day(2024, 1, 1))) is None
    assert date_conflict(labour("a", "d1"), labour("b", "d2", when=day(2024, 1, 1))) is None


# --------------------------------------------------------------------------- number


def test_number_conflict_about_400_vs_more_than_1000() -> None:
    a = labour("a", "d1", quantity=qty(400, "about", text="about 400"))
    b = labour("b", "d2", quantity=qty(1000, "more_than", text="more than 1,000"))
    assert number_conflict(a, b) == "about 400 vs more than 1,000"


def test_about_150_vs_150_is_no_number_conflict() -> None:
    a = labour("a", "d1", quantity=qty(150, "about", text="about 150"))
    b = labour("b", "d2", quantity=qty(150, None, text="150"))
    assert number_conflict(a, b) is None
    assert number_conflict(b, a) is None


@pytest.mark.parametrize("qa,qb,expected", [
    (qty(150, None, text="150"), qty(200, None, text="200"), "150 vs 200"),  # exact figures: 2% leeway
    (qty(150, None, text="150"), qty(152, None, text="152"), None),
    (qty(100, "up_to", text="up to 100"), qty(60, "about", text="about 60"), None),  # 60 is within "up to 100"
    (qty(100, "up_to", text="up to 100"), qty(150, "more_than", text="more than 150"), "up to 100 vs more than 150"),
    (qty(30, None, "percent", "30 percent"), qty(400, None, "workers", "400"), None),  # a share vs a count
])
def test_number_conflict_ranges(qa: Quantity, qb: Quantity, expected: str | None) -> None:
    assert number_conflict(labour("a", "d1", quantity=qa), labour("b", "d2", quantity=qb)) == expected


def test_no_number_conflict_without_both_figures() -> None:
    assert number_conflict(labour("a", "d1", quantity=qty(5, text="5")), labour("b", "d2")) is None


# --------------------------------------------------------------------------- negation and order


def test_negation_conflict_denied_vs_reported() -> None:
    denied = labour("a", "d1", modality="denied")
    reported = labour("b", "d2", modality="reported")
    assert negation_conflict(denied, reported) is True
    assert negation_conflict(reported, denied) is True


@pytest.mark.parametrize("other,expected", [
    ({"modality": "asserted"}, True),
    ({"modality": "unverified"}, True),
    ({"modality": "hedged"}, True),
    ({"modality": "denied"}, False),  # two denials agree
    ({"modality": "planned"}, False),  # a plan is not contradicted by a denial
    ({"modality": "reported", "irrealis": True}, False),
])
def test_negation_needs_a_realis_report(other: dict[str, Any], expected: bool) -> None:
    assert negation_conflict(labour("a", "d1", modality="denied"), labour("b", "d2", **other)) is expected


def test_order_conflict_crossed_relations() -> None:
    # A: the sanctions (16) came after the test (15); B: the test came after the sanctions
    a = claim("a", "d1", "The UN imposed sanctions in response to the test.",
              flags={"event_key": "16", "relations": [{"rel": "after", "event": "15", "text": "in response"}]})
    b = claim("b", "d2", "The test came after the UN imposed sanctions.",
              flags={"event_key": "15", "relations": [{"rel": "after", "event": "16", "text": "after the sanctions"}]})
    assert order_conflict(a, b) == "'in response' vs 'after the sanctions'"


def ordered(cid: str, key: str, rel: str, other: str, text: str, **kw: Any) -> Claim:
    """A claim of event `key` that the text puts `rel` ('after' | 'before') event `other`."""
    return claim(cid, kw.pop("doc", "d2"), f"{key} {rel} {other}",
                 flags={"event_key": key, "relations": [{"rel": rel, "event": other, "text": text}]}, **kw)


def test_order_conflict_same_pair_opposite_relation() -> None:
    a = ordered("a", "06", "after", "05", "in response", doc="d1")
    b = ordered("b", "06", "before", "05", "days before")
    assert order_conflict(a, b) == "'in response' vs 'days before'"


def test_order_consistent_or_unrelated_is_no_conflict() -> None:
    a = ordered("a", "06", "after", "05", "after", doc="d1")
    assert order_conflict(a, ordered("b", "05", "before", "06", "before")) is None  # the same order, told backwards
    assert order_conflict(a, ordered("c", "06", "after", "05", "following")) is None  # agreement
    assert order_conflict(a, ordered("d", "06", "before", "16", "before")) is None  # another pair of events
    assert order_conflict(a, claim("e", "d2", "v", flags={"event_key": "05"})) is None  # no relation at all


# --------------------------------------------------------------------------- find_conflicts end to end


def test_find_conflicts_date_in_group_with_explanation_and_evidence() -> None:
    a = labour("a", "d1", "Workers arrived in January.", when=month(2025, 1))
    b = labour("b", "d2", "Workers arrived in November.", when=month(2024, 11))
    [c] = conflicts([a, b], [["a", "b"]])
    assert (c.claim_a, c.claim_b, c.reason) == ("a", "b", "date")
    assert c.explanation == "Wire Daily and Border Times disagree on when it happened: 2025-01 vs 2024-11."
    assert (c.evidence_a, c.evidence_b) == ("Workers arrived in January.", "Workers arrived in November.")


def test_find_conflicts_number_in_group() -> None:
    a = labour("a", "d1", quantity=qty(400, "about", text="about 400"))
    b = labour("b", "d2", quantity=qty(1000, "more_than", text="more than 1,000"))
    [c] = conflicts([a, b], [["a", "b"]])
    assert c.reason == "number"
    assert c.explanation.endswith("give figures that cannot both be right: about 400 vs more than 1,000.")


def test_find_conflicts_same_document_or_copy_is_never_a_conflict() -> None:
    a = labour("a", "d1", when=month(2025, 1), quantity=qty(400, "about"))
    b = labour("b", "d2", when=month(2024, 11), quantity=qty(1000, "more_than"))
    assert [c.reason for c in conflicts([a, b], [["a", "b"]])] == ["date"]
    same_doc = labour("b", "d1", when=month(2024, 11), quantity=qty(1000, "more_than"))
    assert conflicts([a, same_doc], [["a", "b"]]) == []
    assert conflicts([a, b], [["a", "b"]], copies={"d2": ("d1", 0.9)}) == []
    # a denial across groups is spared the same way
    report = labour("r", "d1")
    denied = labour("n", "d2", modality="denied")
    assert [c.reason for c in conflicts([report, denied], [])] == ["negation"]
    assert conflicts([report, denied], [], copies={"d2": ("d1", 0.8)}) == []
    assert conflicts([report, labour("n", "d1", modality="denied")], []) == []
    # and so is an order disagreement
    x = ordered("x", "16", "after", "15", "in response", doc="d1", actor=["dprk"])
    y = ordered("y", "15", "after", "16", "after the sanctions", doc="d2", actor=["dprk"])
    assert [c.reason for c in conflicts([x, y], [])] == ["order"]
    assert conflicts([x, y], [], copies={"d2": ("d1", 0.8)}) == []


def test_find_conflicts_plan_then_act_is_not_a_conflict() -> None:
    plan = labour("a", "d1", "North Korea will send 500 workers to Russia in 2022.", modality="planned",
                  irrealis=True, when=year(2022), quantity=qty(500, text="500"))
    act = labour("b", "d2", "North Korea sent 1,000 workers to Russia in May 2024.", modality="reported",
                 when=month(2024, 5), quantity=qty(1000, text="1,000"))
    assert conflicts([plan, act], [["a", "b"]]) == []
    # a planned modality alone (dates at month precision, figures apart) is skipped too
    plan2 = labour("a", "d1", modality="planned", when=month(2022, 7), quantity=qty(500, text="500"))
    assert date_conflict(plan2, act) is not None  # the slots do disagree...
    assert conflicts([plan2, act], [["a", "b"]]) == []  # ...but a plan and the act are not a contradiction


def test_find_conflicts_negation_across_groups() -> None:
    report = labour("a", "d1", "North Korean workers arrived in Vladivostok.")
    denial = labour("b", "d2", "Russia denied that North Korean workers arrived.", modality="denied", said_by="russia")
    [c] = conflicts([report, denial], [])
    assert (c.reason, {c.claim_a, c.claim_b}) == ("negation", {"a", "b"})
    assert "contradict each other" in c.explanation
    # a denial of another kind of event, or about other participants, contradicts nothing
    assert conflicts([report, labour("b", "d2", modality="denied", event_type="fuel_transfer")], []) == []
    assert conflicts([report, labour("b", "d2", modality="denied", actor=["china"], place=["city:dandong"])], []) == []


def test_find_conflicts_denial_meets_a_head_count_but_not_a_measure_of_cargo() -> None:
    denial = labour("x", "dx", "Russia denied that any North Korean workers were in Vladivostok.",
                    modality="denied", said_by="russia")
    count = labour("a", "d1", "About 400 North Korean workers arrived in Vladivostok.", quantity=qty(400, "about"))
    # "400 workers" presupposes the workers the denial says are not there
    assert [c.reason for c in conflicts([count, denial], [])] == ["negation"]
    # "16,000 barrels" measures a cargo: how much is a separate proposition from whether it happened
    cargo = labour("b", "d2", "About 16,000 barrels went to Vladivostok.", quantity=qty(16000, "about", "barrel"))
    assert conflicts([cargo, denial], []) == []


def test_find_conflicts_denial_is_bounded_and_takes_whole_groups_first() -> None:
    from claimgraph.link.conflicts import DENIAL_REPORTS

    denial = labour("x", "dx", "Russia denied that North Korean workers arrived.", modality="denied", said_by="russia")
    # every report of the denied event conflicts with the denial, one conflict each
    reports = [labour(f"r{i}", f"d{i}", "North Korean workers arrived in Vladivostok.") for i in range(3)]
    assert len(conflicts([*reports, denial], [["r0", "r1", "r2"]])) == 3
    # many reports: the pass stops at DENIAL_REPORTS, so one denial cannot raise thousands of conflicts
    many = [labour(f"m{i}", f"e{i}", "North Korean workers arrived in Vladivostok.") for i in range(DENIAL_REPORTS + 5)]
    assert len(conflicts([*many, denial], [[m.id] for m in many])) == DENIAL_REPORTS
    # the group whose reports meet more of the denial's particulars comes first, whole
    close = [labour(f"z{i}", f"f{i}", "North Korean workers arrived in Vladivostok.", target=["v:chon-ma"])
             for i in range(3)]
    denial2 = labour("y", "dy", "Russia denied it.", modality="denied", said_by="russia", target=["v:chon-ma"])
    got = conflicts([*many, *close, denial2], [[m.id] for m in many] + [["z0", "z1", "z2"]])
    assert {"z0", "z1", "z2"} <= {x for c in got for x in (c.claim_a, c.claim_b)}


def test_find_conflicts_order_across_groups() -> None:
    a = claim("a", "d1", "Russia imposed sanctions in response to the test.", actor=["russia"], target=["dprk"],
              flags={"event_key": "16", "relations": [{"rel": "after", "event": "15", "text": "in response"}]})
    b = claim("b", "d2", "The test came after Russia's sanctions on North Korea.", actor=["dprk"],
              flags={"event_key": "15", "relations": [{"rel": "after", "event": "16", "text": "after the sanctions"}]})
    [c] = conflicts([a, b], [])
    assert c.reason == "order"
    assert c.explanation == ("Wire Daily and Border Times put the events in opposite order: "
                             "'in response' vs 'after the sanctions'.")
    # reports that share no participant are about different events
    b.actor = ["china"]
    assert conflicts([a, b], []) == []


# --------------------------------------------------------------------------- grouping


def test_group_claims_same_event_from_two_documents() -> None:
    a = labour("a", "d1", "North Korea sent about 300 construction workers to Vladivostok in March.",
               quantity=qty(300, "about"))
    b = labour("b", "d2", "Some 300 North Korean construction workers were sent to Vladivostok in March, "
                          "officials said.", quantity=qty(300, "about"))
    c = labour("c", "d2", "Kim Yo Jong criticised the South Korean leaflet campaign.", event_type="criticize",
               actor=["n:kim-yo-jong"], place=[], flags={"event_key": "11"})
    assert group_claims([a, b, c], ENTITIES, {}, {}) == [["a", "b"]]


def test_group_claims_joins_a_syndicated_copy_clause_by_clause() -> None:
    text = "The ship was seen at the port at night, the report said."
    orig = claim("o", "d1", text, trigger="seen")
    copy = claim("k", "d3", text, trigger="seen")
    assert group_claims([orig, copy], ENTITIES, {"d3": ("d1", 0.8)}, {}) == [["k", "o"]]
    # a different clause in the copy stays apart
    other = claim("k", "d3", "Port officials declined to comment on the inspection.", trigger="declined")
    assert group_claims([orig, other], ENTITIES, {"d3": ("d1", 0.8)}, {}) == []


def test_group_claims_never_joins_different_event_keys() -> None:
    text = "North Korea and Russia signed a deal on workers in Vladivostok."
    a = labour("a", "d1", text, flags={"event_key": "06"})
    b = labour("b", "d2", text, event_type="agree", flags={"event_key": "05"})
    assert score(features(a, ENTITIES, str, a.text), features(b, ENTITIES, str, b.text)) == 0.0
    assert group_claims([a, b], ENTITIES, {}, {}) == []
    b.flags["event_key"] = "06"  # the same two claims under one key do group
    assert group_claims([a, b], ENTITIES, {}, {}) == [["a", "b"]]


def test_group_claims_a_claim_naming_two_doers_does_not_chain_their_acts() -> None:
    def rec(cid: str, doc: str, text: str, actor: list[str]) -> Claim:
        return claim(cid, doc, text, event_type="recognize", actor=actor, target=["v:sea-star"],
                     flags={"event_key": "05"})

    both = rec("b", "d1", "Russia and China recognized the Sea Star registry, the only countries to do so.",
               ["russia", "china"])
    ru = rec("r", "d2", "Russia recognized the Sea Star registry in February, days before the vote.", ["russia"])
    cn = rec("c", "d3", "China is also the only other country to recognize the Sea Star registry.", ["china"])
    groups = group_claims([both, ru, cn], ENTITIES, {}, {})
    # the two-doer claim may join either side, but Russia's act and China's act never end in one group
    assert not any({"r", "c"} <= set(g) for g in groups)
    # doers of different kinds (a ship that delivered, a firm that estimated) may still meet through a third
    fa = features(ru, ENTITIES, str, ru.text)
    assert fa.actor_kinds == {"GPE"}


def test_group_claims_keeps_a_denial_apart() -> None:
    text = "North Korean workers arrived in Vladivostok."
    a = labour("a", "d1", text)
    b = labour("b", "d2", text, modality="denied")
    assert score(features(a, ENTITIES, str, text), features(b, ENTITIES, str, text)) == 0.0
    assert group_claims([a, b], ENTITIES, {}, {}) == []


def test_group_claims_a_denial_naming_the_same_ship_joins_the_reports_it_denies() -> None:
    def transfer(cid: str, doc: str, text: str, **kw: Any) -> Claim:
        return labour(cid, doc, text, event_type="fuel_transfer", actor=["v:sea-star"], target=["v:chon-ma"],
                      place=[], **kw)

    a = transfer("a", "d1", "The Sea Star pumped fuel into the Chon Ma San last month.")
    b = transfer("b", "d2", "The Sea Star transferred fuel to the Chon Ma San in a ship-to-ship transfer.")
    d = transfer("x", "d3", "The operator denied that the Sea Star had ever supplied fuel to the Chon Ma San.",
                 modality="denied", said_by="n:kim-yo-jong")
    assert group_claims([a, b, d], ENTITIES, {}, {}) == [["a", "b", "x"]]  # one proposition, now contested
    [c] = [c for c in conflicts([a, b, d], [["a", "b", "x"]]) if "x" in (c.claim_a, c.claim_b) and "a" in
           (c.claim_a, c.claim_b)]
    assert c.reason == "negation"
    # a denial in general terms (states only) stays its own statement
    g = labour("y", "d3", "Russia denied that any North Korean workers were in Vladivostok.", modality="denied")
    r = labour("r", "d1", "North Korean workers arrived in Vladivostok.")
    assert group_claims([r, g], ENTITIES, {}, {}) == []


def test_group_claims_city_meets_its_country() -> None:
    # "Vladivostok" (a Russian city) and "Russia" share the block (06, russia)
    a = labour("a", "d1", "About 300 North Korean workers arrived in Vladivostok.", place=["city:vladivostok"])
    b = labour("b", "d2", "About 300 North Korean workers arrived in Russia.", place=["russia"])
    fa = features(a, ENTITIES, str, a.text)
    assert ("06", "russia") in fa.blocks and ("06", "dprk") in fa.blocks
    assert score(fa, features(b, ENTITIES, str, b.text)) >= THRESHOLD
    assert group_claims([a, b], ENTITIES, {}, {}) == [["a", "b"]]


# --------------------------------------------------------------------------- origins


def doc(did: str, outlet: str | None = None) -> Document:
    return Document(id=did, text="...", outlet=outlet or OUTLET.get(did))


def test_two_named_doers_of_one_act_are_two_propositions() -> None:
    ents = {**ENTITIES, "n:rim": Entity("n:rim", "Pacific Rim Compliance Institute", "ORG"),
            "n:tidemark": Entity("n:tidemark", "Tidemark", "ORG"),
            "org:tidemark-maritime-research": Entity("org:tidemark-maritime-research", "Tidemark Maritime Research",
                                                     "ORG"),
            "un_1718": Entity("un_1718", "1718 Committee", "ORG")}

    def plan(cid: str, doc: str, actor: str, target: str = "un_1718") -> Claim:
        return claim(cid, doc, "It plans to send its findings to the committee that monitors sanctions on North Korea.",
                     actor=[actor], target=[target], event_type="share_information", modality="planned",
                     flags={"event_key": "06"})

    def same(a: Claim, b: Claim) -> bool:
        return bool(group_claims([a, b], ents, {}, {}))

    assert not same(plan("a", "d1", "n:rim"), plan("b", "d2", "n:tidemark"))
    assert same(plan("a", "d1", "n:tidemark"), plan("b", "d2", "org:tidemark-maritime-research"))  # one name, two ids
    assert same(plan("a", "d1", "n:rim", "n:tidemark"), plan("b", "d2", "n:tidemark", "n:rim"))  # swapped: one act


def test_origin_one_interview_quoted_by_two_outlets() -> None:
    a = claim("a", "d1", "x", said_by="n:kim-yo-jong", via=["org:yonhap"])
    b = claim("b", "d2", "y", said_by="n:kim-yo-jong")
    ka = origin_key(a, doc("d1"), doc("d1"), ENTITIES)
    kb = origin_key(b, doc("d2"), doc("d2"), ENTITIES)
    assert ka == kb == "n:kim-yo-jong"


def test_origin_anonymous_source_via_the_same_outlet_counts_once() -> None:
    a = claim("a", "d1", "x", said_by=ANONYMOUS, via=["org:daily-nk"])
    b = claim("b", "d2", "y", said_by=ANONYMOUS, via=["org:daily-nk", "org:yonhap"])
    ka = origin_key(a, doc("d1"), doc("d1"), ENTITIES)
    assert ka == origin_key(b, doc("d2"), doc("d2"), ENTITIES) == "anonymous source via outlet:daily nk"


def test_origin_unrelayed_anonymous_sources_in_two_articles_are_two() -> None:
    a = claim("a", "d1", "x", said_by=ANONYMOUS)
    b = claim("b", "d2", "y", said_by=ANONYMOUS)
    assert origin_key(a, doc("d1"), doc("d1"), ENTITIES) != origin_key(b, doc("d2"), doc("d2"), ENTITIES)


def test_origin_own_reporting_of_two_outlets_are_two_keys() -> None:
    a = claim("a", "d1", "x")
    b = claim("b", "d2", "y")
    ka = origin_key(a, doc("d1"), doc("d1"), ENTITIES)
    kb = origin_key(b, doc("d2"), doc("d2"), ENTITIES)
    assert (ka, kb) == ("outlet:wire daily", "outlet:border times")


def test_origin_of_a_copy_is_its_originals_outlet() -> None:
    k = claim("k", "d3", "x")
    assert origin_key(k, doc("d3"), doc("d1"), ENTITIES) == "outlet:wire daily"


# --------------------------------------------------------------------------- syndication

STORY = (
    "North Korea sent hundreds of construction workers to the Russian port city of Vladivostok this spring, "
    "according to two officials in the regional labour ministry who spoke on condition of anonymity. "
    "The workers arrived on student and tourist visas and were taken to building sites on the edge of the city, "
    "where they live in dormitories behind the fences of the projects they work on. "
    "One of the officials said the men were paid in cash through a local contractor that keeps most of their wages "
    "and sends the money to a trading company in Pyongyang. "
    "United Nations sanctions adopted in December 2017 required every member state to send North Korean workers "
    "home within two years, and Moscow has said it complies with the resolution. "
    "The foreign ministry in Moscow did not respond to written questions about the report on Tuesday. "
    "A spokesman for the contractor said the company employs only Russian citizens and called the claims baseless."
)
REWRITE = (
    "VLADIVOSTOK (Wire Daily) — Hundreds of North Korean labourers are back on Russian building sites. "
    + STORY.split(". ", 1)[1]
    + " The regional government has announced new checks on foreign labour at construction sites next month."
)
OTHER = (
    "The city council voted on Monday to extend the tram line to the new hospital on the northern edge of town. "
    "Work is expected to start in the autumn and to last about two years, a council spokeswoman said, adding that "
    "the budget had been approved by the regional government after a public consultation in which residents asked "
    "for more frequent services and safer stops. The opposition criticised the cost of the project."
)


def test_find_copies_rewritten_copy_points_at_its_original() -> None:
    original = Document(id="orig", text=STORY, published="2024-05-01", outlet="Wire Daily")
    copy = Document(id="copy", text=REWRITE, published="2024-05-02", outlet="Copy Gazette")
    other = Document(id="other", text=OTHER, published="2024-05-01", outlet="Town Post")
    found = find_copies([other, original, copy])
    assert set(found) == {"copy"}
    target, sim = found["copy"]
    assert target == "orig"
    assert 0.5 <= sim < 1.0


def test_find_copies_original_is_the_earlier_one_whatever_the_order() -> None:
    original = Document(id="orig", text=STORY, published="2024-05-01")
    copy = Document(id="copy", text=REWRITE, published="2024-05-02")
    assert {k: v[0] for k, v in find_copies([copy, original]).items()} == {"copy": "orig"}


def test_find_copies_unrelated_text_is_not_a_copy() -> None:
    assert find_copies([Document(id="a", text=STORY), Document(id="b", text=OTHER)]) == {}


# --------------------------------------------------------------------------- watch rules

WATCH_ENTITIES = {
    "dprk": Entity("dprk", "North Korea", "GPE"),
    "city:shenyang": Entity("city:shenyang", "Shenyang", "GPE", attrs={"country": "china"}),
    "city:pyongyang": Entity("city:pyongyang", "Pyongyang", "GPE", attrs={"country": "dprk"}),
    "v:chon-ma": Entity("v:chon-ma", "Chon Ma San", "VESSEL", attrs={"flag": "dprk"}),
    "v:sea-star": Entity("v:sea-star", "Sea Star", "VESSEL", attrs={"flag": "panama"}),
}
WATCH_DOCS = {"w1": Document(id="w1", text="...", published="2025-02-10", outlet="Wire Daily")}


def alerts(*claims: Claim) -> list[tuple[str, list[str]]]:
    return [(a.rule, a.claims) for a in evaluate(list(claims), WATCH_DOCS, WATCH_ENTITIES)]


def workers(**kw: Any) -> Claim:
    kw.setdefault("event_type", "labour_deployment")
    kw.setdefault("actor", ["dprk"])
    kw.setdefault("place", ["city:shenyang"])
    kw.setdefault("when", month(2025, 1))
    kw.setdefault("modality", "reported")
    kw.setdefault("tense", "past")
    return claim("w", "w1", "North Korean workers arrived in Shenyang in January.", **kw)


def test_watch_labour_abroad_after_2019_raises_op8() -> None:
    [alert] = evaluate([workers()], WATCH_DOCS, WATCH_ENTITIES)
    assert (alert.rule, alert.claims) == ("unscr-2397-op8", ["w"])
    assert "dated 2025-01-31, after 2019-12-22" in alert.explanation


@pytest.mark.parametrize("modality", ["denied", "planned"])
def test_watch_denial_or_plan_raises_nothing(modality: str) -> None:
    assert alerts(workers(modality=modality)) == []


def test_watch_before_the_deadline_raises_nothing() -> None:
    assert alerts(workers(when=year(2015))) == []
    assert alerts(workers(when=day(2019, 12, 22))) == []  # the deadline day itself is not "after"


def test_watch_work_inside_dprk_or_other_nationals_raise_nothing() -> None:
    assert alerts(workers(place=["city:pyongyang"])) == []
    assert alerts(workers(actor=["city:shenyang"])) == []


def test_watch_a_firm_abroad_employing_dprk_nationals_raises_op8() -> None:
    ents = {**WATCH_ENTITIES, "n:kestrel": Entity("n:kestrel", "Kestrel", "ORG"),
            "south_korea": Entity("south_korea", "South Korea", "GPE")}

    def hired(target: list[str], lemma: str = "employ") -> list[str]:
        c = workers(actor=["n:kestrel"], target=target, flags={"trigger_lemma": lemma})
        return [a.rule for a in evaluate([c], WATCH_DOCS, ents)]

    assert hired(["dprk"]) == ["unscr-2397-op8"]  # "Kestrel employed North Korean developers in Shenyang"
    assert hired(["south_korea"]) == []  # other nationals
    assert hired([]) == []  # "the brewery hired seasonal workers"
    assert hired(["dprk"], lemma="send") == []  # the firm is no sender of the workers it is named with


def test_watch_undated_report_takes_the_publication_date() -> None:
    [alert] = evaluate([workers(when=None)], WATCH_DOCS, WATCH_ENTITIES)
    assert (alert.rule, alert.claims) == ("unscr-2397-op8", ["w"])
    assert "dated 2025-02-10" in alert.explanation  # the day the report was published
    old = {"w1": Document(id="w1", text="...", published="2019-06-01")}
    assert evaluate([workers(when=None)], old, WATCH_ENTITIES) == []  # published before the deadline
    earlier = workers(when=None, flags={"event_key": "06", "relations": [
        {"rel": "before", "event": "16", "text": "before the resolution"}]})
    assert alerts(earlier) == []  # the text puts it before something: the publication date does not date it


def test_watch_fuel_to_a_dprk_flagged_vessel_raises_op5() -> None:
    fuel = claim("f", "w1", "The tanker Sea Star transferred diesel to the Chon Ma San.", event_type="fuel_transfer",
                 actor=["v:sea-star"], target=["v:chon-ma"], when=month(2024, 8), modality="hedged", tense="past")
    assert alerts(fuel) == [("unscr-2397-op5", ["f"])]
    fuel.target = ["v:sea-star"]
    fuel.actor = ["v:chon-ma"]  # fuel FROM a DPRK ship: op5 is about supply TO the DPRK
    assert alerts(fuel) == []


def test_two_batches_are_not_a_date_conflict() -> None:
    """300 workers sent in March and 200 in April are two deployments, not two dates for one."""
    ents = {**ENTITIES, "city:vladivostok": Entity("city:vladivostok", "Vladivostok", "GPE", [], {"country": "russia"})}
    common = {"event_type": "labour_deployment", "actor": ["dprk"], "place": ["city:vladivostok"],
              "modality": "reported", "flags": {"event_key": "06", "when_source": "event"}}
    a = claim("a", "d1", "North Korea sent 300 workers to Vladivostok on March 3.", when=day(2024, 3, 3),
              quantity=qty(300), **common)
    b = claim("b", "d2", "North Korea sent 200 workers to Vladivostok on April 20.", when=day(2024, 4, 20),
              quantity=qty(200), **common)
    assert find_conflicts([a, b], [], ents, {}, OUTLET, {}) == []
    c = claim("c", "d2", "North Korea sent workers to Vladivostok on April 20.", when=day(2024, 4, 20), **common)
    assert [x.reason for x in find_conflicts([a, c], [], ents, {}, OUTLET, {})] == ["date"]


def test_word_blocks_do_not_depend_on_hash_order() -> None:
    t = "Northern shipping brokers kept carrying delivery manifests"
    f = features(claim("a", "d", t, flags={"event_key": "06"}), {}, str, t)
    assert sorted(b[1] for b in f.blocks) == ["w:carrying", "w:delivery", "w:manifest"]


class FakeEncoder:
    """Vectors that make two named clauses paraphrases and everything else orthogonal."""

    def __init__(self, same: set[str]) -> None:
        self.same = same

    def encode(self, texts):  # noqa: ANN001, ANN201 - the Encoder protocol
        import numpy as np

        out = np.zeros((len(texts), 4), dtype=np.float32)
        for i, t in enumerate(texts):
            out[i, 0 if t in self.same else 1 + i % 3] = 1.0
        return out


def test_sentence_similarity_joins_a_paraphrase_words_miss() -> None:
    from claimgraph.link.similarity import embed

    a = claim("a1", "d1", "Syria stands alone as the only state to accept the breakaway regions.", actor=["syria"],
              flags={"event_key": "05"})
    b = claim("b1", "d2", "Damascus, the single government recognising those territories, was named.",
              actor=["syria"], flags={"event_key": "05"})
    texts = {c.id: c.text for c in (a, b)}
    assert group_claims([a, b], ENTITIES, {}, texts) == []  # word overlap alone: two propositions
    vectors = embed(texts, FakeEncoder(set(texts.values())))
    assert group_claims([a, b], ENTITIES, {}, texts, vectors=vectors) == [["a1", "b1"]]


def test_encoder_is_off_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    from claimgraph.link.similarity import ENV, enabled, load_encoder

    monkeypatch.delenv(ENV, raising=False)
    assert not enabled() and load_encoder() is None
    monkeypatch.setenv(ENV, "on")
    assert enabled() and not enabled(False)


def test_disjoint_actors_are_two_propositions() -> None:
    a = claim("a1", "d1", "Russia recognized the independence of the two regions.", actor=["russia"],
              flags={"event_key": "05"})
    b = claim("b1", "d2", "China recognized the independence of the two regions.", actor=["china"],
              flags={"event_key": "05"})
    texts = {c.id: c.text for c in (a, b)}
    fa, fb = (features(c, ENTITIES, lambda d: d, c.text) for c in (a, b))
    same = claim("c1", "d3", "Russia recognized the independence of both regions.", actor=["russia"],
                 flags={"event_key": "05"})
    fs = features(same, ENTITIES, lambda d: d, same.text)
    assert score(fa, fs) > score(fa, fb)
    assert group_claims([a, b], ENTITIES, {}, texts) == []


# --------------------------------------------------------------------------- place, actor, attribution


def test_place_conflict_towns_in_different_countries() -> None:
    from claimgraph.link.conflicts import place_conflict

    a = labour("a1", "d1", place=["city:vladivostok"])
    b = labour("b1", "d2", place=["city:dandong"])
    assert place_conflict(a, b, ENTITIES) == "Vladivostok vs Dandong"
    (c,) = conflicts([a, b], [["a1", "b1"]])
    assert c.reason == "place" and "Vladivostok vs Dandong" in c.explanation


def test_no_place_conflict_for_a_town_and_its_country_or_an_unknown_district() -> None:
    from claimgraph.link.conflicts import place_conflict

    town = labour("a1", "d1", place=["city:vladivostok"])
    assert place_conflict(town, labour("b1", "d2", place=["russia"]), ENTITIES) is None
    assert place_conflict(town, labour("b2", "d2", place=["n:some-district"]), ENTITIES) is None
    assert place_conflict(town, labour("b3", "d2", place=[]), ENTITIES) is None


def test_actor_conflict_swapped_actor_and_target() -> None:
    from claimgraph.link.conflicts import actor_conflict

    a = claim("a1", "d1", "Russia expelled China's envoy.", actor=["russia"], target=["china"],
              event_type="expel", flags={"event_key": "16"})
    b = claim("b1", "d2", "China expelled Russia's envoy.", actor=["china"], target=["russia"],
              event_type="expel", flags={"event_key": "16"})
    assert "vs the reverse" in actor_conflict(a, b, ENTITIES)
    (c,) = conflicts([a, b], [["a1", "b1"]])
    assert c.reason == "actor"


def test_actor_conflict_needs_one_dated_event_and_never_fires_for_a_shared_doer() -> None:
    from claimgraph.link.conflicts import actor_conflict

    a = labour("a1", "d1", actor=["russia"], target=["dprk"], when=day(2024, 3, 4))
    b = labour("b1", "d2", actor=["china"], target=["dprk"], when=day(2024, 3, 4))
    assert actor_conflict(a, b, ENTITIES) == "Russia vs China"
    undated = labour("b2", "d2", actor=["china"], target=["dprk"])
    assert actor_conflict(a, undated, ENTITIES) is None  # two countries doing the same kind of thing
    city_doer = labour("b3", "d2", actor=["city:vladivostok"], target=["dprk"], when=day(2024, 3, 4))
    assert actor_conflict(a, city_doer, ENTITIES) is None  # the city stands for its country


def test_attribution_conflict_same_words_different_speakers_or_outlets() -> None:
    from claimgraph.link.conflicts import attribution_conflict
    from claimgraph.link.grouping import words

    text = "We will send builders to the region next spring, the envoy said."
    a = claim("a1", "d1", text, quote=True, said_by="n:kim-yo-jong", via=["org:daily-nk"])
    b = claim("b1", "d2", text, quote=True, said_by="russia", via=["org:daily-nk"])
    w = words(text)
    assert attribution_conflict(a, b, ENTITIES, w, w) == "said by Kim Yo Jong vs Russia"
    c = claim("c1", "d2", text, quote=True, said_by="n:kim-yo-jong", via=["org:yonhap"])
    assert attribution_conflict(a, c, ENTITIES, w, w) == "given to Daily NK vs Yonhap"
    same = claim("s1", "d2", text, quote=True, said_by="n:kim-yo-jong", via=["org:daily-nk", "org:yonhap"])
    assert attribution_conflict(a, same, ENTITIES, w, w) is None  # a longer relay chain, same first link
    other = words("Completely different words about tankers at sea near the port.")
    assert attribution_conflict(a, b, ENTITIES, w, other) is None


def test_figures_in_different_units_never_conflict() -> None:
    a = labour("a1", "d1", quantity=qty(24, unit="month"))
    b = labour("b1", "d2", quantity=qty(500000, unit="barrel"))
    assert number_conflict(a, b) is None
    assert number_conflict(a, labour("c1", "d2", quantity=qty(36, unit="month"))) == "24 vs 36"
    people = labour("p1", "d1", quantity=qty(60, unit="koreans"))
    assert number_conflict(people, labour("p2", "d2", quantity=qty(150, unit="staff"))) == "60 vs 150"


def test_group_claims_and_conflicts_do_not_depend_on_hash_order() -> None:
    """Same input, same groups: set iteration order (PYTHONHASHSEED) must not decide ties."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    bench = Path(__file__).resolve().parents[1] / "bench"
    code = (f"import sys, json; sys.path.insert(0, {str(bench)!r}); import link as L\n"
            "from claimgraph.link.grouping import group_claims\n"
            "from claimgraph.link.conflicts import find_conflicts\n"
            "from claimgraph.link.story import join_story\n"
            "c = L.Corpus(); cl = list(c.claims(3000)); ev = {x.id: x.text for x in cl}\n"
            "g = join_story(group_claims(cl, c.entities, c.copies, ev), cl, c.entities, c.copies, ev)\n"
            "k = find_conflicts(cl, g, c.entities, c.copies, c.outlet, ev)\n"
            "print(json.dumps([sorted(g), sorted((x.claim_a, x.claim_b, x.reason) for x in k)]))")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")]
    assert runs[0] == runs[1] and len(runs[0]) > 1000


def test_a_denial_meets_only_the_reports_of_its_time() -> None:
    """A denial is compared with the WINDOW reports on each side of it in input order in each block, not with
    every report of a block (up to MAX_BLOCK): the work per denial stays bounded as the store grows."""
    from claimgraph.link.conflicts import WINDOW

    # the far report is the closest in date, so it would rank first if it were compared at all
    denial = labour("x0000", "d0", "North Korea denied sending workers to Vladivostok.", modality="denied",
                    when=day(2025, 3, 1))
    near = [labour(f"x{i:04d}", f"d{i}", "North Korea sent workers to Vladivostok.", when=day(2024, 6, 1))
            for i in range(1, WINDOW + 5)]
    far = labour("x9999", "d9999", "North Korea sent workers to Vladivostok.", when=day(2025, 3, 1))
    found = {c.claim_b for c in conflicts([denial, *near, far], []) if c.reason == "negation"}
    assert found and "x9999" not in found
    assert "x9999" in {c.claim_b for c in conflicts([denial, far], [])}


def test_candidate_pairs_stay_in_a_window_and_under_the_cap() -> None:
    """A claim meets only its WINDOW nearest block members, at most MAX_CANDIDATES of them: work per claim
    is bounded however big the corpus grows (sorted neighbourhood blocking)."""
    from claimgraph.link.grouping import MAX_CANDIDATES, WINDOW, candidate_pairs

    n = 2 * WINDOW + 50
    claims = [labour(f"x{i:04d}", f"d{i}", "North Korean workers arrived in Vladivostok to build housing.")
              for i in range(n)]
    feats = [features(c, ENTITIES, str, c.text) for c in claims]
    pairs = list(candidate_pairs(feats))
    pos = {f.claim.id: i for i, f in enumerate(feats)}
    assert pairs and all(abs(pos[a.claim.id] - pos[b.claim.id]) <= WINDOW for a, b in pairs)
    per_claim: dict[str, int] = {}
    for a, _ in pairs:
        per_claim[a.claim.id] = per_claim.get(a.claim.id, 0) + 1
    assert max(per_claim.values()) <= MAX_CANDIDATES


def _candidates_by_definition(feats: list[Any], touched: set[str] | None) -> list[tuple[str, str]]:
    """What candidate_pairs promises, written out the slow way: for each claim, the later members within
    WINDOW of it in each block it is in (hub blocks split by month, dropped if still too big), a small
    block counting twice; pairs from different documents sharing 2 or more, strongest first, at most
    MAX_CANDIDATES a claim."""
    from collections import Counter, defaultdict

    from claimgraph.link.grouping import MAX_BLOCK, MAX_CANDIDATES, SMALL_BLOCK, WINDOW

    blocks: dict[Any, list[int]] = defaultdict(list)
    for i, f in enumerate(feats):
        for b in f.blocks:
            blocks[b].append(i)
    usable = []
    for b, members in blocks.items():
        if len(members) <= MAX_BLOCK:
            usable.append(members)
            continue
        by_month: dict[Any, list[int]] = defaultdict(list)
        for i in members:
            by_month[feats[i].month].append(i)
        usable += [m for m in by_month.values() if len(m) <= MAX_BLOCK]
    out = []
    for i, f in enumerate(feats):
        counts: Counter[int] = Counter()
        for members in usable:
            if i in members:
                pos = members.index(i)
                for j in members[pos + 1:pos + 1 + WINDOW]:
                    counts[j] += 2 if len(members) <= SMALL_BLOCK else 1
        ok = [(-n, j) for j, n in counts.items() if n >= 2 and feats[j].doc != f.doc
              and (touched is None or f.claim.id in touched or feats[j].claim.id in touched)]
        out += [(f.claim.id, feats[j].claim.id) for _, j in sorted(ok)[:MAX_CANDIDATES]]
    return out


@pytest.mark.parametrize("seed", range(6))
def test_candidate_pairs_are_what_the_blocking_defines(seed: int) -> None:
    """The array implementation of candidate_pairs gives exactly the pairs of its definition, in its order,
    on random blockings with hub blocks (split by month), small and big blocks, one document's claims
    together, and an incremental build's new claims."""
    import random
    from types import SimpleNamespace

    from claimgraph.link.grouping import MAX_BLOCK, candidate_pairs

    rng = random.Random(seed)
    n = rng.choice((40, 300, 2 * MAX_BLOCK + 200))
    names = ["hub"] + [f"p{k}" for k in range(rng.choice((3, 12, 40)))]
    feats = []
    for i in range(n):
        parts = {"hub"} if rng.random() < 0.9 else set()
        parts |= set(rng.sample(names[1:], rng.randrange(0, 3)))
        feats.append(SimpleNamespace(claim=SimpleNamespace(id=f"c{i:04d}"), doc=f"d{i // rng.choice((1, 3))}",
                                     month=rng.choice(("2024-01", "2024-02", None)),
                                     blocks=tuple(("06", p) for p in sorted(parts))))
    touched = {f.claim.id for f in feats if rng.random() < 0.2} if seed % 2 else None
    got = [(a.claim.id, b.claim.id) for a, b in candidate_pairs(feats, touched)]  # type: ignore[arg-type]
    assert got == _candidates_by_definition(feats, touched)
    assert got or n == 40


def test_score_one_shared_state_is_weak_evidence_one_shared_firm_is_not() -> None:
    ents = {**ENTITIES, "org:chonsam": Entity("org:chonsam", "Chonsam Trading", "ORG")}
    text_a, text_b = "Workers' wages are paid through the trading company.", "The pay goes through the trading company."
    state_a = labour("a", "d1", text_a, actor=["dprk"], place=[])
    state_b = labour("b", "d2", text_b, actor=["dprk"], place=[])
    firm_a = labour("a", "d1", text_a, actor=["org:chonsam"], place=[])
    firm_b = labour("b", "d2", text_b, actor=["org:chonsam"], place=[])
    by_state = score(features(state_a, ents, str, text_a), features(state_b, ents, str, text_b))
    by_firm = score(features(firm_a, ents, str, text_a), features(firm_b, ents, str, text_b))
    assert by_firm - by_state == pytest.approx(0.15)  # half the slot credit when the one shared name is a state


def test_score_two_kinds_of_act_under_one_cameo_root_are_apart() -> None:
    text = "South Korea sent the committee a file on North Korean workers in Vladivostok."
    a = labour("a", "d1", text, actor=["dprk"])
    b = labour("b", "d2", text, actor=["dprk"], event_type="share_information")
    c = labour("c", "d2", text, actor=["dprk"])
    same = score(features(a, ENTITIES, str, text), features(c, ENTITIES, str, text))
    assert same - score(features(a, ENTITIES, str, text), features(b, ENTITIES, str, text)) == pytest.approx(0.2)


def test_find_conflicts_number_across_groups_only_where_dates_cannot_tell_batches_apart() -> None:
    a = labour("a", "d1", "About 60 North Korean developers worked in Vladivostok.", quantity=qty(60, "about"))
    b = labour("b", "d2", "More than 150 North Koreans worked in Vladivostok.", quantity=qty(150, "more_than"))
    [c] = conflicts([a, b], [])  # never grouped, still one event given two figures
    assert c.reason == "number"
    # two batches on different days, or one dated only by when it was said, are not one figure disputed
    a.when, b.when = day(2025, 3, 1), day(2025, 3, 20)
    assert not [x for x in conflicts([a, b], []) if x.reason == "number"]
    b.when, b.flags = day(2025, 3, 1), {"event_key": "06", "when_source": "statement"}
    assert not [x for x in conflicts([a, b], []) if x.reason == "number"]


# --------------------------------------------------------------------------- story context


def test_context_a_clause_naming_nobody_takes_its_articles_lead() -> None:
    from claimgraph.link.context import story_context

    lead = labour("d1-c000", "d1")
    later = labour("d1-c001", "d1", "The group left in January.", actor=[], place=[])
    own = labour("d1-c002", "d1", "Fuel still reaches the North.", actor=[], target=["dprk"], place=[])
    other_doc = labour("d2-c000", "d2", "The workers were sent weeks later.", actor=[], place=[])
    before = labour("d0-c000", "d0", "Fuel was being transferred, the navy said.", actor=[], place=[])
    after = labour("d0-c001", "d0", "North Korea sent welders to Vladivostok.")
    ctx = story_context([lead, later, own, other_doc, before, after], ENTITIES)
    assert ctx["d1-c001"].actor == ("dprk",) and ctx["d1-c001"].place == ("city:vladivostok",)
    assert "d0-c000" not in ctx  # context flows forward: a later report is not the story of what precedes it
    assert ctx["d1-c002"].actor == ()  # it names its own target: a statement of its own, not the lead's act
    assert "d1-c000" not in ctx and "d2-c000" not in ctx  # the lead itself, and an article with no lead


def test_group_claims_one_sources_figure_repeated_in_a_clause_naming_nobody() -> None:
    a = labour("a", "d1", "North Korea sent about 600 loggers to Vladivostok, Daily NK reported, citing a source.",
               quantity=qty(600, "about", "logger"), said_by=ANONYMOUS, via=["org:daily-nk"])
    b = labour("b", "d2", "Daily NK, which cited a source, put the number of loggers at six hundred.", actor=[],
               place=[], quantity=qty(600, None, "logger"), said_by=ANONYMOUS, via=["org:daily-nk"])
    assert group_claims([a, b], ENTITIES, {}, {}) == [["a", "b"]]
    b.via = ["org:yonhap"]  # the same figure from another source is no evidence of one proposition
    assert group_claims([a, b], ENTITIES, {}, {}) == []


def test_order_conflict_meets_a_clause_that_names_nobody() -> None:
    a = claim("a", "d1", "The deal was agreed only after the visit.", event_type="agree",
              flags={"event_key": "05", "relations": [{"rel": "after", "event": "04", "text": "after the visit"}]})
    b = claim("b", "d2", "Kim visited Vladivostok only after the deal was agreed.", actor=["dprk"],
              place=["city:vladivostok"],
              flags={"event_key": "04", "relations": [{"rel": "after", "event": "05", "text": "after the deal"}]})
    [c] = conflicts([a, b], [])
    assert c.reason == "order"
    a.actor, a.place = ["china"], ["city:dandong"]  # both name participants, and none is shared
    assert conflicts([a, b], []) == []


def test_watch_a_claim_naming_nobody_raises_with_the_group_it_repeats() -> None:
    named = workers()
    bare = workers(actor=[], place=[], when=None)
    bare.id, bare.doc_id = "x", "w2"
    docs = {**WATCH_DOCS, "w2": Document(id="w2", text="...", published="2025-03-01")}
    assert [a.claims for a in evaluate([named, bare], docs, WATCH_ENTITIES)] == [["w"]]
    raised = evaluate([named, bare], docs, WATCH_ENTITIES, [["w", "x"]])
    assert [a.claims for a in raised] == [["w"], ["x"]]
    assert "repeats" in raised[1].explanation


def test_a_firms_denial_meets_reports_of_that_firm_only() -> None:
    firm = Entity("n:lianhe", "Lianhe Trading", "ORG")
    ents = {**ENTITIES, "n:lianhe": firm}
    lead = labour("d2-c000", "d2", "North Korean welders arrived in Vladivostok.")
    denial = labour("d2-c001", "d2", "We never hired a North Korean, a manager at Lianhe said.", actor=["n:lianhe"],
                    target=["dprk"], place=[], modality="denied")
    hired = labour("d1-c000", "d1", "They were hired through Lianhe Trading in Vladivostok.", actor=["n:lianhe"],
                   target=[])
    other = labour("d1-c001", "d1", "North Korea sent welders to Vladivostok.")
    found = find_conflicts([hired, other, lead, denial], [], ents, {}, OUTLET, {})
    # the denial is read in its story (Vladivostok), and it denies only what is told of the firm
    assert [(c.claim_a, c.claim_b, c.reason) for c in found] == [("d1-c000", "d2-c001", "negation")]


def test_articles_of_one_story_that_date_the_same_act_report_one_event() -> None:
    dep = "labour_deployment"
    lead1 = labour("d1-c000", "d1", "North Korea sent 300 welders to Vladivostok.", quantity=qty(300, None, "welder"))
    lead2 = labour("d2-c000", "d2", "North Korea has sent about 300 welders to Vladivostok.",
                   quantity=qty(300, "about", "welder"))
    left1 = labour("d1-c001", "d1", "The group left the North in March.", actor=[], place=["dprk"], when=month(2025, 3),
                   event_type=dep, flags={"event_key": "06", "event_lemma": "leave"})
    left2 = labour("d2-c001", "d2", "The welders crossed into Russia in May.", actor=[], place=["russia"],
                   when=month(2025, 5), flags={"event_key": "06", "event_lemma": "cross"})
    def grouped(cs: list[Claim]) -> list[list[str]]:
        return sorted(join_story_acts(group_claims(cs, ENTITIES, {}, {}), cs, ENTITIES, {}, {}))

    groups = grouped([lead1, lead2, left1, left2])
    assert sorted(groups) == [["d1-c000", "d2-c000"], ["d1-c001", "d2-c001"]]
    [c] = conflicts([lead1, lead2, left1, left2], groups)
    assert c.reason == "date"
    # a new batch ("a second group") is not the story's act told again, nor is an act half a year away
    left2.text = "A second group of welders crossed into Russia in May."
    assert grouped([lead1, lead2, left1, left2]) == [["d1-c000", "d2-c000"]]
    left2.text, left2.when = "The welders crossed into Russia in October.", month(2025, 10)
    assert grouped([lead1, lead2, left1, left2]) == [["d1-c000", "d2-c000"]]
    # articles that share no group are not shown to tell one story
    left2.when = month(2025, 5)
    assert grouped([left1, left2]) == []


def test_order_statements_of_one_story_join_whichever_way_they_tell_it() -> None:
    # two articles shown to tell one story (they share the deployment group) each put the visit and the
    # deployment in order: one question, which came first, however worded and whichever event is the clause's
    sent1 = labour("d1-c000", "d1", "North Korea sent 300 welders to Vladivostok.", quantity=qty(300, None, "welder"))
    sent2 = labour("d2-c000", "d2", "North Korea has sent about 300 welders to Vladivostok.",
                   quantity=qty(300, "about", "welder"))
    visit = {"event_key": "04", "relations": [{"rel": "after", "event": "06", "text": "after the welders arrived"}]}
    first = claim("d1-c001", "d1", "The minister toured Vladivostok only after the welders arrived.",
                  actor=["dprk"], event_type="visit", modality="reported", flags=visit)
    agreed = claim("d2-c001", "d2", "The arrangement was agreed only after that trip.", event_type="agree",
                   modality="reported", flags={"event_key": "06", "relations": [
                       {"rel": "after", "event": "04", "text": "after that trip"}]})

    def grouped(cs: list[Claim]) -> list[list[str]]:
        return sorted(join_story(group_claims(cs, ENTITIES, {}, {}), cs, ENTITIES, {}, {}))

    assert grouped([sent1, sent2, first, agreed]) == [["d1-c000", "d2-c000"], ["d1-c001", "d2-c001"]]
    [c] = conflicts([sent1, sent2, first, agreed], grouped([sent1, sent2, first, agreed]))
    assert c.reason == "order"
    # different doers: two events; a plan is not an order of events; no shared story: not joined
    agreed.actor = ["russia"]
    assert grouped([sent1, sent2, first, agreed]) == [["d1-c000", "d2-c000"]]
    agreed.actor, agreed.modality = [], "planned"
    assert grouped([sent1, sent2, first, agreed]) == [["d1-c000", "d2-c000"]]
    agreed.modality = "reported"
    assert grouped([first, agreed]) == []


def test_order_denied_by_the_other_report_is_an_order_conflict() -> None:
    a = claim("a", "d1", "The raid followed a complaint from the client.", flags={
        "event_key": "17", "relations": [{"rel": "after", "event": "11", "text": "followed a complaint"}]})
    b = claim("b", "d2", "The firm denied that it had complained before the raid.", modality="denied", flags={
        "event_key": "11", "relations": [{"rel": "before", "event": "17", "text": "before the raid"}]})
    [c] = conflicts([a, b], [])
    assert c.reason == "order"
    b.modality = "reported"  # the same order told by both: no disagreement
    assert conflicts([a, b], []) == []


def _origins(*members: tuple[Claim, Document]) -> list[str]:
    return independent([(origin_key(c, d, d, ENTITIES), c, d) for c, d in members])


def test_origin_of_a_report_given_to_an_outlet_is_that_outlets_source() -> None:
    # "... searched the offices, according to the newsletter" (Daily NK) and Daily NK's own report, which
    # has it from an unnamed source: one origin, the source
    scoop = claim("a", "dn", "x", said_by=ANONYMOUS)
    wire = claim("b", "d1", "y", said_by="org:daily-nk")
    assert _origins((scoop, doc("dn", "Daily NK")), (wire, doc("d1"))) == ["anonymous source via outlet:daily nk"]
    # without Daily NK's own report in the group the wire's attribution is the origin
    assert _origins((wire, doc("d1")), (claim("c", "d2", "z"), doc("d2"))) == ["outlet:border times",
                                                                              "outlet:daily nk"]


def test_a_follow_up_naming_the_first_report_adds_no_origin_of_its_own() -> None:
    first = claim("a", "d1", "x", said_by="n:kim-yo-jong")
    recap = claim("b", "d2", "y")
    follow = Document(id="d2", text="The case was first reported by Wire Daily.", outlet="Border Times")
    assert _origins((first, doc("d1")), (recap, follow)) == ["n:kim-yo-jong"]
    assert _origins((first, doc("d1")), (recap, doc("d2"))) == ["n:kim-yo-jong", "outlet:border times"]
    assert _origins((recap, follow),) == ["outlet:border times"]  # alone, it is still where the claim is


def test_origin_one_outlet_however_its_name_is_written() -> None:
    ents = {**ENTITIES, "n:harbour": Entity("n:harbour", "Harbour", "MEDIA"),
            "org:harbour-news-agency": Entity("org:harbour-news-agency", "Harbour News Agency", "MEDIA")}
    a = claim("a", "d1", "x", said_by=ANONYMOUS, via=["n:harbour"])
    b = claim("b", "d2", "y", said_by=ANONYMOUS, via=["org:harbour-news-agency"])
    assert origin_key(a, doc("d1"), doc("d1"), ents) == origin_key(b, doc("d2"), doc("d2"), ents)


def test_one_name_whichever_recogniser_made_its_id() -> None:
    ents = {**ENTITIES, "n:sea-star": Entity("n:sea-star", "Sea Star", "ORG"),
            "vessel:sea-star": Entity("vessel:sea-star", "Sea Star", "VESSEL")}
    a = labour("a", "d1", "The tanker Sea Star unloaded fuel at Nampo.", actor=["vessel:sea-star"], place=[])
    b = labour("b", "d2", "The Sea Star, a tanker, unloaded fuel at Nampo.", actor=["n:sea-star"], place=[])
    fa = features(a, ents, lambda d: d, a.text)
    fb = features(b, ents, lambda d: d, b.text)
    assert fa.participants & fb.participants == {"name:sea-star"}
