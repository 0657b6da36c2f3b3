"""Read one document into claims: one claim per clause that states something checkable.

The steps, each in its own module: blank the dateline and furniture (prepare), parse once (nlp),
canonical entities (entities), attribution frames (attribution), time expressions (timex),
quantities (quantities), event types (events), modality (modality); this module ties a clause's
pieces together into a Claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from claimgraph import nlp
from claimgraph.extract.attribution import (
    PRONOUNS,
    RELATIVE,
    Frame,
    SpeakerResolver,
    find_frames,
    quote_spans,
)
from claimgraph.extract.entities import LOCATIVE_PREPS, PERSON_ROLES, EntityIndex, build_index
from claimgraph.extract.events import EventRule, intent_code, match_noun, match_verb, objects_of
from claimgraph.extract.lexicon import load
from claimgraph.extract.modality import Cues, decide, modal_cues
from claimgraph.extract.prepare import prepare
from claimgraph.extract.quantities import find_quantities
from claimgraph.extract.relations import event_key, relations, result_of_previous
from claimgraph.extract.timex import Timex, find_timexes, resolve
from claimgraph.model import ANONYMOUS, Claim, Document, Quantity, Reading, TimeSpan

MAX_CLAIM_CHARS = 600
VERBISH = {"VERB", "AUX"}
CONTROL_VERBS = {"require", "order", "ask", "urge", "force", "allow", "help", "call", "permit", "compel",
                 "oblige", "instruct", "direct", "tell", "persuade", "enable"}
SUBJ_DEPS = ("nsubj", "nsubjpass", "csubj", "expl")
COPULAS = {"be", "become", "remain"}


@dataclass
class Clause:
    head: Token
    chain: list[Token]
    trigger: Token
    rule: EventRule | None
    subject: Token | None
    passive: bool
    tokens: set[int] = field(default_factory=set)
    antecedent: Token | None = None  # the verb a "do so" in this clause stands for


def read_document(document: Document) -> Reading:
    """Entities and claims of one document (no knowledge of other documents)."""
    prep = prepare(document.text, document.title)
    if (document.language or "en")[:2] not in ("en", ""):
        return Reading(document)  # the reader is English; the document is stored and marked
    parsed = nlp.parse(document.id, prep.text)
    return read_parsed(document, parsed, prep)


def read_parsed(document: Document, parsed: Doc, prep=None) -> Reading:
    prep = prep or prepare(document.text, document.title)
    idx = build_index(parsed, own_outlet=document.outlet)
    own = _own_outlet_ids(idx, document.outlet)
    credit = _credit(idx, prep.dateline_credit, document.outlet, own)
    res = SpeakerResolver(idx, own)
    quotes = quote_spans(document.text)
    tx = _timexes(parsed, prep.text)
    reader = _DocReader(document, parsed, idx, res, own, credit, quotes, tx)
    reader.dateline_place = prep.dateline_place
    claims = reader.run()
    reading = Reading(document, idx.entities, idx.mentions, claims)
    return reading


def _norm_outlet(s: str) -> str:
    return re.sub(r"^the\s+", "", re.sub(r"\s+", " ", s.strip().lower()))


def _own_outlet_ids(idx: EntityIndex, outlet: str | None) -> set[str]:
    if not outlet:
        return set()
    o = _norm_outlet(outlet)
    o_words = set(o.split())
    initials = "".join(w[0] for w in outlet.split() if w[:1].isupper() and w.lower() != "the")
    out = set()
    first = o.split()[0] if o.split() else ""
    for ent_id, ent in idx.entities.items():
        if ent.type == "PERSON" and _norm_outlet(ent.name) == first and len(first) > 3 and len(o_words) > 1:
            out.add(ent_id)  # "Harbourline could not verify", in Harbourline News Agency's story, misread as a person
            continue
        if ent.type not in ("ORG", "MEDIA"):
            continue
        for name in [ent.name, *ent.aliases]:
            n = _norm_outlet(name)
            if n == o or (len(initials) >= 2 and name == initials) or (n and set(n.split()) <= o_words
                                                                        and len(n) > 3):
                out.add(ent_id)
    return out


def _credit(idx: EntityIndex, credit: str | None, outlet: str | None, own: set[str]) -> list[str]:
    """The agency credited in the dateline, unless it is the publishing outlet itself."""
    if not credit:
        return []
    c = _norm_outlet(credit)
    if outlet:
        o = _norm_outlet(outlet)
        initials = "".join(w[0] for w in outlet.split() if w[:1].isupper() and w.lower() != "the")
        if c == o or credit == initials:
            return []
    for ent_id, ent in idx.entities.items():
        if any(_norm_outlet(n) == c for n in [ent.name, *ent.aliases]):
            return [] if ent_id in own else [ent_id]
        initials = "".join(w[0] for w in ent.name.split() if w[:1].isupper())
        if credit == initials and len(initials) >= 2:
            return [] if ent_id in own else [ent_id]
    from claimgraph.extract.entities import slug
    from claimgraph.model import Entity

    ent_id = "org:" + slug(credit)
    idx.entities.setdefault(ent_id, Entity(ent_id, credit, "MEDIA"))
    return [ent_id]


def _timexes(parsed: Doc, text: str) -> list[tuple[Timex, Span]]:
    out = []
    for t in find_timexes(text):
        span = parsed.char_span(t.start, t.end, alignment_mode="expand")
        if span is not None and len(span):
            out.append((t, span))
    return out


class _DocReader:
    def __init__(self, document: Document, parsed: Doc, idx: EntityIndex, res: SpeakerResolver,
                 own: set[str], credit: list[str], quotes: list[tuple[int, int]],
                 tx: list[tuple[Timex, Span]]):
        self.document = document
        self.doc = parsed
        self.idx = idx
        self.res = res
        self.own = own
        self.credit = credit
        self.quotes = quotes
        self.tx = tx
        self.cues = load("cues")
        self.dateline_place: str | None = None
        self.dateline_used = False
        self.last_anon_via: list[str] = []
        self.sent_frames: dict[int, list[Frame]] = {}
        self.prev_main: Token | None = None
        self.main_event: Token | None = None

    # ------------------------------------------------------------------------------------------
    def run(self) -> list[Claim]:
        claims: list[Claim] = []
        sents = list(self.doc.sents)
        for si, sent in enumerate(sents):
            if not sent.text.strip() or not any(t.is_alpha for t in sent):
                continue
            frames = find_frames(sent, self.res)
            self.sent_frames[si] = frames
        for si, sent in enumerate(sents):
            if si not in self.sent_frames:
                continue
            frames = self.sent_frames[si]
            clauses = self._clauses(sent, frames)
            self.prev_main = self.main_event
            self.main_event = None
            mine: list[Claim] = []
            for cl in clauses:
                claim = self._claim(cl, sent, si, frames, sents, len(claims) + len(mine))
                if claim is not None:
                    mine.append(claim)
            # a quotation the parser did not read as a clause is the content of its "said"
            if self._quote_in(sent) and not any(c.quote for c in mine):
                for c in mine:
                    if c.event_type == "statement":
                        c.quote = True
            claims += mine
            if self.main_event is None and clauses:
                root = next((cl for cl in clauses if cl.head.dep_ == "ROOT"), clauses[0])
                self.main_event = root.trigger
        self._apply_disclaimers(claims, sents)
        return claims

    # -- clauses --------------------------------------------------------------------------------
    def _clauses(self, sent: Span, frames: list[Frame]) -> list[Clause]:
        frame_verbs = {f.verb.i for f in frames if f.kind == "verb" and f.scope and f.scope != {f.verb.i}}
        heads: list[Token] = []
        for t in sent:
            if t.is_space or t.i in frame_verbs:
                continue
            dep = t.dep_
            if dep == "ROOT" and (t.pos_ in VERBISH or any(c.dep_ in SUBJ_DEPS for c in t.children)):
                heads.append(t)
            elif t.pos_ in VERBISH and dep in ("ccomp", "advcl", "relcl", "parataxis", "csubj", "pcomp"):
                if dep == "pcomp" and not any(c.dep_ in SUBJ_DEPS for c in t.children) \
                        and match_verb(t, None) is None:
                    continue
                if dep == "advcl" and t.tag_ == "VBN" and match_verb(t, None) is None:
                    continue
                heads.append(t)
            elif t.pos_ in VERBISH and dep == "conj" and t.head.pos_ in VERBISH:
                heads.append(t)
            elif t.pos_ == "VERB" and dep == "acl" and (any(c.dep_ in SUBJ_DEPS for c in t.children)
                                                       or match_verb(t, None) is not None):
                heads.append(t)
            elif dep == "ccomp" and t.pos_ == "VERB" and t.head.pos_ == "NOUN":
                heads.append(t)
            elif dep in ("xcomp", "dobj") and t.pos_ == "VERB" and t.head.i in frame_verbs:
                heads.append(t)  # "Pyongyang denied sending workers": the gerund is what is denied
        # a clause head in the xcomp chain of another head belongs to that head
        xmembers: set[int] = set()
        chains: dict[int, list[Token]] = {}
        for h in heads:
            chain = self._chain(h)
            chains[h.i] = chain
            xmembers.update(c.i for c in chain[1:])
        heads = [h for h in heads if h.i not in xmembers]
        # "Syria is the only nation to recognize X": the copula adds nothing to the recognition
        heads = [h for h in heads if not (h.lemma_ == "be" and any(
            o.dep_ == "acl" and o.head.head.i == h.i and match_verb(o, None) is not None
            for o in heads))]
        head_ids = {h.i for h in heads} | frame_verbs
        out: list[Clause] = []
        absorbed: set[int] = set()
        for h in heads:
            chain = chains[h.i]
            subject = self._subject_of(chain)
            trigger, rule = self._event(chain, subject)
            passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in trigger.children)
            toks = self._clause_tokens(h, chain, head_ids, frames)
            if h.i in absorbed:
                continue
            ante = _do_so_antecedent(h)
            if ante is not None and rule is not None and rule.object_is_actor:
                # "joining X as the only countries to do so": X did it; the "do so" clause is part of this
                absorbed.update(t.i for t in h.subtree if t.i in head_ids and t.i != h.i)
                toks.update(t.i for t in h.subtree if t.i not in frame_verbs)
            if ante is not None and (rule is None or rule.object_is_actor or trigger.lemma_ == "do"):
                # "joining A and B as the only two states to do so": they did what the main
                # clause says; the claim is that event, with the joiners as its actors
                ante_rule = match_verb(ante, self._subject_of([ante]))
                if ante_rule is not None:
                    rule = ante_rule
            else:
                ante = None
            out.append(Clause(h, chain, trigger, rule, subject, passive, toks, ante))
        # noun events in sentences without any clause ("the talks between A and B during a summit")
        for t in sent:
            if t.pos_ == "NOUN" and not any(t.i in cl.tokens and cl.rule is not None for cl in out):
                r = match_noun(t)
                if r is not None and r.type in ("meet", "fuel_transfer", "labour_deployment", "weapons_test") \
                        and self._noun_participants(t) and not _in_relation_phrase(t):
                    toks = {x.i for x in t.subtree}
                    out.append(Clause(t, [t], t, r, None, False, toks))
        return out

    def _chain(self, h: Token) -> list[Token]:
        chain = [h]
        cur = h
        for _ in range(6):
            nxt = next((c for c in cur.children if c.dep_ == "xcomp" and c.pos_ in VERBISH), None)
            if nxt is None and cur.lemma_ in CONTROL_VERBS:
                nxt = next((c for c in cur.children if c.dep_ == "ccomp" and c.pos_ == "VERB"), None)
            if nxt is None:
                # "is considering sending laborers": a gerund object continues the chain
                nxt = next((c for c in cur.children if c.dep_ in ("xcomp", "dobj") and c.tag_ == "VBG"), None)
            if nxt is None and cur.lemma_ in COPULAS:
                # "X was the first country to ban …": the infinitive on the predicate noun is the event
                nxt = next((v for a in cur.children if a.dep_ == "attr" for v in a.children
                            if v.dep_ in ("relcl", "acl") and v.pos_ == "VERB"
                            and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)), None)
            if nxt is None:
                break
            chain.append(nxt)
            cur = nxt
        return chain

    def _subject_of(self, chain: list[Token]) -> Token | None:
        for v in chain:
            for c in v.children:
                if c.dep_ in ("nsubj", "nsubjpass", "csubj"):
                    if c.lower_ in RELATIVE and v.dep_ == "relcl":
                        return v.head
                    return c
        top = chain[0]
        if top.dep_ == "conj" and top.head.pos_ in VERBISH:
            return self._subject_of(self._chain(top.head))
        if top.dep_ == "advcl" and top.tag_ in ("VBD", "VBN") and top.head.pos_ in VERBISH:
            # "photographed the tanker lashed to a vessel": the participle right after the object is said of it
            obj = next((c for c in top.head.children if c.dep_ == "dobj" and c.right_edge.i == top.i - 1), None)
            if obj is not None:
                return obj
        if top.dep_ in ("advcl", "xcomp") and top.tag_ in ("VBG", "VB", "VBN"):
            return self._subject_of(self._chain(top.head)) if top.head.pos_ in VERBISH and top.head.i != top.i else None
        if top.dep_ in ("acl", "relcl"):
            noun = top.head
            # "the only nation to recognize" / "one of only five countries to vote": the copula's subject
            cur = noun
            for _ in range(4):
                if cur.dep_ == "pobj" and cur.head.dep_ == "prep":
                    cur = cur.head.head
                    continue
                break
            if cur.dep_ == "attr":
                subj = next((c for c in cur.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is not None:
                    return subj
            return noun
        return None

    def _event(self, chain: list[Token], subject: Token | None) -> tuple[Token, EventRule | None]:
        for v in reversed(chain):
            r = match_verb(v, subject)
            if r is not None and r.type != "statement":
                return v, r
            for o in objects_of(v):
                if o.pos_ == "NOUN":
                    r2 = match_noun(o)
                    if r2 is not None:
                        return v, r2
        for v in reversed(chain):
            r = match_verb(v, subject)
            if r is not None:
                return v, r
        # "the deployment of North Korean workers began in May": a verb naming no event of its own is
        # about the event its subject names
        if subject is not None and subject.pos_ == "NOUN" and not _in_relation_phrase(subject):
            r = match_noun(subject)
            if r is not None and r.type != "statement":
                return chain[-1], r
        # "photographed the tanker …, in what it called a suspected transfer of fuel"
        for t in chain[0].subtree:
            if t.pos_ == "NOUN" and t.dep_ in ("pobj", "attr", "appos") and not _in_relation_phrase(t):
                r = match_noun(t)
                if r is not None and r.type in ("fuel_transfer", "labour_deployment"):
                    return chain[-1], r
        return chain[-1], None

    def _clause_tokens(self, h: Token, chain: list[Token], head_ids: set[int], frames: list[Frame]) -> set[int]:
        out: set[int] = set()
        chain_ids = {c.i for c in chain}
        own: set[int] = set()
        for f in frames:
            if f.verb.i not in chain_ids:
                own |= f.own

        def walk(t: Token) -> None:
            if t.i in own:
                return
            out.add(t.i)
            for c in t.children:
                if c.i in head_ids and c.i not in chain_ids:
                    continue
                walk(c)

        walk(h)
        return out

    def _noun_participants(self, t: Token) -> bool:
        return any(self.idx.of(x) for x in t.subtree if x.i != t.i)

    # -- arguments -----------------------------------------------------------------------------
    def np_entities_single(self, tok: Token, skip_places: bool = True) -> list[str]:
        ent = self.idx.of(tok)
        if ent:
            return [ent]
        return [e for e in self.np_entities(tok, skip_places, conj=False)]

    def np_entities(self, tok: Token | None, skip_places: bool = True, conj: bool = True) -> list[str]:
        if tok is None:
            return []
        idx = self.idx
        out: list[str] = []
        if tok.lower_ in RELATIVE and tok.head.dep_ == "relcl":
            return self.np_entities(tok.head.head, skip_places)
        ent = idx.of(tok)
        definite = any(c.lower_ in ("the", "these", "those", "both") for c in tok.children)
        if not ent and tok.dep_ == "appos" and idx.of(tok.head):  # "Orchid, a firm that ..."
            ent = idx.of(tok.head)
        if not ent:  # "North Korean ambassador to Russia Sin Hong Chol": the name in apposition
            ent = next((idx.of(c) for c in tok.children if c.dep_ == "appos"
                        and idx.etype(idx.of(c)) in ("PERSON", "ORG", "MEDIA", "VESSEL")), None)
        if ent:
            out.append(ent)
            out += self._misparsed_coordination(tok, ent)
        elif tok.lower_ in ("they", "them", "their"):
            out += idx.last_plural_group(tok.i)
        elif tok.lower_ in PRONOUNS:
            p = self._speaker_of_content(tok) or self.res.pronoun(tok)
            if p:
                out.append(p)
        elif tok.lemma_.lower() in ("country", "nation", "state", "regime") and definite and tok.tag_ == "NN":
            state = self.res._recent_state(tok)  # "the country's imports": the state the story is about
            if state:
                out.append(state)
        elif tok.lower_ in self.cues["plural_group_nouns"] and definite and tok.tag_ == "NNS" \
                and not any(idx.of(c) for c in tok.subtree if c.i != tok.i):
            out += idx.last_plural_group(tok.i)
        else:
            role_words = self.cues["role_nouns"]
            lemma = tok.lemma_.lower()
            if lemma in role_words and (definite or any(c.dep_ == "poss" for c in tok.children)) \
                    and lemma not in ("report", "data"):
                inner = [e for e in idx.in_tokens(tok.subtree) if idx.etype(e) == "PERSON"]
                ref = inner[0] if inner else idx.resolve_description(
                    tok, tok.i, person=lemma in ("ambassador", "envoy", "minister", "executive", "head",
                                                 "leader", "chief", "spokesman", "spokeswoman", "president"),
                    lookahead=200)
                if ref:
                    out.append(ref)
            if not out:
                for c in tok.subtree:
                    if c.i == tok.i:
                        continue
                    if any(a.dep_ in ("relcl", "appos", "acl") and a.i != tok.i for a in _ancestors_until(c, tok)):
                        continue
                    if c.lower_ in ("their",) and c.dep_ == "poss":
                        out += idx.last_plural_group(c.i)
                        continue
                    if c.lemma_.lower() in ("country", "nation", "regime") and c.dep_ == "poss" \
                            and any(d.lower_ == "the" for d in c.children):
                        state = self.res._recent_state(c)  # "the country's imports"
                        if state and state not in out:
                            out.append(state)
                        continue
                    e = idx.of(c)
                    if not e or e in out:
                        continue
                    if skip_places and idx.is_place(e) and _under_locative(c, tok):
                        continue
                    out.append(e)
        for c in (tok.conjuncts if conj else ()):
            for e in self.np_entities_single(c, skip_places):
                if e not in out:
                    out.append(e)
        return out

    def _misparsed_coordination(self, tok: Token, ent: str) -> list[str]:
        """"the Donetsk People's Republic and Luhansk People's Republic": the parser may hang the first name
        under the second instead of coordinating them. Names of the same kind before the head, joined by an
        "and" inside its phrase, are its conjuncts."""
        idx = self.idx
        before = [c for c in tok.subtree if c.i < tok.i]
        if not any(c.dep_ == "cc" and c.lower_ in ("and", "or") for c in before):
            return []
        out: list[str] = []
        for c in before:
            e = idx.of(c)
            if e and e != ent and e not in out and idx.etype(e) == idx.etype(ent):
                out.append(e)
        return out

    def _speaker_of_content(self, tok: Token) -> str | None:
        """'South Korea has said it will raise the case': a pronoun subject of reported speech is
        usually the speaker itself (it → a state or body, he/she → a person)."""
        if tok.dep_ not in ("nsubj", "nsubjpass"):
            return None
        for f in getattr(self, "cur_frames", []):
            if tok.i not in f.scope or not f.speaker or f.speaker == ANONYMOUS:
                continue
            kind = self.idx.etype(f.speaker)
            if tok.lower_ in ("he", "she") and kind == "PERSON":
                return f.speaker
            if tok.lower_ == "it" and kind in ("ORG", "GPE", "MEDIA"):
                return f.speaker
            if tok.lower_ in ("we", "they") and kind in ("ORG", "GPE", "MEDIA"):
                return f.speaker
        return None

    def _arguments(self, cl: Clause) -> tuple[list[str], list[str], list[str]]:
        idx = self.idx
        actor: list[str] = []
        target: list[str] = []
        place: list[str] = []
        rule = cl.rule
        if cl.head.pos_ == "NOUN":  # noun event: "talks between A and B", "transfers of fuel to X"
            for c in cl.head.subtree:
                e = idx.of(c)
                if not e:
                    continue
                if idx.is_place(e) and _under_locative(c, cl.head):
                    place.append(e)
                elif c.head.lower_ in ("to", "into", "for") and rule and not rule.symmetric:
                    target.append(e)
                else:
                    actor.append(e)
            return _dedupe(actor), _dedupe(target), _dedupe(place)
        subj = cl.subject
        agent = None
        for v in cl.chain:
            for c in v.children:
                if c.dep_ == "agent":
                    agent = next((o for o in c.children if o.dep_ == "pobj"), None)
        if cl.passive and subj is not None:
            target += self.np_entities(subj)
            if agent is not None:
                actor += self.np_entities(agent)
            elif rule and rule.actor_from_patient:
                actor += [e for e in self.np_entities(subj) if idx.etype(e) in ("GPE", "NORP")]
            if not actor:
                for i in sorted(cl.tokens):
                    c = self.doc[i]
                    if c.dep_ == "prep" and c.lower_ in ("under", "through", "by"):
                        for o in c.children:
                            if o.dep_ == "pobj":
                                actor += [e for e in self.np_entities(o) if not idx.is_place(e)]
        else:
            actor += self.np_entities(subj)
            if agent is not None:
                actor += self.np_entities(agent)
        for v in cl.chain:
            for c in v.children:
                if (c.dep_ in ("dobj", "obj", "dative", "iobj", "attr") and c.i in cl.tokens
                        and not (c.dep_ == "dative" and c.pos_ == "ADP")):  # "to X" as dative: below
                    ents = self.np_entities(c)
                    if rule and rule.object_is_actor:
                        actor += ents
                    else:
                        target += [e for e in ents if not (idx.is_place(e) and e not in ents[:1]
                                                           and _under_locative_any(c))]
                elif c.dep_ in ("prep", "dative") and c.i in cl.tokens:
                    p = c.lower_
                    pobjs = [o for o in c.children if o.dep_ == "pobj"] or _orphan_object(c)
                    for o in pobjs:
                        ents = self.np_entities(o, skip_places=False)
                        if p == "with" and rule and rule.symmetric:
                            actor += ents
                            target += ents
                        elif p in ("with", "against", "on", "upon") and not all(idx.is_place(e) for e in ents):
                            target += [e for e in ents if not idx.is_place(e) or p != "on"]
                        elif rule and p in rule.target_preps and ents:
                            target += ents  # "lashed alongside a North Korean-flagged vessel"
                        elif p in ("to", "into", "onto") and ents and not idx.is_place(idx.of(o)):
                            target += ents  # "to a North Korean ship": the ship's state is the target
        if cl.antecedent is not None:  # "… to do so": the objects of the act done are the targets
            for c in cl.antecedent.children:
                if c.dep_ in ("dobj", "obj"):
                    target += self.np_entities(c)
            if cl.chain[0].lemma_ == "join":  # the joined ones did it; the joiner is its own claim
                actor = [e for v in cl.chain for c in v.children if c.dep_ in ("dobj", "obj")
                         for e in self.np_entities(c)]
        # places: place entities under locative prepositions in the clause and its adjuncts
        place_toks = set(cl.tokens)
        for i in list(cl.tokens):
            for c in self.doc[i].children:
                if c.dep_ in ("advcl", "acl", "pcomp") and c.i not in cl.tokens and not any(
                        x.dep_ in SUBJ_DEPS for x in c.children):
                    place_toks.update(x.i for x in c.subtree)
        for i in sorted(place_toks):
            t = self.doc[i]
            e = idx.of(t)
            if not e or not idx.is_place(e) or e in place:
                continue
            if _under_locative(t, None) or idx.etype(e) == "LOC":
                place.append(e)
        actor = _dedupe(actor)
        target = [e for e in _dedupe(target) if e not in actor or (rule and rule.symmetric)]
        if cl.trigger.lemma_.lower() in _departure_verbs():  # "left the North": where they were, not a target
            place = _dedupe(place + [e for e in target if idx.is_place(e)])
            target = [e for e in target if not idx.is_place(e)]
        return actor, target, place

    # -- one claim ----------------------------------------------------------------------------------
    def _claim(self, cl: Clause, sent: Span, si: int, frames: list[Frame], sents: list[Span],
               n: int) -> Claim | None:
        doc = self.doc
        toks = sorted(cl.tokens)
        if not toks:
            return None
        content_words = [doc[i] for i in toks if doc[i].is_alpha]
        if len(content_words) < 3:
            return None
        toks = [i for i in toks if not doc[i].is_space] or toks
        start_tok, end_tok = doc[toks[0]], doc[toks[-1]]
        start, end = start_tok.idx, end_tok.idx + len(end_tok.text)
        text = self.document.text[sent.start_char:sent.end_char].strip()
        sent_start = sent.start_char + (len(self.document.text[sent.start_char:sent.end_char])
                                        - len(self.document.text[sent.start_char:sent.end_char].lstrip()))
        if len(text) > MAX_CLAIM_CHARS:
            text = self.document.text[start:end][:MAX_CLAIM_CHARS]
            sent_start = start
        # frames covering this clause, innermost first
        mine = [f for f in frames if cl.head.i in f.scope and f.verb.i not in {c.i for c in cl.chain}]
        in_quote = self._in_quote(cl.head.idx)
        if not mine and in_quote is not None:
            mine = self._quote_frames(in_quote, si, sents)
        mine.sort(key=lambda f: -f.depth)
        said_by, via = self._chain_of(mine, cl)
        self.cur_frames = mine
        actor, target, place = self._arguments(cl)
        if not actor and cl.subject is not None and cl.subject.lower_ == "we":
            actor = [a] if (a := self._affiliation(mine)) else []  # "We never hired ...", said a manager at X
        # a body reporting what others did is a conduit of that report ("the ministry said its envoy met")
        if said_by and said_by != ANONYMOUS and self.idx.etype(said_by) in ("ORG", "GPE") \
                and said_by not in actor and said_by not in via:
            via = [said_by, *via]
        if not place and not said_by and self._first_sentence(sent) and self._dateline_place():
            place = [self._dateline_place()]
            self.dateline_used = True
        # statement claims ("Matsegora hinted at ...") are said by their subject
        trig_lemma = cl.trigger.lemma_.lower()
        subj_ent = self.idx.of(cl.subject) if cl.subject is not None else None
        if subj_ent is None and cl.subject is not None and cl.subject.lower_ in RELATIVE:
            subj_ent = (self.np_entities(cl.subject) or [None])[0]
        # a speech act by a named speaker ("Free Dawn put the number at 400"), not "developers wrote code"
        speech = trig_lemma in self.cues["reporting_verbs"] and subj_ent is not None and not _negated(cl.chain) \
            and (cl.rule is None or cl.rule.type == "statement"
                 or (cl.rule.type in ("labour_deployment", "fuel_transfer") and trig_lemma in ("put", "estimate")))
        if speech and actor and cl.head.pos_ != "NOUN" and actor[0] != said_by and actor[0] not in self.own \
                and self.idx.etype(actor[0]) in ("PERSON", "ORG", "MEDIA", "GPE"):
            citing = [f for f in mine if f.verb.lower_ in ("citing", "quoting") or f.verb.i == cl.trigger.i]
            cited = self.res.resolve(cl.subject, sent)[1] if cl.subject is not None else []
            if citing and said_by is not None:
                # "The Pacific Signal put the figure at 150, citing a police officer": the officer speaks
                via = _dedupe([actor[0], *via])
            elif cited:  # "Free Dawn, which cited a single source, put the number at ..."
                via = _dedupe([actor[0], *via])
                said_by = cited[0]
            else:
                if said_by is not None and self.idx.etype(said_by) in ("MEDIA", "ORG", "PERSON"):
                    via = _dedupe([said_by, *via])
                said_by = actor[0]
            if cl.rule is not None and cl.rule.type != "statement":
                # an estimate frame ("Free Dawn put the number of workers at 400"): the estimator is the
                # source of the figure, not the doer of the event it counts
                actor = [a for a in actor if a != said_by and a not in via]
        cues = modal_cues(cl.chain, cl.trigger, cl.head, sent, mine, self.cues)
        modality = decide(cues, said_by is not None, cl.trigger)
        rule = cl.rule
        cameo = rule.cameo if rule else None
        if cameo and modality == "planned" and cameo[:2] in ("04", "05", "06", "07", "08"):
            cameo = intent_code(cameo)
        when = self._when(cl, mine, cues, modality, in_quote is not None, sents, si)
        own_key = rule.cameo[:2] if rule else None  # a plan keeps its act's key: it may be carried out later
        if own_key is None and cl.subject is not None and cl.subject.pos_ == "NOUN" and match_noun(cl.subject) \
                and not _in_relation_phrase(cl.subject):
            own_key = event_key(cl.subject)  # "the labour arrangement was agreed"
        own_key = own_key or "t:" + cl.trigger.lemma_.lower()
        rels = relations(cl.trigger, cl.chain, sent, self.prev_main, own_key)
        if rels and "subject_event" in rels[0]:
            own_key = rels[0].pop("subject_event") or own_key
        back = result_of_previous(cl.head, self.prev_main)
        if back:
            rels.append(back)
        if rule and rule.type != "statement" and self.main_event is None and cl.head.dep_ == "ROOT":
            self.main_event = cl.trigger
        quantity = self._quantity(cl)
        claim = Claim(
            id=f"{self.document.id}-c{n:03d}", doc_id=self.document.id, text=text, start=start, end=end,
            trigger=cl.trigger.text, event_type=rule.type if rule else None, cameo=cameo,
            actor=actor, target=target, place=place, when=when, quantity=quantity,
            said_by=said_by, via=via, modality=modality, quote=in_quote is not None,
            negated=cues.negated, irrealis=cues.irrealis or modality == "planned", tense=cues.tense,
            flags={"sentence_start": sent_start, "hedge_cues": cues.hedges,
                   "unverified_sentence": cues.unverified,
                   "source_head": next((f.source_head for f in mine if f.speaker == ANONYMOUS), None),
                   "event_key": own_key, "relations": rels,
                   "when_source": self.when_source if when else None,
                   "trigger_lemma": cl.trigger.lemma_.lower(),
                   "event_lemma": (cl.antecedent or cl.trigger).lemma_.lower()},
        )
        return claim

    def _affiliation(self, frames: list[Frame]) -> str | None:
        """The body a speaker speaks for: the speaker itself when a body, else the firm or state in the
        speaker's description ("a manager at the company", "a spokesman for the ministry", "Kestrel's head")."""
        idx = self.idx
        for f in frames:
            if not f.speaker:
                continue
            if f.speaker != ANONYMOUS and idx.etype(f.speaker) in ("ORG", "GPE"):
                return f.speaker
            # the attribution's own words, and the sentence's words outside quotes (the parser may hang
            # "a manager at the company" on the quoted verb)
            outside = {t.i for t in f.verb.sent if self._in_quote(t.idx) is None}
            for i in sorted(f.own | outside):
                t = self.doc[i]
                if t.head.lemma_.lower() not in PERSON_ROLES:
                    continue  # only a person's description: "a manager at X", not "said at a meeting with X"
                nouns = [o for o in t.children if o.dep_ == "pobj"] if (
                    t.dep_ == "prep" and t.lower_ in ("at", "of", "for", "from", "with")) else []
                if t.dep_ in ("poss", "compound"):
                    nouns = [t]
                for o in nouns:
                    e = next((idx.of(x) for x in o.subtree if idx.of(x)), None)
                    if e is None and o.pos_ == "NOUN":
                        e = idx.resolve_description(o, o.i, person=False)
                    if e and idx.etype(e) in ("ORG", "GPE"):
                        return e
        return None

    def _first_sentence(self, sent: Span) -> bool:
        for s in self.doc.sents:
            if s.text.strip():
                return s.start == sent.start
        return False

    def _dateline_place(self) -> str | None:
        """The dateline city: where a local story happens when its first sentence names no place."""
        name = self.dateline_place
        if not name:
            return None
        for ent_id, ent in self.idx.entities.items():
            if ent.type in ("GPE", "LOC") and name.lower() in [ent.name.lower(), *(a.lower() for a in ent.aliases)]:
                return ent_id
        from claimgraph.extract.entities import gazetteer, slug
        from claimgraph.model import Entity

        entries, forms = gazetteer()
        hit = forms.get(name)
        ent_id = hit[0] if hit else "n:" + slug(name)
        if ent_id not in self.idx.entities:
            g = entries.get(ent_id)
            self.idx.entities[ent_id] = Entity(ent_id, g.name if g else name, "GPE", [], dict(g.attrs) if g else {})
        return ent_id

    def _quote_in(self, sent: Span) -> bool:
        return any(sent.start_char <= s and e <= sent.end_char and len(self.document.text[s:e].split()) >= 4
                   for s, e in self.quotes)

    def _in_quote(self, char: int) -> tuple[int, int] | None:
        for s, e in self.quotes:
            if s <= char < e:
                return (s, e)
        return None

    def _quote_frames(self, q: tuple[int, int], si: int, sents: list[Span]) -> list[Frame]:
        """A quotation that runs over several sentences is attributed where it closes."""
        for sj in range(si, min(si + 3, len(sents))):
            s = sents[sj]
            if s.start_char <= q[1] <= s.end_char or sj > si:
                fr = [f for f in self.sent_frames.get(sj, []) if f.speaker]
                if fr:
                    return fr
        return []

    def _chain_of(self, frames: list[Frame], cl: Clause) -> tuple[str | None, list[str]]:
        speakers: list[str] = []
        relays: list[str] = []
        definite_anon = False
        for f in frames:
            for o in f.origin:
                if o not in speakers:
                    speakers.append(o)
            if f.speaker and f.speaker not in speakers:
                speakers.append(f.speaker)
            relays += f.relays
            if f.speaker == ANONYMOUS and any(c.lower_ == "the" for t in f.verb.doc[min(f.own or {f.verb.i}):
                                                                                     max(f.own or {f.verb.i}) + 1]
                                              for c in [t]):
                definite_anon = True
        speakers = [s for s in speakers if s not in self.own]
        if not speakers:
            via = [r for r in relays if r not in self.own]
            return None, _dedupe(via + self.credit)
        said_by = speakers[0]
        # an unnamed source's words reached first the outlet it spoke to ("citing a person who had told the
        # Ledger"), then those who relayed that outlet
        first = [r for f in frames if f.speaker == ANONYMOUS for r in f.relays] if said_by == ANONYMOUS else []
        via = _dedupe(first + speakers[1:] + [r for r in relays if r not in self.own])
        via = [v for v in via if v not in self.own]
        if said_by != ANONYMOUS and self.idx.etype(said_by) in ("MEDIA",):
            via.insert(0, said_by)
        if said_by == ANONYMOUS:
            if via:
                self.last_anon_via = [v for v in via if v != ANONYMOUS]
            elif definite_anon and self.last_anon_via:
                via = list(self.last_anon_via)
        via = [v for v in via if v != ANONYMOUS]
        return said_by, _dedupe(via + self.credit)

    def _when(self, cl: Clause, frames: list[Frame], cues: Cues, modality: str, quoted: bool,
              sents: list[Span], si: int) -> TimeSpan | None:
        future = cues.tense == "future" or modality == "planned"
        pub = self.document.published
        self.when_source = "event"
        own = self._own_timexes(cl)
        if own:
            t = own[0]
            return resolve(t, pub, future=future and t.kind in ("weekday", "md", "month", "season"))
        # a participle or a conjoined verb shares the time of the clause it hangs on
        if cl.head.dep_ in ("advcl", "conj") and cl.head.tag_ in ("VBG", "VBN", "VBD") \
                and cl.head.head.pos_ in VERBISH:
            parent = [t for t, span in self.tx if self._owner(span.root) == cl.head.head
                      and not any(span.root.i in f.own for f in frames)]
            if parent and cl.head.dep_ == "advcl":
                return resolve(parent[0], pub, future=future)
        # "the office was locked when a reporter visited on Tuesday": a temporal clause dates its host;
        # "under resolution 2397, adopted in December 2017, the Council capped ...": so does the adoption
        # of the instrument the act was done by (cues.yaml instrument_verbs)
        for c in cl.head.children:
            temporal = c.dep_ == "advcl" and any(m.lower_ in ("when", "while") and m.dep_ in ("advmod", "mark")
                                                 for m in c.children)
            adopted = (c.dep_ == "advcl" and c.tag_ == "VBN" and c.i < cl.head.i
                       and c.lemma_.lower() in self.cues.get("instrument_verbs", ())
                       and not any(x.dep_ in SUBJ_DEPS for x in c.children))
            if temporal or adopted:
                inner = [t for t, span in self.tx if self._owner(span.root) == c]
                if inner:
                    return resolve(inner[0], pub, future=future)
        statement_dated = modality in ("planned", "denied") or quoted or cues.tense in ("present", "modal", "future")
        self.when_source = "statement"
        if statement_dated:
            for f in frames:
                for t, span in self.tx:
                    if span.root.i in f.own or self._owner(span.root) == f.verb:
                        if span.root.sent == f.verb.sent:
                            return resolve(t, pub)
            # "..., she said": the statement is dated where its speaker was introduced
            speaker = next((f for f in frames if f.speaker and f.speaker != ANONYMOUS), None)
            if speaker is not None and any(self.doc[i].lower_ in PRONOUNS for i in speaker.own):
                for back in range(si - 1, max(-1, si - 3), -1):
                    s = sents[back]
                    if any(self.idx.tok2ent.get(t.i) == speaker.speaker for t in s):
                        dates = [t for t, span in self.tx if s.start <= span.start < s.end]
                        if dates:
                            return resolve(dates[-1], pub)
                        break
        return None

    def _owner(self, tok: Token) -> Token:
        cur = tok
        for _ in range(40):
            if cur.dep_ in ("ROOT", "ccomp", "advcl", "relcl", "conj", "parataxis", "xcomp", "pcomp") \
                    and cur.pos_ in VERBISH:
                return cur
            if cur.dep_ == "ROOT" or cur.head.i == cur.i:
                return cur
            cur = cur.head
        return cur

    def _own_timexes(self, cl: Clause) -> list[Timex]:
        chain_ids = {c.i for c in cl.chain}
        found = []
        for t, span in self.tx:
            if span.root.i not in cl.tokens and not any(x.i in cl.tokens for x in span):
                continue
            owner = self._owner(span.root)
            if owner.i in chain_ids or owner.i == cl.head.i or cl.head.pos_ == "NOUN":
                found.append((abs(span.root.i - cl.trigger.i), t))
            elif owner.dep_ in ("acl", "relcl", "advcl", "pcomp") and owner.i in cl.tokens:
                if (owner.dep_ == "advcl" and owner.tag_ == "VBN" and owner.i < cl.head.i
                        and owner.lemma_.lower() not in self.cues.get("instrument_verbs", ())):
                    continue  # "Founded in 1990, the company sent workers": the date is the founding's
                found.append((100 + abs(span.root.i - cl.trigger.i), t))
        found.sort(key=lambda x: x[0])
        return [t for _, t in found]

    def _quantity(self, cl: Clause) -> Quantity | None:
        skip: set[int] = set()
        for _, span in self.tx:
            skip.update(x.i for x in span)
        for i in cl.tokens:
            e = self.idx.tok2ent.get(i)
            if e and self.idx.etype(e) not in ("NORP",) and not self.doc[i].like_num:
                skip.add(i)
            elif e and self.idx.etype(e) in ("VESSEL", "ORG", "MEDIA", "PERSON", "FAC"):
                skip.add(i)
        found = find_quantities([self.doc[i] for i in cl.tokens], skip)
        if not found:
            return None
        args = {c.i for v in cl.chain for c in v.children if c.dep_ in ("dobj", "nsubjpass", "nsubj", "attr")}
        for q, counted in found:
            if counted.i in args:
                return q
        return found[0][0]

    # -- document-level ----------------------------------------------------------------------------
    def _apply_disclaimers(self, claims: list[Claim], sents: list[Span]) -> None:
        """'... has not been independently verified' marks the claims that rest on the named report."""
        patterns = [p.lower() for p in self.cues["unverified_patterns"]]
        for sent in sents:
            low = sent.text.lower()
            if not any(p in low for p in patterns):
                continue
            named = [e for e in self.idx.in_tokens(sent)
                     if self.idx.etype(e) in ("MEDIA", "ORG") and e not in self.own and e not in self.credit]
            targets = set(named)
            # "the newsletter's report": the outlet described; "the officer's account": that unnamed source
            heads: set[str] = set()
            for t in sent:
                if t.dep_ == "poss" and t.pos_ == "NOUN":
                    ref = self.idx.resolve_description(t, t.i, person=False)
                    if ref and ref not in self.own:
                        targets.add(ref)
                    else:
                        heads.add(t.lemma_.lower())
            if not targets and heads:
                for c in claims:
                    inside = sent.start_char <= c.start < sent.end_char
                    if inside or (c.said_by == ANONYMOUS and c.flags.get("source_head") in heads):
                        c.flags["unverified"] = True
                        if c.modality in ("asserted", "reported", "hedged"):
                            c.modality = "unverified"
                continue
            if not targets:
                prior = [c for c in claims if c.start < sent.start_char and (c.via or c.said_by)]
                if prior:
                    last = prior[-1]
                    chain = [v for v in last.via if v not in self.credit] or (
                        [last.said_by] if last.said_by else [])
                    targets = {e for e in chain if e != ANONYMOUS}
            for c in claims:
                inside = sent.start_char <= c.start < sent.end_char
                rests = bool(targets & ({c.said_by} | set(c.via))) if targets else bool(c.said_by)
                if inside or rests:
                    c.flags["unverified"] = True
                    if c.modality in ("asserted", "reported", "hedged"):
                        c.modality = "unverified"


