"""Who says what, through whom: reporting verbs, "according to", "citing", quotes and their speakers.

A sentence yields attribution *frames*. Each frame has a speaker (an entity id or the anonymous
source), the relays named with it ("told the Tass news agency", "citing a source"), the token
positions it covers (its content clause, or the whole sentence for "according to"), the tokens that
are the attribution itself (kept out of the claim's content), and the date the words were said.
A claim collects the frames covering it, innermost first: the first speaker is `said_by`, the rest
of the chain `via`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Span, Token

from claimgraph.extract.entities import EntityIndex
from claimgraph.extract.lexicon import load
from claimgraph.model import ANONYMOUS

PRONOUNS = {"he", "she", "him", "her", "they", "it", "we", "i", "them", "us"}
RELATIVE = {"who", "which", "that", "whom"}


@dataclass
class Frame:
    verb: Token
    kind: str  # verb | according | citing | quote
    speaker: str | None
    relays: list[str] = field(default_factory=list)
    scope: set[int] = field(default_factory=set)  # token indices of what is attributed
    own: set[int] = field(default_factory=set)  # token indices of the attribution itself
    denial: bool = False
    hedge: bool = False  # "we suspect", "it believes"
    depth: int = 0
    origin: list[str] = field(default_factory=list)  # sources the speaker cites (inner links)


@lru_cache(maxsize=1)
def _cues() -> dict:
    c = load("cues")
    return {
        "reporting": set(c["reporting_verbs"]),
        "denial": set(c["denial_verbs"]),
        "denial_objects": set(c["denial_objects"]),
        "anon_heads": set(c["anonymous_heads"]),
        "anon_markers": [m.lower() for m in c["anonymity_markers"]],
        "evidence_nouns": set(c["evidence_nouns"]),
        "roles": c["role_nouns"],
        "raising": set(c["hedge_raising"]),
        "hedge_verbs": set(c["hedge_verbs"]),
    }


def depth(tok: Token) -> int:
    d = 0
    while tok.head is not tok and d < 100:
        tok = tok.head
        d += 1
    return d


def np_tokens(head: Token) -> list[Token]:
    return list(head.subtree)


class SpeakerResolver:
    """Turns a speaker noun phrase into an entity id, the anonymous source, or None."""

    def __init__(self, idx: EntityIndex, own_outlet_ids: set[str]):
        self.idx = idx
        self.own = own_outlet_ids
        self.last_anon_relays: list[str] = []

    def resolve(self, head: Token, sent: Span) -> tuple[str | None, list[str]]:
        """(speaker, sources the phrase itself cites). Sources cited inside the phrase come back as
        the second element ("Free Dawn, which cited a single source" → anonymous behind Free Dawn)."""
        idx = self.idx
        cues = _cues()
        cited: list[str] = []
        for c in head.children:
            if c.dep_ == "relcl" and c.lemma_ in ("cite", "quote"):
                for o in c.children:
                    if o.dep_ in ("dobj", "obj"):
                        who, _ = self.resolve(o, sent)
                        if who:
                            cited.append(who)
        ent = idx.of(head)
        if ent:
            return ent, cited
        low = head.lower_
        if low in RELATIVE and head.head.dep_ == "relcl":
            return self.resolve(head.head.head, sent)
        if low in PRONOUNS:
            return self.pronoun(head), cited
        phrase = " ".join(t.lower_ for t in head.subtree)
        lemma = head.lemma_.lower()
        if lemma in cues["evidence_nouns"] or lemma in ("statement", "document", "source") and not any(
                m in phrase for m in cues["anon_markers"]) and lemma != "source":
            inner = [e for e in idx.in_tokens(head.subtree) if idx.etype(e) in ("ORG", "MEDIA", "PERSON")]
            if inner:
                return inner[0], cited
            ref = idx.resolve_description(head, head.i, person=False)
            if ref:
                return ref, cited
        if any(m in phrase for m in cues["anon_markers"]):
            return ANONYMOUS, cited
        definite = any(c.lower_ in ("the", "this", "that") or c.dep_ == "poss" for c in head.children)
        if lemma in cues["anon_heads"]:
            if definite and lemma not in ("source", "sources", "official", "officials", "resident",
                                          "residents", "trader", "witness", "owner", "manager"):
                ref = idx.resolve_description(head, head.i, person=None)
                if ref:
                    return ref, cited
            return ANONYMOUS, cited
        person_role = lemma in ("ambassador", "envoy", "minister", "executive", "spokesman", "spokeswoman",
                                "spokesperson", "head", "leader", "chief", "lawmaker", "investigator",
                                "researcher", "president", "director", "diplomat", "expert", "analyst",
                                "chairman", "secretary", "commander", "governor", "mayor", "fellow")
        if definite or lemma in cues["roles"] or person_role:
            ref = idx.resolve_description(head, head.i, person=True if person_role else None,
                                          lookahead=120 if person_role else 0)
            if ref:
                return ref, cited
            if not definite and person_role:
                nxt = self._next_named_person(head, sent)
                if nxt:
                    return nxt, cited
        inner = [e for e in idx.in_tokens(head.subtree) if idx.etype(e) in ("ORG", "MEDIA", "PERSON")]
        if inner:
            return inner[0], cited
        if not definite and head.pos_ == "NOUN":
            return ANONYMOUS, cited
        return None, cited

    def _next_named_person(self, head: Token, sent: Span) -> str | None:
        """News introduces a source by role, then names them at the start of the next paragraph."""
        doc = head.doc
        sents = list(doc.sents)
        for i, s in enumerate(sents):
            if s.start <= head.i < s.end:
                for nxt in sents[i + 1:i + 3]:
                    for t in nxt:
                        if t.dep_ in ("nsubj", "nsubjpass") and self.idx.etype(self.idx.of(t)) == "PERSON":
                            return self.idx.of(t)
                break
        return None

    def pronoun(self, tok: Token) -> str | None:
        low = tok.lower_
        if low in ("he", "she", "him", "her"):
            return self.idx.last_person(tok.i)
        if low == "it":
            return self.idx.last_of_types(tok.i, {"ORG", "MEDIA"}, window_tokens=120)
        return None


def _content_children(verb: Token) -> list[Token]:
    out = []
    for c in verb.children:
        if c.dep_ in ("ccomp", "csubj") or (c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")
                                            and verb.lemma_ not in _cues()["raising"]):
            out.append(c)
            out.extend(x for x in c.conjuncts if x.pos_ in ("VERB", "AUX"))
    return out


def _is_raising(verb: Token) -> bool:
    """'is said to', 'are believed to': a hedge, not an attribution."""
    return (verb.lemma_ in _cues()["raising"] and any(c.dep_ == "auxpass" for c in verb.children)
            and any(c.dep_ == "xcomp" for c in verb.children))


def _subject(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass", "csubj"):
            return c
    for c in verb.children:
        if c.dep_ == "agent":
            for o in c.children:
                if o.dep_ == "pobj":
                    return o
    if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head is not verb:
        return _subject(verb.head)
    return None


def _relays(verb: Token, res: SpeakerResolver, sent: Span) -> tuple[list[str], set[int]]:
    """Outlets a statement was given to: "told the Tass news agency", "revealed to Daily NK"."""
    out: list[str] = []
    own: set[int] = set()
    for c in verb.children:
        target = None
        if c.dep_ in ("dative", "dobj", "iobj") and c.pos_ in ("PROPN", "NOUN") and verb.lemma_ in (
                "tell", "inform", "brief"):
            target = c
        elif c.dep_ in ("prep", "dative") and c.lower_ == "to":
            target = next((o for o in c.children if o.dep_ == "pobj"), None)
        if target is None:
            continue
        ent = res.idx.of(target)
        if ent is None:
            ent, _ = res.resolve(target, sent)
        own.update(t.i for t in target.subtree)
        if c.dep_ == "prep":
            own.add(c.i)
        if ent and ent not in res.own and (res.idx.is_media(ent) or res.idx.etype(ent) == "ORG"):
            out.append(ent)
    return out, own


def find_frames(sent: Span, res: SpeakerResolver) -> list[Frame]:
    """Attribution frames of one sentence."""
    cues = _cues()
    frames: list[Frame] = []
    for tok in sent:
        if tok.pos_ not in ("VERB", "AUX") and not (tok.lemma_ in cues["reporting"] and tok.pos_ == "NOUN"):
            continue
        lemma = tok.lemma_.lower()
        if lemma not in cues["reporting"] or _is_raising(tok):
            continue
        content = _content_children(tok)
        denial = lemma in cues["denial"]
        denial_obj = denial and any(c.dep_ == "dobj" and c.lemma_.lower() in cues["denial_objects"]
                                    for c in tok.children)
        quote_host = not content and tok.dep_ == "ROOT" and _has_quote(sent)
        if not content and not denial_obj and not quote_host:
            continue
        if lemma in ("find", "show", "believe", "put", "document", "estimate", "express") and not content:
            continue
        subj = _subject(tok)
        speaker, origin = (res.resolve(subj, sent) if subj is not None else (None, []))
        if subj is not None and tok.dep_ in ("conj", "advcl") and subj.head is not tok:
            pass
        own: set[int] = {tok.i}
        if subj is not None and subj.head is tok:
            own.update(t.i for t in subj.subtree)
        relays, rel_own = _relays(tok, res, sent)
        own |= rel_own
        for c in tok.children:
            if c.dep_ in ("aux", "auxpass", "neg", "advmod", "npadvmod", "punct", "agent") or (
                    c.dep_ == "prep" and c.lower_ not in ("to",)):
                if c.dep_ == "advcl":
                    continue
                own.update(t.i for t in c.subtree)
            if c.dep_ == "advcl" and c.lemma_ in ("cite", "quote"):
                own.update(t.i for t in c.subtree)
                for o in c.children:
                    if o.dep_ in ("dobj", "obj"):
                        who, _ = res.resolve(o, sent)
                        if who:
                            origin.append(who)
        scope: set[int] = set()
        for c in content:
            scope.update(t.i for t in c.subtree)
        if quote_host:
            scope = {t.i for t in sent} - own
        if denial_obj:
            scope = {tok.i}
        frames.append(Frame(tok, "verb", speaker, relays, scope, own, denial,
                            hedge=lemma in ("suspect", "believe", "think", "speculate", "assume"),
                            depth=depth(tok), origin=origin))
    # "according to X", "citing X" attached to a clause
    for tok in sent:
        if tok.lower_ in ("according", "citing", "quoting") or (tok.lower_ == "per" and tok.dep_ == "prep"):
            if tok.lower_ == "according":
                to = next((c for c in tok.children if c.lower_ == "to"), None)
                obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            else:
                obj = next((c for c in tok.children if c.dep_ in ("dobj", "pobj", "obj")), None)
            if obj is None:
                continue
            host = tok.head
            if any(f.verb is host for f in frames):
                # "X reported, citing Y": Y is the origin behind X
                f = next(f for f in frames if f.verb is host)
                who, _ = res.resolve(obj, sent)
                if who:
                    f.origin.append(who)
                f.own.update(t.i for t in tok.subtree)
                continue
            who, origin = res.resolve(obj, sent)
            own = {t.i for t in tok.subtree}
            scope = {t.i for t in host.subtree} - own if host is not tok else {t.i for t in sent} - own
            frames.append(Frame(tok, "according", who, [], scope, own, False, depth=depth(tok) + 1,
                                origin=origin))
    return frames


def _has_quote(sent: Span) -> bool:
    return bool(re.search(r"[“”\"]", sent.text))


QUOTE_RE = re.compile(r"“[^”]{3,}”|\"[^\"\n]{3,}\"")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of direct quotations (curly or straight double quotes), marks excluded."""
    return [(m.start() + 1, m.end() - 1) for m in QUOTE_RE.finditer(text)]
