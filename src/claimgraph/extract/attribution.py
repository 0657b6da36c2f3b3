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
    depth: float = 0
    origin: list[str] = field(default_factory=list)  # sources the speaker cites (inner links)
    source_head: str | None = None  # "officer" for "the officer said": which unnamed source


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
        "evidence_verbs": set(c["evidence_verbs"]),
        "roles": c["role_nouns"],
        "raising": set(c["hedge_raising"]),
        "hedge_verbs": set(c["hedge_verbs"]),
    }


def depth(tok: Token) -> int:
    d = 0
    while tok.head.i != tok.i and d < 100:
        tok = tok.head
        d += 1
    return d


class SpeakerResolver:
    """Turns a speaker noun phrase into an entity id, the anonymous source, or None."""

    def __init__(self, idx: EntityIndex, own_outlet_ids: set[str]):
        self.idx = idx
        self.own = own_outlet_ids
        self.np_relays: dict[int, list[str]] = {}  # speaker token → outlets named inside its phrase

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
        for c in head.children:
            if c.dep_ == "appos" and idx.etype(idx.of(c)) in ("PERSON", "ORG", "MEDIA"):
                return idx.of(c), cited
        if head.dep_ == "appos" and head.pos_ == "NOUN" and idx.of(head.head):  # "Free Dawn, a news website, …"
            return idx.of(head.head), cited
        nxt = head.doc[head.i + 1] if head.i + 1 < len(head.doc) else None
        if nxt is not None and idx.etype(idx.of(nxt)) in ("PERSON", "ORG", "MEDIA") and head.pos_ == "NOUN":
            return idx.of(nxt), cited  # "the lawmaker Yeom Dong-ha", "spokeswoman Hou Ruiqing"
        # relays named inside the source's own phrase: "a person who had told the Mekong Ledger"
        for c in head.children:
            if c.dep_ == "relcl" and c.lemma_ in ("tell", "reveal", "say", "give", "speak"):
                relays, _ = _relays(c, self, sent)
                self.np_relays.setdefault(head.i, []).extend(relays)
        low = head.lower_
        if low == "one" or (head.pos_ == "NUM" and any(c.lower_ == "of" for c in head.children)):
            appos = next((c for c in head.children if c.dep_ == "appos"), None)
            if appos is not None:
                return self.resolve(appos, sent)
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
            if any(c.lower_ in ("the", "these", "those", "this") for c in head.children):
                owner = self.evidence_owner(head)  # "the data show" after "tracking data from PortSignal"
                if owner:
                    return owner, cited
        if any(m in phrase for m in cues["anon_markers"]):
            return ANONYMOUS, cited
        definite = any(c.lower_ in ("the", "this", "that") or c.dep_ == "poss" for c in head.children)
        if definite and _is_government_body(head) and not idx.in_tokens(head.subtree):
            # "the ministry said": the body introduced before, else the state the story is about
            state = idx.resolve_description(head, head.i, person=False) or self._recent_state(head)
            if state:
                return state, cited
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
        inner = [e for e in idx.in_tokens(head.subtree) if idx.etype(e) in ("ORG", "MEDIA", "PERSON")
                 and not _under_of_or_for(head, e, idx)]
        if inner:
            return inner[0], cited
        if head.pos_ == "NOUN" and (not definite or lemma in cues["anon_heads"] or _introduced_before(head)):
            return ANONYMOUS, cited
        return None, cited

    def evidence_owner(self, head: Token) -> str | None:
        """Whose data, images or records "the data" are: the body named with the last earlier mention of the
        same noun ("ship-tracking data from the analytics firm PortSignal"), within the article."""
        forms = {head.lemma_.lower(), head.lower_}
        for t in reversed(head.doc[:head.i]):
            if not forms & {t.lemma_.lower(), t.lower_} or t.pos_ != "NOUN":
                continue
            owners = [e for e in self.idx.in_tokens(t.subtree) if self.idx.etype(e) in ("ORG", "MEDIA", "PERSON")]
            if owners:
                return owners[0]
        return None

    def _recent_state(self, head: Token) -> str | None:
        idx = self.idx
        sents = list(head.doc.sents)
        k = next(i for i, s in enumerate(sents) if s.start <= head.i < s.end)
        window = [t for s in sents[max(0, k - 2):k + 1] for t in s if t.i < head.i]
        states = [t for t in window if idx.etype(idx.of(t)) == "GPE" and not str(idx.of(t)).startswith("city:")]
        if not states:
            return None
        subjects = [t for t in states if t.dep_ in ("nsubj", "nsubjpass") and t.sent == head.sent]
        return idx.of((subjects or states)[-1])

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


