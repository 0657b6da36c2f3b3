"""Entities of one document: gazetteer aliases, spaCy NER, and in-document coreference of names.

Every entity gets a canonical id: the gazetteer's id for known ones, a typed slug of the full name
otherwise ("n:sin-hong-chol"), so the same name in two documents is the same entity.
Short forms are tied to the full name met in the same document ("Matsegora" → Alexander Matsegora,
"EWS" → Eastern Wire Service, "Tanvik" → Tanvik Marine Services), and so are generic descriptions
("the ambassador", "the ministry") through the role words collected for each entity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from claimgraph.extract.lexicon import load
from claimgraph.model import Entity, Mention

NER_TYPES = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
LOCATIVE_PREPS = {"in", "at", "into", "from", "via", "near", "inside", "outside", "across", "through",
                  "within", "around", "off", "onto", "toward", "towards", "between", "throughout"}
MOTION_LEMMAS = {"send", "travel", "fly", "go", "move", "return", "arrive", "deploy", "dispatch", "ship",
                 "export", "come", "head", "sail", "transfer", "bring", "take", "cross", "drive", "relocate"}


def slug(text: str) -> str:
    s = re.sub(r"[’']s\b", "", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-") or "x"


def clean_name(text: str) -> str:
    """Surface form without leading article and trailing possessive ("the Ryusong 3's" → "Ryusong 3")."""
    text = re.sub(r"\s+", " ", text.strip())
    text = re.sub(r"^(?:the|The)\s+", "", text)
    return re.sub(r"\s*[’']s?$", "", text).strip(" ,.;:")


@dataclass
class GazEntry:
    id: str
    name: str
    type: str
    attrs: dict


@lru_cache(maxsize=1)
def gazetteer() -> tuple[dict[str, GazEntry], dict[str, tuple[str, str]]]:
    """Entries by id, and every surface form → (entity id, kind) with kind alias|demonym|city."""
    entries: dict[str, GazEntry] = {}
    forms: dict[str, tuple[str, str]] = {}
    for e in load("gazetteer")["entities"]:
        attrs = dict(e.get("attrs") or {})
        entries[e["id"]] = GazEntry(e["id"], e["name"], e["type"], attrs)
        for a in e.get("aliases") or []:
            forms.setdefault(a, (e["id"], "alias"))
        for a in e.get("demonyms") or []:
            forms.setdefault(a, (e["id"], "demonym"))
        for a in (e.get("capitals") or []) + (e.get("cities") or []):
            cid = "city:" + slug(a)
            entries.setdefault(cid, GazEntry(cid, a, "GPE", {"country": e["id"],
                                                                "capital": a in (e.get("capitals") or [])}))
            forms.setdefault(a, (cid, "city"))
    for form in list(forms):
        if form.startswith("the "):  # "The North" opening a sentence
            forms.setdefault("The " + form[4:], forms[form])
    for form in list(forms):
        if "'" in form:
            forms.setdefault(form.replace("'", "’"), forms[form])
    return entries, forms


_matchers: dict[int, PhraseMatcher] = {}


@lru_cache(maxsize=1)
def _tokenizer():  # noqa: ANN202 - spaCy's Tokenizer
    """A bare English tokenizer for turning alias strings into match patterns (built once: it is slow)."""
    from spacy.lang.en import English

    return English().tokenizer


def _matcher(doc: Doc) -> PhraseMatcher:
    key = id(doc.vocab)
    if key not in _matchers:
        _, forms = gazetteer()
        m = PhraseMatcher(doc.vocab, attr="ORTH")
        tok = _tokenizer()
        for form in forms:
            m.add(form, [tok(form)])
        _matchers[key] = m
    return _matchers[key]


@dataclass
class EntityIndex:
    """The entities of one parsed document and where they are mentioned."""

    doc: Doc
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    tok2ent: dict[int, str] = field(default_factory=dict)
    titles: dict[str, set[str]] = field(default_factory=dict)  # entity id → role words
    first_tok: dict[str, int] = field(default_factory=dict)
    plural_groups: list[tuple[int, list[str]]] = field(default_factory=list)  # (token i, entity ids)

    # -- building ------------------------------------------------------------------------------
    def add(self, span: Span, ent_id: str, name: str, etype: str, attrs: dict | None = None) -> None:
        if any(t.i in self.tok2ent for t in span):
            return
        ent = self.entities.get(ent_id)
        surface = clean_name(span.text)
        if ent is None:
            ent = Entity(ent_id, name, etype, [], dict(attrs or {}))
            self.entities[ent_id] = ent
        if surface and surface not in ent.aliases and surface != ent.name:
            ent.aliases.append(surface)
        for t in span:
            self.tok2ent[t.i] = ent_id
        self.first_tok.setdefault(ent_id, span.start)
        self.mentions.append(Mention(ent_id, span.start_char, span.end_char, span.text))

    def of(self, tok: Token) -> str | None:
        return self.tok2ent.get(tok.i)

    def in_tokens(self, toks) -> list[str]:
        out: list[str] = []
        for t in toks:
            e = self.tok2ent.get(t.i)
            if e and e not in out:
                out.append(e)
        return out

    def etype(self, ent_id: str | None) -> str | None:
        e = self.entities.get(ent_id or "")
        return e.type if e else None

    def is_media(self, ent_id: str | None) -> bool:
        return self.etype(ent_id) == "MEDIA"

    def is_place(self, ent_id: str | None) -> bool:
        return self.etype(ent_id) in ("GPE", "LOC", "FAC")

    def is_agent_like(self, ent_id: str | None) -> bool:
        return self.etype(ent_id) in ("PERSON", "ORG", "MEDIA", "GPE", "VESSEL", "NORP")

    # -- descriptions -----------------------------------------------------------------------------
    def resolve_description(self, head: Token, before: int, person: bool | None = None,
                            lookahead: int = 0) -> str | None:
        """The entity a generic description ("the ambassador", "the agency") refers to: the most
        recent one whose name or titles carry the role word, else the next one within `lookahead`
        tokens (news often introduces a person by role before naming them)."""
        roles = load("cues")["role_nouns"]
        words = [w.lower() for w in roles.get(head.lemma_.lower(), [head.lemma_.lower()])]
        mods = {self.tok2ent[c.i] for c in head.subtree if c.i in self.tok2ent}
        best: tuple[int, int, str] | None = None
        for ent_id, ent in self.entities.items():
            if person is True and ent.type != "PERSON":
                continue
            if person is False and ent.type == "PERSON":
                continue
            text = " ".join([ent.name, *ent.aliases, *self.titles.get(ent_id, set())]).lower()
            if not any(re.search(rf"\b{re.escape(w)}", text) for w in words):
                continue
            shared = len(mods & set(self.titles.get(ent_id, set()))) + len(
                mods & set(self.entities[ent_id].attrs.get("related", [])))
            positions = [m_i for m_i, e in self.tok2ent.items() if e == ent_id]
            prior = [p for p in positions if p < before]
            if prior:
                cand = (1, shared, max(prior))
            else:
                nxt = min(positions) if positions else 10**9
                if nxt - before > lookahead:
                    continue
                cand = (0, shared, -nxt)
            if best is None or cand > best[:3]:
                best = (*cand, ent_id)  # type: ignore[assignment]
        return best[3] if best else None  # type: ignore[index]

    def last_plural_group(self, before: int) -> list[str]:
        groups = [g for i, g in self.plural_groups if i < before]
        return groups[-1] if groups else []

    def last_person(self, before: int, window_tokens: int = 400) -> str | None:
        best = None
        for i, e in self.tok2ent.items():
            if i < before and before - i <= window_tokens and self.entities[e].type == "PERSON":
                if best is None or i > best[0]:
                    best = (i, e)
        return best[1] if best else None

    def last_of_types(self, before: int, types: set[str], window_tokens: int = 400) -> str | None:
        best = None
        for i, e in self.tok2ent.items():
            if i < before and before - i <= window_tokens and self.entities[e].type in types:
                if best is None or i > best[0]:
                    best = (i, e)
        return best[1] if best else None


def _np_span(head: Token) -> Span:
    """The noun phrase of `head` without relative clauses and appositions."""
    doc = head.doc
    left = head.left_edge.i
    right = head.i
    for c in head.rights:
        if c.dep_ in ("relcl", "appos", "acl", "punct", "cc", "conj", "prep") or c.text in ",(":
            break
        right = c.right_edge.i
    return doc[left:right + 1]


def _person_name_tokens(doc: Doc) -> set[int]:
    """Tokens of multi-word names the NER reads as a person, every word capitalised ("Jim Jordan")."""
    out: set[int] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) >= 2 and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in ent):
            out.update(t.i for t in ent)
    return out


def _firm_named_for_a_place(ent: Span, idx: EntityIndex) -> bool:
    """An ORG whose name opens with a known place and goes on with two or more unmatched proper nouns."""
    known = [t for t in ent if t.i in idx.tok2ent]
    if not known or known[0].i != ent.start:
        return False
    if any(idx.etype(idx.tok2ent[t.i]) != "GPE" for t in known) or len({idx.tok2ent[t.i] for t in known}) > 1:
        return False
    rest = [t for t in ent if t.i not in idx.tok2ent]
    return len(rest) >= 2 and all(t.pos_ == "PROPN" and t.i > known[-1].i for t in rest)


def build_index(doc: Doc, own_outlet: str | None = None) -> EntityIndex:
    """Find and canonicalize the entities of a parsed document."""
    idx = EntityIndex(doc)
    entries, forms = gazetteer()
    cues = load("cues")

    # 1. Gazetteer aliases (longest match first). Capitals/cities act as their state unless locative.
    matches = sorted(_matcher(doc)(doc), key=lambda m: (-(m[2] - m[1]), m[1]))
    in_person = _person_name_tokens(doc)
    for match_id, start, end in matches:
        form = doc.vocab.strings[match_id]
        ent_id, kind = forms[form]
        span = doc[start:end]
        if end - start == 1 and kind in ("alias", "city") and start in in_person \
                and entries[ent_id].type in ("GPE", "LOC"):
            continue  # a place name that is part of a person's name ("Jim Jordan", "Chad Smith", "Santiago Peña")
        if kind == "city" and not _is_locative(span):
            country = entries[ent_id].attrs.get("country")
            if entries[ent_id].attrs.get("capital") and country:
                ent_id = country
        g = entries[ent_id]
        idx.add(span, ent_id, g.name, g.type, g.attrs)

    # 2. Government bodies owned by a state: "Donetsk's foreign ministry", "Chinese foreign ministry".
    bodies = sorted(cues["government_bodies"], key=len, reverse=True)
    for tok in doc:
        owner = idx.tok2ent.get(tok.i)
        if not owner or idx.etype(owner) not in ("GPE", "NORP") and owner not in entries:
            continue
        if idx.etype(owner) not in ("GPE",):
            continue
        j = tok.i + 1
        while j < len(doc) and idx.tok2ent.get(j) == owner:
            j += 1
        if j < len(doc) and doc[j].text in ("'s", "’s"):
            j += 1
        tail = doc[j:j + 4].text.lower()
        for body in bodies:
            if tail == body or tail.startswith(body + " ") or tail.startswith(body + ","):
                n = len(body.split())
                end = j + n
                head = doc[end - 1]
                # "Ministry of Public Security", "Ministry of Foreign Affairs"
                if end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].text[:1].isupper():
                    end += 1
                    while end < len(doc) and (doc[end].text[:1].isupper() or doc[end].lower_ == "and") \
                            and end not in idx.tok2ent:
                        end += 1
                if end < len(doc) and doc[end].text == "to" and idx.tok2ent.get(end + 1) == "un":
                    end = end + 2 if doc[end + 1].text != "the" else end + 3
                    while end < len(doc) and idx.tok2ent.get(end) == "un":
                        end += 1
                if head.i in idx.tok2ent:
                    break
                start = tok.i
                while start > 0 and idx.tok2ent.get(start - 1) == owner:
                    start -= 1
                span = doc[start:end]
                for t in span:
                    idx.tok2ent.pop(t.i, None)
                g = idx.entities[owner]
                idx.add(span, owner, g.name, g.type)
                idx.titles.setdefault(owner, set()).add(body)
                break

    # 3. Vessels: a proper name right after a vessel noun ("the tanker Mirela Grace").
    vessel_nouns = set(cues["vessel_nouns"])
    for tok in doc:
        if tok.lemma_.lower() in vessel_nouns and tok.i + 1 < len(doc):
            j = tok.i + 1
            if doc[j].text == "," and j + 1 < len(doc) and doc[j + 1].lower_ == "the":  # "the tanker, the Ryusong 3"
                j += 2
            elif doc[j].lower_ == "the":
                j += 1
            first = j
            while j < len(doc) and (doc[j].text[:1].isupper() or doc[j].like_num) and doc[j].pos_ in (
                    "PROPN", "NUM", "NOUN") and j - first < 4:
                j += 1
            if j > first and doc[first].text[:1].isupper():
                span = doc[first:j]
                flag = next((idx.tok2ent[c.i] for c in doc[max(0, tok.i - 4):tok.i]
                             if c.i in idx.tok2ent and idx.etype(idx.tok2ent[c.i]) == "GPE"), None)
                name = clean_name(span.text)
                vid = "vessel:" + slug(name)
                for t in span:
                    idx.tok2ent.pop(t.i, None)
                idx.add(span, vid, name, "VESSEL", {"flag": flag} if flag else {})

    # 4. spaCy NER for everything else.
    persons: list[Span] = []
    others: list[Span] = []
    for ent in doc.ents:
        if ent.label_ == "ORG" and _firm_named_for_a_place(ent, idx):
            for t in ent:  # "Dandong Yuanfeng Manpower Services" is a firm, not the city of Dandong
                idx.tok2ent.pop(t.i, None)
        if ent.label_ not in NER_TYPES or any(t.i in idx.tok2ent for t in ent):
            continue
        (persons if ent.label_ == "PERSON" else others).append(ent)
    known_names = {e.name: i for i, e in idx.entities.items()}
    full_persons: dict[str, str] = {}
    for ent in sorted(persons, key=lambda s: -len(s)):
        name = _person_name(ent)
        if not name:
            continue
        if len(name.split()) >= 2:
            pid = known_names.get(name) or "n:" + slug(name)
            full_persons[name] = pid
    own = (own_outlet or "").lower()
    titles = set(cues["person_titles"])
    org_names = {clean_name(e.text): "n:" + slug(clean_name(e.text)) for e in others
                 if e.label_ == "ORG" and len(clean_name(e.text).split()) >= 2}
    for ent in persons + others:
        if ent.label_ == "PERSON":
            if ent.start > 0 and doc[ent.start - 1].pos_ == "PROPN" and doc[ent.start - 1].dep_ == "compound" \
                    and doc[ent.start - 1].text not in titles and ent.start - 1 not in idx.tok2ent \
                    and _appos_kind(ent):
                ent = doc[ent.start - 1:ent.end]
            name = _person_name(ent)
            if not name:
                continue
            if " " not in name and name not in " ".join(full_persons):
                oid = _short_org(name, idx) or _short_org_names(name, org_names)
                if oid:  # "Kestrel" after "Kestrel Code Solutions", whatever the NER label
                    idx.add(ent, oid, idx.entities[oid].name if oid in idx.entities else name, "ORG")
                    continue
            pid = full_persons.get(name) or _short_person(name, full_persons, idx)
            media = _appos_kind(ent)
            if media and not pid:
                idx.add(ent, "n:" + slug(name), name, media)
                continue
            if pid and pid in idx.entities:
                display = idx.entities[pid].name
            elif pid:
                display = _full_of(pid, full_persons, name)
            else:
                display = name
            idx.add(ent, pid or "n:" + slug(name), display, "PERSON")
        elif ent.label_ == "NORP":
            continue
        else:
            while ent.start > 0 and doc[ent.start - 1].pos_ == "PROPN" \
                    and doc[ent.start - 1].dep_ == "compound" and doc[ent.start - 1].text[:1].isupper() \
                    and doc[ent.start - 1].text not in titles and ent.start - 1 not in idx.tok2ent:
                ent = doc[ent.start - 1:ent.end]
                ent.label_ = "ORG"
            name = clean_name(ent.text)
            if not name or name.lower() in ("the", "a"):
                continue
            if len(name.split()) == 1 and name in " ".join(full_persons):
                pid = _short_person(name, full_persons, idx)
                if pid:
                    idx.add(ent, pid, _full_of(pid, full_persons, name), "PERSON")
                    continue
            oid = _short_org(name, idx)
            etype = {"ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "FAC"}[ent.label_]
            if ent.label_ == "ORG" and _is_media_name(name, ent, cues["media_words"]):
                etype = "MEDIA"
            if own and name.lower() in (own, own.removeprefix("the ")):
                etype = "MEDIA"
            etype = _appos_kind(ent) or etype
            idx.add(ent, oid or f"n:{slug(name)}", name, etype)

    # 4b. Names the NER missed, introduced by a person's role ("ambassador to Russia Sin Hong Chol").
    roles = PERSON_ROLES
    i = 0
    while i < len(doc):
        tok = doc[i]
        if tok.i in idx.tok2ent or tok.pos_ != "PROPN" or not tok.text[:1].isupper():
            i += 1
            continue
        j = i
        while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() and j not in idx.tok2ent:
            j += 1
        span = doc[i:j]
        root = span.root
        near = {doc[k].lemma_.lower() for k in range(max(0, i - 5), i)}
        described = _appos_kind(span)
        if 2 <= len(span) <= 4 and described:  # "Free Dawn, a Seoul-based news website"
            name = clean_name(span.text)
            idx.add(span, "n:" + slug(name), name, described)
        elif 2 <= len(span) <= 4 and ((root.dep_ == "appos" and root.head.lemma_.lower() in roles)
                                      or near & roles):
            name = clean_name(span.text)
            pid = "n:" + slug(name)
            full_persons[name] = pid
            idx.add(span, pid, name, "PERSON")
        i = max(j, i + 1)

    # 4c. Later mentions of a name already found ("the Ryusong 3", "Mirela Grace" without its noun).
    names: dict[str, tuple[str, str]] = {}
    for ent_id, e in idx.entities.items():
        for n in [e.name, *e.aliases]:
            if len(n) > 3 and (" " in n or any(ch.isdigit() for ch in n)) and n[:1].isupper():
                names.setdefault(n, (ent_id, e.type))
            words = n.split()
            # "Orchid Street" for "Orchid Street Analytics", "Dandong Yuanfeng" for "Dandong Yuanfeng Manpower Services"
            if e.type in ("ORG", "MEDIA") and len(words) >= 3 and all(w[:1].isupper() for w in words[:2]) \
                    and " ".join(words[:2]) not in forms:
                names.setdefault(" ".join(words[:2]), (ent_id, e.type))
    if names:
        tok = _tokenizer()
        pm = PhraseMatcher(doc.vocab, attr="ORTH")
        for n in names:
            pm.add(n, [tok(n)])
        for match_id, start, end in sorted(pm(doc), key=lambda m: -(m[2] - m[1])):
            n = doc.vocab.strings[match_id]
            ent_id, etype = names[n]
            span = doc[start:end]
            if not any(t.i in idx.tok2ent for t in span):
                idx.add(span, ent_id, idx.entities[ent_id].name, etype)

    # 5. Leftover single capitalised tokens equal to part of a known person's name ("Sin said").
    for tok in doc:
        if tok.i in idx.tok2ent or tok.pos_ != "PROPN" or not tok.text[:1].isupper():
            continue
        pid = _short_person(tok.text, full_persons, idx)
        if pid:
            idx.add(doc[tok.i:tok.i + 1], pid, _full_of(pid, full_persons, tok.text), "PERSON")

    _merge_short_names(idx)
    _collect_titles(idx)
    _collect_groups(idx)
    # a person's state, from the title ("Russian Ambassador …", "North Korea's minister …")
    for m in idx.mentions:
        e = idx.entities[m.entity_id]
        if e.type != "PERSON" or e.attrs.get("country"):
            continue
        states = [w for w in idx.titles.get(e.id, ()) if idx.etype(w) == "GPE" and not w.startswith("city:")]
        first = _first_state_before(idx, m)
        if first or len(states) == 1:
            e.attrs["country"] = first or states[0]
    return idx


def _merge_short_names(idx: EntityIndex) -> None:
    """A one-word person found before the full name was ("Sin" → "Sin Hong Chol")."""
    persons = [e for e in idx.entities.values() if e.type == "PERSON"]
    for short in [e for e in persons if " " not in e.name and e.id.startswith("n:")]:
        full = [e for e in persons if " " in e.name and short.name in e.name.replace("-", " ").split()]
        if len(full) != 1:
            continue
        target = full[0]
        for i, ent in list(idx.tok2ent.items()):
            if ent == short.id:
                idx.tok2ent[i] = target.id
        for m in idx.mentions:
            if m.entity_id == short.id:
                m.entity_id = target.id
        if short.name not in target.aliases:
            target.aliases.append(short.name)
        del idx.entities[short.id]


def _first_state_before(idx: EntityIndex, m: Mention) -> str | None:
    """The nationality word nearest before a name, inside its phrase ("North Korean ambassador to Russia X")."""
    span = idx.doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return None
    root = span.root
    for t in idx.doc[root.left_edge.i:span.start]:
        e = idx.tok2ent.get(t.i)
        if e and idx.etype(e) == "GPE" and not e.startswith("city:"):
            return e
    return None


PERSON_ROLES = {"ambassador", "envoy", "minister", "spokeswoman", "spokesman", "spokesperson", "leader",
                "president", "director", "chairman", "chairwoman", "secretary", "official", "commander",
                "governor", "mayor", "lawmaker", "senator", "diplomat", "manager", "owner", "chief", "general",
                "premier", "fellow", "researcher", "analyst", "investigator", "captain", "executive"}


MEDIA_NOUNS = {"website", "site", "agency", "newspaper", "broadcaster", "outlet", "daily", "magazine", "channel",
               "tabloid", "weekly", "portal", "publication", "wire", "network", "station", "news"}
ORG_NOUNS = {"company", "firm", "group", "institute", "organization", "organisation", "corporation", "ngo",
             "charity", "think", "tank", "center", "centre", "operator", "broker", "bank", "ministry", "agency"}


def _appos_kind(ent: Span) -> str | None:
    """'Free Dawn, a Seoul-based news website' is an outlet whatever the NER label says."""
    root = ent.root
    for c in root.children:
        if c.dep_ == "compound" and c.pos_ == "NOUN" and c.lemma_.lower() in MEDIA_NOUNS:
            return "MEDIA"  # "broadcaster TV Kaigan"
        if c.dep_ == "appos":
            lemma = c.lemma_.lower()
            mods = {x.lemma_.lower() for x in c.children if x.dep_ in ("compound", "amod")}
            if lemma in MEDIA_NOUNS or (mods & {"news", "media"}):
                return "MEDIA"
            if lemma in ORG_NOUNS:
                return "ORG"
    return None


def _full_of(pid: str, full_persons: dict[str, str], fallback: str) -> str:
    for name, p in full_persons.items():
        if p == pid:
            return name
    return fallback


LOCATION_OBJECT_VERBS = {"occupy", "annex", "control", "rebuild", "reconstruct", "enter", "visit", "reach",
                         "leave", "cross", "tour", "capture", "seize", "besiege", "invade"}


def _is_locative(span: Span) -> bool:
    head = span.root.head
    if span.root.dep_ == "pobj" and head.lower_ in LOCATIVE_PREPS:
        return True
    if span.root.dep_ == "dobj" and head.lemma_.lower() in LOCATION_OBJECT_VERBS:
        return True
    if span.root.dep_ == "pobj" and head.lower_ == "to" and head.head.lemma_ in MOTION_LEMMAS:
        return True
    if span.root.dep_ in ("compound", "appos") and span.root.head.dep_ == "pobj" \
            and span.root.head.head.lower_ in LOCATIVE_PREPS:
        return True
    return False


def _person_name(ent: Span) -> str:
    titles = {t.lower().rstrip(".") for t in load("cues")["person_titles"]} | PERSON_ROLES
    toks = [t for t in ent if t.text not in ("'s", "’s")]
    while toks and (toks[0].lower_.rstrip(".") in titles or toks[0].lower_ in ("the", "a")):
        toks = toks[1:]
    name = "".join(t.text_with_ws for t in toks)
    return clean_name(name)


def _short_person(name: str, full_persons: dict[str, str], idx: EntityIndex) -> str | None:
    """A one-word name that is the surname (or, for Korean/Chinese order, the family name) of a full name."""
    if " " in name:
        return None
    hits = [pid for full, pid in full_persons.items() if name in full.replace("-", " ").split()]
    for ent_id, ent in idx.entities.items():
        if ent.type == "PERSON" and name in ent.name.split() and ent_id not in hits:
            hits.append(ent_id)
    return hits[0] if len(set(hits)) == 1 else None


def _short_org(name: str, idx: EntityIndex) -> str | None:
    """A known organisation this name abbreviates or shortens ("EWS", "Tanvik", "Dandong Yuanfeng")."""
    words = name.split()
    for ent_id, ent in idx.entities.items():
        if ent.type not in ("ORG", "MEDIA"):
            continue
        full = ent.name.split()
        if len(full) < 2 or ent.name == name:
            continue
        initials = "".join(w[0] for w in full if w[0].isupper())
        if name.isupper() and len(name) >= 2 and name == initials:
            return ent_id
        if len(words) < len(full) and full[:len(words)] == words:
            return ent_id
        if 2 <= len(words) < len(full) and [w.lower() for w in full[-len(words):]] == [w.lower() for w in words]:
            return ent_id  # "the coast guard" after "Japan Coast Guard"
    return None


def _short_org_names(name: str, org_names: dict[str, str]) -> str | None:
    hits = {oid for full, oid in org_names.items() if full.split()[0] == name}
    return hits.pop() if len(hits) == 1 else None


def _is_media_name(name: str, ent: Span, media_words: list[str]) -> bool:
    lowered = name.lower().split()
    if any(w in lowered for w in media_words):
        return True
    context = [t.lower_ for t in ent.root.head.subtree if t.i < ent.start][-4:] + \
        [t.lower_ for t in ent.root.children if t.dep_ == "appos" for t in t.subtree]
    return any(w in ("website", "broadcaster", "newspaper", "agency", "outlet", "daily", "magazine") for w in context)


def _under_prep(t: Token, top: Token) -> bool:
    """Is `t` inside a prepositional phrase below `top` ("at the institute" in "a fellow at the institute")?"""
    while t.i != top.i and t.head.i != t.i:
        if t.dep_ == "prep":
            return True
        t = t.head
    return False


def _collect_titles(idx: EntityIndex) -> None:
    """Role words around each mention: compounds before a name, appositions, a name in apposition."""
    doc = idx.doc
    for m in idx.mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        words = idx.titles.setdefault(m.entity_id, set())
        root = span.root
        # words before the name inside its phrase: "Russian Ambassador to North Korea Alexander Matsegora"
        for t in doc[root.left_edge.i:span.start]:
            if t.pos_ in ("NOUN", "PROPN", "ADJ") and t.i not in idx.tok2ent:
                words.add(t.lower_)
            elif t.i in idx.tok2ent:
                words.add(idx.tok2ent[t.i])
        for c in root.children:
            if c.dep_ == "appos" or (c.dep_ == "relcl" and c.lemma_ in ("lead", "head", "run", "serve")):
                for t in c.subtree:
                    if t.pos_ in ("NOUN", "PROPN", "ADJ") and t.i not in idx.tok2ent:
                        if not _under_prep(t, c):  # "a senior fellow at the institute" is a fellow, not an institute
                            words.add(t.lower_)
                    elif t.i in idx.tok2ent:
                        words.add(idx.tok2ent[t.i])
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
            for t in root.head.subtree:
                if t.i >= span.start:
                    break
                if t.pos_ in ("NOUN", "ADJ") and t.i not in idx.tok2ent:
                    words.add(t.lower_)
                elif t.i in idx.tok2ent:
                    words.add(idx.tok2ent[t.i])
        # "data from the analytics firm PortSignal", "a report by the institute": the source's products
        np = root.head if root.dep_ == "appos" else root
        if np.dep_ == "pobj" and np.head.lower_ in ("from", "by", "of") and np.head.head.pos_ == "NOUN":
            words.add(np.head.head.lemma_.lower())
        # "Hou Ruiqing, a spokeswoman for ...": appos handled; "spokeswoman Hou Ruiqing": compound
        for t in doc[max(0, span.start - 3):span.start]:
            if t.dep_ == "compound" and t.head.i in range(span.start, span.end):
                words.add(t.lower_)


def _collect_groups(idx: EntityIndex) -> None:
    """Conjoined entities ("Donetsk and Luhansk", "the DNR and the LNR") for "their"/"the territories"."""
    doc = idx.doc
    for tok in doc:
        if tok.dep_ == "conj" or tok.i not in idx.tok2ent:
            continue
        members = [idx.tok2ent[tok.i]]
        for c in tok.conjuncts:
            e = idx.tok2ent.get(c.i)
            if e and e not in members:
                members.append(e)
        if len(members) >= 2:
            idx.plural_groups.append((tok.i, members))
        # "the Donetsk and Luhansk territories": two entities as modifiers of one plural noun
        if tok.head.tag_ == "NNS" and tok.dep_ in ("compound", "amod", "nmod"):
            mods = [idx.tok2ent[c.i] for c in tok.head.children if c.i in idx.tok2ent
                    and c.dep_ in ("compound", "amod", "nmod")]
            for c in tok.head.children:
                for cc in c.conjuncts:
                    if cc.i in idx.tok2ent:
                        mods.append(idx.tok2ent[cc.i])
            mods = list(dict.fromkeys(mods))
            if len(mods) >= 2:
                idx.plural_groups.append((tok.i, mods))