@lru_cache(maxsize=1)
def _departure_verbs() -> frozenset[str]:
    return frozenset(load("events").get("departure_verbs") or [])


def _ancestors_until(tok: Token, stop: Token) -> list[Token]:
    out = []
    cur = tok
    while cur.i != stop.i and cur.head.i != cur.i:
        out.append(cur)
        cur = cur.head
    return out


def _under_locative(tok: Token, stop: Token | None) -> bool:
    """Is `tok` inside a place phrase: "in X", "via X", "sent to X", "occupied X"?"""
    from claimgraph.extract.entities import LOCATION_OBJECT_VERBS

    cur = tok
    for _ in range(8):
        if stop is not None and cur.i == stop.i:
            return False
        if cur.dep_ == "pobj" and cur.head.lower_ in LOCATIVE_PREPS:
            return True
        if cur.dep_ == "pobj" and cur.head.lower_ in ("to", "into", "onto") and cur.head.head.pos_ in VERBISH:
            return True
        if cur.dep_ == "dobj" and cur.head.lemma_.lower() in LOCATION_OBJECT_VERBS:
            return True
        if cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def _under_locative_any(tok: Token) -> bool:
    return any(_under_locative(x, tok) for x in tok.subtree)


def _do_so_antecedent(head: Token) -> Token | None:
    """The verb that "do so" / "did the same" in a clause stands for: the nearest governing verb that names
    an act of its own ("joining Russia as the only countries to do so" → the recognition)."""
    if not any(t.lemma_ == "do" and any(c.lower_ in ("so", "likewise") or (c.lower_ == "same" and c.dep_ == "dobj")
                                        for c in t.children) for t in head.subtree):
        return None
    for anc in head.ancestors:
        if anc.pos_ != "VERB" or anc.lemma_ == "do":
            continue
        r = match_verb(anc, None)
        if r is not None and not r.object_is_actor and r.type != "statement":
            return anc
    return None


def _negated(chain: list[Token]) -> bool:
    return any(c.dep_ == "neg" for v in chain for c in v.children)


def _in_relation_phrase(t: Token) -> bool:
    """'paved the way for the deployment', 'after the visit': a presupposed event, not a claim of its own."""
    cur = t
    for _ in range(5):
        if cur.head.i == cur.i:
            return False
        cur = cur.head
        if cur.lemma_.lower() in ("way", "after", "before", "following", "since", "prior", "ahead"):
            return True
    return False


def _orphan_object(prep: Token) -> list[Token]:
    """The parser sometimes leaves a preposition without its object ("to North Korean leader Kim
    Jong Un calling for ..."): take the proper noun right after it."""
    doc = prep.doc
    for t in doc[prep.i + 1:prep.i + 8]:
        if t.pos_ in ("VERB", "AUX") or t.is_punct:
            break
        if t.pos_ == "PROPN" and (t.i + 1 >= len(doc) or doc[t.i + 1].pos_ != "PROPN"):
            return [t]
    return []


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))