CONTENT_NOUNS = {"hope", "concern", "confidence", "belief", "fear", "view", "doubt", "expectation", "worry",
                 "optimism", "assurance", "conviction", "suspicion", "claim", "warning"}


def _under_of_or_for(head: Token, ent: str, idx: EntityIndex) -> bool:
    """'a spokesperson for Norvale', 'an official of the ministry': the named body is not the speaker."""
    for t in head.subtree:
        if idx.of(t) == ent:
            return t.head.dep_ == "prep" and t.head.lower_ in ("for", "of", "at", "from") and head.lemma_.lower() in (
                "spokesperson", "spokesman", "spokeswoman", "official", "officer", "employee", "source", "member",
                "manager", "representative", "person", "staff", "worker", "insider", "analyst", "researcher")
    return False


def _introduced_before(head: Token) -> bool:
    """'the officer' after 'a Lao police officer who asked not to be named': the same unnamed person."""
    lemma = head.lemma_.lower()
    return any(t.lemma_.lower() == lemma and t.pos_ == "NOUN" for t in head.doc[:head.i])


def _content_children(verb: Token) -> list[Token]:
    out = []
    for c in verb.children:
        if c.dep_ == "dobj" and (c.lemma_.lower() in CONTENT_NOUNS or c.lemma_.lower() in _cues()["denial_objects"]):
            out += [x for x in c.children if x.dep_ in ("acl", "ccomp") and x.pos_ in ("VERB", "AUX")]
    for c in verb.children:
        if c.dep_ == "advcl" and c.lemma_ in ("cite", "quote"):  # "reported, citing X, that ..."
            out += [x for x in c.children if x.dep_ == "ccomp"]
        if c.dep_ == "advcl" and c.pos_ in ("VERB", "AUX") and any(
                m.lower_ == "that" and m.dep_ == "mark" for m in c.children):
            out.append(c)  # "reported, citing X, that CONTENT" with CONTENT parsed as an adverbial clause
            continue
        if c.dep_ in ("ccomp", "csubj") or (c.dep_ in ("xcomp", "dobj") and c.tag_ == "VBG") or (
                c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")
                                            and verb.lemma_ not in _cues()["raising"]):
            out.append(c)
            out.extend(x for x in c.conjuncts if x.pos_ in ("VERB", "AUX"))
    return out


def _is_raising(verb: Token) -> bool:
    """'is said to', 'are believed to': a hedge, not an attribution."""
    return (verb.lemma_ in _cues()["raising"] and any(c.dep_ == "auxpass" for c in verb.children)
            and any(c.dep_ == "xcomp" for c in verb.children))


def _cited_as_saying(verb: Token) -> Token | None:
    """The citing verb of "the Signal cited a police officer as saying that ...", "quoted him as saying"."""
    prep = verb.head
    if verb.dep_ == "pcomp" and prep.lower_ == "as" and prep.head.lemma_.lower() in ("cite", "quote"):
        return prep.head
    return None


