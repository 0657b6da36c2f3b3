"""Event types and CAMEO codes from the trigger lexicon in ``data/events.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from claimgraph.extract.lexicon import load

INTENT_CODES = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035"}


@dataclass(frozen=True)
class EventRule:
    type: str
    cameo: str
    verbs: frozenset[str]
    nouns: frozenset[str]
    objects: frozenset[str]
    subjects: frozenset[str]
    particles: frozenset[str]
    compounds: frozenset[str]
    symmetric: bool
    with_role: str
    actor_from_patient: bool
    object_is_actor: bool
    people_subjects: bool
    preps: frozenset[str] = frozenset()
    target_preps: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def rules() -> list[EventRule]:
    out = []
    for e in load("events")["events"]:
        def fs(key: str, e: dict = e) -> frozenset[str]:
            return frozenset(str(x).lower() for x in e.get(key) or [])
        out.append(EventRule(e["type"], str(e["cameo"]), fs("verbs"), fs("nouns"), fs("objects"), fs("subjects"),
                             fs("particles"), fs("compounds"), bool(e.get("symmetric")),
                             e.get("with_role", "target"), bool(e.get("actor_from_patient")),
                             bool(e.get("object_is_actor")), bool(e.get("people_subjects")), fs("preps"),
                             fs("target_preps")))
    return out


def _lemmas_of_np(tok: Token) -> set[str]:
    """The head lemma, its compounds, and what an "of" phrase names ("group of workers")."""
    out = {tok.lemma_.lower(), tok.lower_}
    for c in tok.children:
        if c.dep_ in ("compound", "amod", "nmod"):
            out.add(c.lemma_.lower())
        if c.dep_ == "prep" and c.lower_ == "of":
            for o in c.children:
                if o.dep_ == "pobj":
                    out |= {o.lemma_.lower(), o.lower_}
                    out |= {x.lemma_.lower() for x in o.children if x.dep_ in ("compound", "amod")}
        if c.dep_ == "appos":
            out.add(c.lemma_.lower())
    return out


def objects_of(verb: Token) -> list[Token]:
    objs = [c for c in verb.children if c.dep_ in ("dobj", "obj", "nsubjpass", "attr", "oprd")]
    for o in list(objs):  # "supplied [the Ryusong 3 with any cargo]" when the parser hangs "with" on the object
        objs += [p for c in o.children if c.dep_ == "prep" and c.lower_ == "with" for p in c.children
                 if p.dep_ == "pobj"]
    if not objs:
        objs += _orphan_object(verb)
    for c in verb.children:
        if c.dep_ == "prep" and (c.lower_ == "with" or c.lower_ in ("of", "into", "to", "at") and not objs):
            objs += [o for o in c.children if o.dep_ == "pobj"]  # "supplied the ship with any cargo"
    return objs


def _orphan_object(verb: Token) -> list[Token]:
    """The parser sometimes loses a verb's object ("unloaded [the fuel] days later", read as "fuel days"
    modifying "later"): the first noun phrase right after the verb, before any preposition or clause."""
    for t in verb.doc[verb.i + 1:verb.i + 6]:
        if t.pos_ in ("ADP", "PUNCT", "VERB", "AUX", "CCONJ", "SCONJ", "PART", "PRON"):
            break
        if t.pos_ in ("NOUN", "PROPN") and t.dep_ != "compound":
            return [t]
    return []


def match_verb(verb: Token, subject: Token | None) -> EventRule | None:
    lemma = verb.lemma_.lower()
    objs = objects_of(verb)
    obj_lemmas: set[str] = set()
    for o in objs:
        obj_lemmas |= _lemmas_of_np(o)
    subj_lemmas = _lemmas_of_np(subject) if subject is not None else set()
    particles = {c.lower_ for c in verb.children if c.dep_ in ("prt", "advmod", "npadvmod")}
    for r in rules():
        if lemma not in r.verbs:
            continue
        if r.objects and not (r.objects & obj_lemmas) and not (r.people_subjects and any(_is_people(o) for o in objs)):
            continue
        if r.subjects and not (r.subjects & subj_lemmas) and not (r.people_subjects and _is_people(subject)):
            continue
        if r.particles and not (r.particles & particles):
            continue
        if r.preps and not (r.preps & _preps_of(verb, objs)):
            continue
        return r
    return None


def _preps_of(verb: Token, objs: list[Token]) -> set[str]:
    """Prepositions on the verb or its objects: "spotted the tanker beside a North Korean vessel"."""
    return {c.lower_ for t in (verb, *objs) for c in t.children if c.dep_ == "prep"}


def _is_people(tok: Token | None) -> bool:
    """A nationality used as a noun for people ("North Koreans", "Chinese nationals")."""
    if tok is None:
        return False
    nationality = tok.text[:1].isupper() and tok.pos_ in ("PROPN", "NOUN") \
        and tok.lower_.endswith(("an", "ans", "ese", "ish", "is", "i"))
    return nationality or tok.lemma_.lower() in ("national", "citizen", "people")


def match_noun(noun: Token) -> EventRule | None:
    lemma = noun.lemma_.lower()
    lemmas = _lemmas_of_np(noun)
    for r in rules():
        if lemma not in r.nouns and noun.lower_ not in r.nouns:
            continue
        if r.objects or r.compounds:
            if not ((r.objects | r.compounds) & (lemmas - {lemma})):
                continue
        return r
    return None


def intent_code(cameo: str) -> str:
    """A planned cooperative act is CAMEO 03x 'express intent to cooperate'."""
    return INTENT_CODES.get(cameo[:2], cameo)
