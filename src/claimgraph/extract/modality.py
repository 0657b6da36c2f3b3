"""How sure the text is of a claim: asserted / reported / planned / hedged / unverified / denied.

Cues come from ``data/cues.yaml`` and are read on the clause's verb chain ("is believed to have
stepped up"), the words governing it ("signs the North is considering"), and its attribution
frames ("denied that", "we suspect"). When several apply, the strongest wins:
denied > planned > unverified > hedged > reported > asserted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token


@dataclass
class Cues:
    negated: bool = False
    future: bool = False
    plan: bool = False
    irrealis: bool = False
    denial: bool = False
    unverified: bool = False
    hedges: list[str] = field(default_factory=list)
    tense: str | None = None


def _tense(chain: list[Token]) -> str | None:
    for v in chain:
        auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
        low = [a.lower_ for a in auxes]
        if any(a in ("will", "would", "shall", "'ll", "wo") for a in low):
            return "future"
        if any(a in ("may", "might", "could", "can", "should", "must") for a in low):
            return "modal"
        if any(a.lemma_ == "have" for a in auxes) and v.tag_ == "VBN":
            return "perfect"
        if any(a.tag_ == "VBD" for a in auxes) or v.tag_ == "VBD":
            return "past"
        if any(a.tag_ in ("VBZ", "VBP") for a in auxes) or v.tag_ in ("VBZ", "VBP"):
            return "present"
    return None


def modal_cues(chain: list[Token], trigger: Token, head: Token, sent: Span, frames: list, lex: dict) -> Cues:
    cues = Cues()
    hedge_modals = set(lex["hedge_modals"]) - {"can"}
    hedge_adverbs = set(lex["hedge_adverbs"])
    raising = set(lex["hedge_raising"])
    hedge_verbs = set(lex["hedge_verbs"])
    hedge_nouns = set(lex["hedge_nouns"])
    plan_verbs = set(lex["plan_verbs"])
    irrealis_verbs = set(lex["irrealis_verbs"])
    cues.tense = _tense(chain)
    for i, v in enumerate(chain):
        lemma = v.lemma_.lower()
        for c in v.children:
            low = c.lower_
            if c.dep_ in ("aux", "auxpass"):
                if low in hedge_modals:
                    cues.hedges.append(low)
                if low in ("will", "would", "shall", "'ll", "wo"):
                    cues.future = True
            if c.dep_ == "neg" or (c.dep_ == "advmod" and low in ("never",)):
                cues.negated = True
            if c.dep_ in ("advmod", "npadvmod") and low in hedge_adverbs:
                cues.hedges.append(low)
            if c.dep_ in ("nsubj", "nsubjpass", "dobj") and (
                    low in ("nobody", "nothing", "none", "no one")
                    or any(d.lower_ in ("no", "neither") and d.dep_ == "det" for d in c.children)):
                cues.negated = True
        if lemma in raising and any(c.dep_ == "auxpass" for c in v.children) and i < len(chain) - 1:
            cues.hedges.append(f"is {v.text} to")
        if lemma in hedge_verbs and (i < len(chain) - 1 or any(c.dep_ == "ccomp" for c in v.children)):
            cues.hedges.append(lemma)
        if lemma in plan_verbs and i < len(chain) - 1:
            cues.plan = True
        if lemma in irrealis_verbs and i < len(chain) - 1:
            cues.irrealis = True
        if v.dep_ == "acl" and v.head.lemma_.lower() in ("plan", "intention", "proposal", "bid", "effort"):
            cues.plan = True
    # words governing the clause: "signs (that) X", "indications that X"
    cur = head
    for _ in range(4):
        if cur.head.i == cur.i:
            break
        nxt = cur.head
        if nxt.lemma_.lower() in hedge_nouns and cur.dep_ in ("acl", "ccomp", "relcl", "appos"):
            cues.hedges.append(nxt.lemma_.lower())
            break
        if nxt.lemma_.lower() in hedge_verbs and nxt.pos_ in ("VERB", "AUX") and cur.dep_ in ("xcomp", "ccomp"):
            cues.hedges.append(nxt.lemma_.lower())  # "images appeared to show the tanker pumping fuel"
            break
        if cur.dep_ not in ("acl", "ccomp", "relcl", "pobj", "prep", "xcomp", "advcl", "conj"):
            break
        cur = nxt
    for f in frames:
        if f.denial:
            cues.denial = True
        if f.hedge:
            cues.hedges.append(f.verb.lemma_.lower())
    low = sent.text.lower()
    cues.unverified = any(p in low for p in lex["unverified_patterns"])
    if any(p in low for p in lex.get("non_response_patterns") or ()):
        cues.negated = False  # "did not respond to a request for comment" denies nothing
    cues.irrealis = cues.irrealis or cues.plan
    return cues


def decide(cues: Cues, attributed: bool, trigger: Token, non_volitional: set[str] | None = None) -> str:
    """The modality label from the cues, strongest first."""
    from claimgraph.extract.lexicon import load

    nv = non_volitional or set(load("cues")["non_volitional_verbs"])
    if cues.denial or (cues.negated and attributed):
        return "denied"
    if cues.plan or (cues.future and trigger.lemma_.lower() not in nv):
        return "planned"
    if cues.unverified:
        return "unverified"
    if cues.hedges:
        return "hedged"
    if attributed:
        return "reported"
    return "asserted"