def _subject(verb: Token) -> Token | None:
    if (citer := _cited_as_saying(verb)) is not None:  # the one cited is the speaker, the citer relays
        return next((c for c in citer.children if c.dep_ in ("dobj", "obj")), None)
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
        if any(m.lower_ == "that" and m.dep_ == "mark" for m in tok.children) and tok.dep_ in ("advcl", "ccomp"):
            continue  # "… that 60 North Koreans had been writing code": reported content, not a report
        content = _content_children(tok)
        that_scope = set() if content else _that_clause(tok, sent)
        denial = lemma in cues["denial"]
        denial_obj = denial and any(c.dep_ == "dobj" and c.lemma_.lower() in cues["denial_objects"]
                                    for c in tok.children)
        quote_host = not content and tok.dep_ == "ROOT" and _has_quote(sent)
        tail_speaker = None
        if that_scope:
            pass
        elif not content and not denial_obj and not quote_host:
            tail_speaker = _parenthetical_speaker(tok, sent)
            if tail_speaker is None:
                continue
            quote_host = True
        if lemma in ("find", "show", "believe", "put", "document", "estimate", "express") and not content:
            continue
        subj = _subject(tok) if tail_speaker is None else tail_speaker
        if subj is None and content:
            subj = _parenthetical_speaker(tok, sent)
            if subj is not None:
                tail_speaker = subj
        speaker, origin = (res.resolve(subj, sent) if subj is not None else (None, []))
        if tail_speaker is not None:
            origin = list(origin)
        if subj is not None and tok.dep_ in ("conj", "advcl") and subj.head.i != tok.i:
            pass
        own: set[int] = {tok.i}
        if subj is not None and (subj.head.i == tok.i or tail_speaker is not None):
            own.update(_np_without_clauses(subj))
        if tail_speaker is not None:
            own.update(range(tail_speaker.i, tok.i + 1))
            own.update(t.i for t in sent if t.i > tok.i)
        relays, rel_own = _relays(tok, res, sent)
        own |= rel_own
        if (citer := _cited_as_saying(tok)) is not None:
            inner = {t.i for c in content for t in c.subtree}
            own.update(t.i for t in citer.subtree if t.i not in inner)
            by = _subject(citer)
            outlet = res.idx.of(by) if by is not None else None
            if by is not None and outlet is None:
                outlet, _ = res.resolve(by, sent)
            if outlet and outlet != ANONYMOUS:  # whoever cites relays, an outlet or a person
                relays = [outlet, *relays]
        for c in tok.children:
            if c.dep_ in ("aux", "auxpass", "neg", "advmod", "npadvmod", "punct", "agent") or (
                    c.dep_ == "prep" and c.lower_ not in ("to",)):
                if c.dep_ == "advcl":
                    continue
                own.update(t.i for t in c.subtree)
        # "reported, citing Y, that ..." — also when the parser hangs "citing" on the content clause
        citings = [c for c in tok.children if c.dep_ == "advcl" and c.lemma_ in ("cite", "quote")]
        citings += [c for x in content for c in x.children
                    if c.dep_ == "advcl" and c.lemma_ in ("cite", "quote") and c.i < x.i]
        for c in citings:
            own.update(_citing_tokens(c))
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
        if that_scope:
            scope = that_scope - own
        if denial_obj:
            scope = {tok.i}
            for o in tok.children:  # "rejected a report that X": X is what is denied, by the subject
                if o.dep_ == "dobj" and o.lemma_.lower() in cues["denial_objects"]:
                    for c in o.children:
                        if c.dep_ in ("acl", "ccomp", "relcl") and any(m.lower_ == "that" and m.dep_ == "mark"
                                                              for m in c.children):
                            scope |= {t.i for t in c.subtree} - own
        if subj is not None:
            relays = res.np_relays.get(subj.i, []) + relays
        hedge_subject = subj is not None and subj.lemma_.lower() in _hedge_nouns()
        if hedge_subject:  # "Indications suggest that ...": a hedge, not a speaker
            speaker = None
        frames.append(Frame(tok, "verb", speaker, relays, scope, own, denial,
                            hedge=lemma in ("suspect", "believe", "think", "speculate", "assume", "suggest",
                                            "appear", "seem") or hedge_subject,
                            depth=depth(tok), origin=origin,
                            source_head=subj.lemma_.lower() if subj is not None else None))
    # "..., the data show." closing a sentence (the parser may read "data show" as one noun phrase)
    tail = _trailing_evidence(sent, cues)
    if tail is not None and not any(f.verb.i in tail for f in frames):
        noun, verb, comma = tail
        who, origin = res.evidence_owner(noun), []
        if who is None:
            who, origin = res.resolve(noun, sent)
        if who and who != ANONYMOUS:
            own = {t.i for t in sent if t.i >= comma}
            frames.append(Frame(verb, "verb", who, [], {t.i for t in sent if t.i < comma}, own, False,
                                depth=-1.0, origin=origin))
    # "a company that the source described as a front": the source stands behind the whole sentence
    for tok in sent:
        if tok.dep_ in ("relcl", "acl") and tok.lemma_.lower() in ("describe", "call", "label", "characterize",
                                                                  "characterise", "identify", "name", "term"):
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is None or subj.lower_ in RELATIVE:
                continue
            who, origin = res.resolve(subj, sent)
            if who:
                own = {t.i for t in subj.subtree} | {tok.i}
                frames.append(Frame(tok, "verb", who, [], {t.i for t in sent} - own, own, False,
                                    depth=-2.0, origin=origin))
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
            if any(f.verb.i == host.i for f in frames):
                # "X reported, citing Y": Y is the origin behind X;
                # "According to Y, X said ...": Y relayed what X said
                f = next(f for f in frames if f.verb.i == host.i)
                who, _ = res.resolve(obj, sent)
                if who:
                    (f.relays if tok.lower_ == "according" else f.origin).append(who)
                    if tok.lower_ != "according":
                        f.relays = res.np_relays.get(obj.i, []) + f.relays
                        f.source_head = obj.lemma_.lower()
                f.own.update(_citing_tokens(tok))
                continue
            who, origin = res.resolve(obj, sent)
            own = {t.i for t in tok.subtree}
            scope = {t.i for t in host.subtree} - own if host.i != tok.i else {t.i for t in sent} - own
            initial = tok.i - sent.start <= 2 or all(t.is_space or t.is_punct for t in sent[:tok.i - sent.start])
            if tok.lower_ != "according":
                level = 1000.0  # a cited source is the first link of the chain
            else:
                level = -1.0 if initial else depth(host) - 0.5
            frames.append(Frame(tok, "according", who, res.np_relays.get(obj.i, []), scope, own, False,
                                depth=level, origin=origin, source_head=obj.lemma_.lower()))
    return frames


