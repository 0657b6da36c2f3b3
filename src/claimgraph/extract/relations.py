"""Order and cause between events: "in response", "as a result of X", "days before X", "only after X",
"X paved the way for Y". Each relation says that the claim's event came BEFORE or AFTER another event,
named by its event key (the CAMEO root, or the trigger lemma when no code applies), so reports that put
the same two events in opposite orders can be found to disagree.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Span, Token

from claimgraph.extract.events import match_noun, match_verb
from claimgraph.extract.lexicon import load


@lru_cache(maxsize=1)
def _cues() -> dict:
    c = load("cues")
    return {"after": sorted(c["after_cues"], key=len, reverse=True),
            "before": sorted(c["before_cues"], key=len, reverse=True),
            "openers": c["response_openers"], "causing": set(c["causing_verbs"]),
            "following": set(c["following_verbs"]), "result": set(c["result_nouns"])}


def event_key(tok: Token | None) -> str | None:
    """CAMEO root of the event a word names, else 't:' + its lemma (for verbs and event nouns)."""
    if tok is None:
        return None
    if tok.pos_ in ("VERB", "AUX"):
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        r = match_verb(tok, subj)
        if r is None:
            for o in tok.children:
                if o.dep_ in ("dobj", "nsubjpass", "nsubj") and o.pos_ == "NOUN":
                    r = match_noun(o)
                    if r is not None:
                        break
        return r.cameo[:2] if r is not None else "t:" + tok.lemma_.lower()
    if tok.pos_ in ("NOUN", "PROPN"):
        r = match_noun(tok)
        return r.cameo[:2] if r is not None else "t:" + tok.lemma_.lower()
    return None


def _phrase_after(tok: Token, n: int) -> str:
    doc = tok.doc
    return " ".join(t.lower_ for t in doc[tok.i:tok.i + n])


def _object_event(prep: Token) -> Token | None:
    """The event named after a preposition or conjunction: its noun object or its verb."""
    for c in prep.children:
        if c.dep_ in ("pobj", "pcomp"):
            if c.pos_ in ("VERB", "AUX"):
                return c
            if c.dep_ == "pcomp":
                return c
            return c
    return None


def _event_after_for(trigger: Token, sent: Span) -> Token | None:
    """The event named just after "for" in "paved the way for the deployment of ...", when the parser did
    not hang "for X" on "way" (it may read "for" as a clause marker): the first event word of the phrase."""
    fors = [t for t in sent if t.i > trigger.i and t.lower_ == "for"]
    if not fors:
        return None
    for t in sent.doc[fors[0].i + 1:min(fors[0].i + 6, sent.end)]:
        if t.pos_ in ("NOUN", "VERB") and not (event_key(t) or "t:").startswith("t:"):
            return t
    return None


def relations(trigger: Token, chain: list[Token], sent: Span, prev_main: Token | None,
              own_key: str | None) -> list[dict]:
    """Relations of the event named by `trigger` (with its xcomp chain) to other events."""
    cues = _cues()
    out: list[dict] = []

    def add(rel: str, other: Token | None, text: str) -> None:
        key = event_key(other)
        if key and key != own_key:
            out.append({"rel": rel, "event": key, "text": text})

    for v in chain:
        for c in v.children:
            # "after X", "days before X", "in response to X" attached to the verb
            if c.dep_ in ("prep", "advmod", "npadvmod") or (c.dep_ == "advcl"):
                for kind in ("after", "before"):
                    for cue in cues[kind]:
                        words = cue.split()
                        first = c if c.dep_ != "advcl" else next(
                            (m for m in c.children if m.dep_ == "mark"), None)
                        if first is None:
                            continue
                        if c.dep_ == "npadvmod":  # "days before launching"
                            first = next((x for x in c.children if x.dep_ == "prep"), None)
                            if first is None:
                                continue
                        if _phrase_after(first, len(words)) == cue or first.lower_ == words[-1] and len(words) == 1:
                            other = c if c.dep_ == "advcl" else _object_event(
                                first if len(words) == 1 else first.doc[first.i + len(words) - 1])
                            if other is None and c.dep_ != "advcl":
                                other = _object_event(first)
                            add(kind, other, first.doc[first.i:c.right_edge.i + 1].text)
                            break
            # "In response, Ukraine terminated ..."
            if c.dep_ in ("prep", "advmod") and c.i < v.i and prev_main is not None:
                phrase = " ".join(t.lower_ for t in c.subtree)
                if phrase in cues["openers"]:
                    add("after", prev_main, phrase)
    # "X paved the way for Y", "X prompted Y", "X followed Y": the subject event against the object event
    top = chain[0]
    lemma = trigger.lemma_.lower()
    subj = next((c for c in top.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if lemma in cues["causing"] or lemma in cues["following"]:
        obj = next((c for c in trigger.children if c.dep_ in ("dobj",)), None)
        if lemma == "pave" or (obj is not None and obj.lemma_ == "way"):
            prep = next((c for c in (obj.children if obj is not None else []) if c.dep_ == "prep"), None)
            obj = _object_event(prep) if prep is not None else _event_after_for(trigger, sent)
        if lemma == "lead":  # "X led to Y" (not "X led a delegation to Y")
            prep = next((c for c in trigger.children if c.dep_ == "prep" and c.lower_ == "to"), None)
            obj = _object_event(prep) if prep is not None and obj is None else None
        if subj is not None and obj is not None:
            rel = "before" if lemma in cues["causing"] else "after"
            return [{"rel": rel, "event": event_key(obj), "text": obj.text, "subject_event": event_key(subj)}]
    return out


def result_of_previous(tok: Token, prev_main: Token | None) -> dict | None:
    """For a clause X inside "This was a result of X" / "This came after X": X BEFORE the previous event."""
    if prev_main is None:
        return None
    cues = _cues()
    cur = tok
    for _ in range(4):
        if cur.dep_ in ("pobj", "pcomp") and cur.head.dep_ == "prep" and cur.head.lower_ in ("of", "after", "to"):
            noun = cur.head.head
            if noun.lemma_.lower() in cues["result"] or noun.lemma_.lower() in ("come", "follow"):
                root = noun.head if noun.pos_ == "NOUN" else noun
                subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
                if subj is not None and subj.lower_ in ("this", "that", "it", "which"):
                    return {"rel": "before", "event": event_key(prev_main), "text": noun.sent.text[:80]}
            return None
        cur = cur.head
        if cur.dep_ == "ROOT":
            break
    return None