@lru_cache(maxsize=1)
def _bodies() -> tuple[str, ...]:
    return tuple(sorted(load("cues")["government_bodies"], key=len, reverse=True))


def _is_government_body(head: Token) -> bool:
    phrase = " ".join(t.lower_ for t in head.subtree if t.i <= head.i and t.dep_ in ("compound", "amod")
                      or t.i == head.i)
    return any(phrase == b or phrase.endswith(" " + b) for b in _bodies())


@lru_cache(maxsize=1)
def _hedge_nouns() -> frozenset[str]:
    return frozenset(load("cues")["hedge_nouns"])


def _np_without_clauses(head: Token) -> set[int]:
    """A speaker's phrase without the clauses inside it ("a firm that published a report")."""
    out = {head.i}
    for c in head.children:
        if c.dep_ in ("relcl", "acl"):
            continue
        out |= _np_without_clauses(c)
    return out


def _citing_tokens(tok: Token) -> set[int]:
    """"citing Tidemark" without the clause that may hang on it ("citing Tidemark, that ...")."""
    out = {tok.i}
    for c in tok.children:
        if c.dep_ not in ("ccomp",):
            out.update(t.i for t in c.subtree)
    return out


def _that_clause(verb: Token, sent: Span) -> set[int]:
    """Surface fallback when the parser lost the complement: "X reported, citing Y, that CONTENT"."""
    toks = [t for t in sent if t.i > verb.i]
    citing: set[int] = set()
    for c in verb.children:
        if c.dep_ == "advcl" and c.lemma_ in ("cite", "quote"):
            citing |= {t.i for t in c.subtree}
    depth_commas = 0
    for k, t in enumerate(toks):
        if t.i in citing and t.lower_ != "that":
            continue
        if t.text == ",":
            depth_commas += 1
            continue
        if t.lower_ == "that" and (t.tag_ == "IN" or (t.tag_ == "DT" and k and toks[k - 1].text == ",")) \
                and t.i <= verb.i + 12 \
                and (depth_commas == 0 or toks[k - 1].text == ","):
            rest = {x.i for x in toks[k + 1:]}
            if any(sent.doc[i].pos_ in ("VERB", "AUX") for i in rest):
                return rest
            return set()
        if t.pos_ in ("VERB", "AUX") and t.lemma_ not in ("cite", "quote"):
            return set()
    return set()


def _trailing_evidence(sent: Span, cues: dict) -> tuple[Token, Token, int] | None:
    """(evidence noun, its verb, the comma before) for a sentence ending ", the data show." / ", the images
    suggest.": the evidence stands behind the clause before it."""
    toks = [t for t in sent if not t.is_space and not t.is_punct or t.text == ","]
    if len(toks) < 5:
        return None
    verb, noun = toks[-1], toks[-2]
    if verb.lemma_.lower() not in cues["evidence_verbs"] and verb.lower_.rstrip("s") not in cues["evidence_verbs"]:
        return None
    if noun.lemma_.lower() not in cues["evidence_nouns"] and noun.lower_ not in cues["evidence_nouns"]:
        return None
    det = toks[-3]
    if det.lower_ in ("the", "these", "those", "its", "their") and toks[-4].text == ",":
        return noun, verb, toks[-4].i
    return None


def _parenthetical_speaker(verb: Token, sent: Span) -> Token | None:
    """", Alexander Matsegora, the Russian ambassador, said in an interview." when the parser missed
    the link: a reporting verb after a comma that closes a clause; the speaker is the name (or
    else the noun) of the comma-separated segments just before it, or right after it ("said X")."""
    if verb.dep_ == "acl" and verb.head.pos_ == "PROPN" and verb.i > 0 \
            and any(t.text == "," for t in sent if t.i < verb.head.left_edge.i):
        return verb.head  # "…, Free Dawn, a news website, reported on Monday" parsed as a modifier
    if verb.dep_ not in ("ROOT", "conj", "parataxis", "advcl", "ccomp"):
        return None
    before = [t for t in sent if t.i < verb.i and not t.is_space]
    if not before or not any(t.pos_ in ("VERB", "AUX") for t in before):
        return None
    after = [t for t in sent if t.i > verb.i and not t.is_space]
    if before[-1].text == "," and after and after[0].pos_ in ("PROPN", "NOUN", "DET", "NUM", "PRON"):
        # inverted: "…, said one of the residents, a restaurant owner"
        for t in after:
            if t.text == ",":
                break
            if t.dep_ in ("nsubj",) or t.pos_ in ("PROPN", "NOUN", "PRON"):
                return t if t.dep_ == "nsubj" else (t.head if t.dep_ == "compound" else t)
        return None
    segments: list[list[Token]] = [[]]
    for t in before:
        if t.text in (",", "—", "–"):
            segments.append([])
        else:
            segments[-1].append(t)
    segments = [seg for seg in segments if seg]
    if len(segments) < 2:
        return None
    tail = segments[-2:] if len(segments) >= 3 else segments[-1:]
    for seg in reversed(tail):
        if len(seg) > 12:
            continue
        for t in seg:
            if t.pos_ == "ADP":
                break  # "the Russian ambassador to North Korea": a name after a preposition is not the speaker
            if t.pos_ == "PROPN" or t.lower_ in ("he", "she", "they", "it", "we"):
                head = t
                while head.dep_ in ("compound", "flat") and head.head.i > head.i:
                    head = head.head
                return head
    last = segments[-1]
    if len(last) <= 12:
        nouns = [t for t in last if t.pos_ == "NOUN"]
        if nouns:
            return nouns[0] if nouns[0].dep_ in ("nsubj",) else nouns[-1] if len(nouns) == 1 else nouns[0]
    return None


def _has_quote(sent: Span) -> bool:
    return bool(re.search(r"[“”\"]", sent.text))


QUOTE_RE = re.compile(r"“[^”]{3,}”|\"[^\"\n]{3,}\"")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of direct quotations (curly or straight double quotes), marks excluded."""
    return [(m.start() + 1, m.end() - 1) for m in QUOTE_RE.finditer(text)]
