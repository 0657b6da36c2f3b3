"""Plain data classes passed between the stages (ingest → nlp → extract → link → assess → store → present).

They carry no behaviour beyond small conveniences, so every stage can be a pure function over them
and the store can round-trip them without surprises.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

#: The modalities a claim can carry, strongest doubt last (see DESIGN.md).
MODALITIES = ("asserted", "reported", "planned", "hedged", "unverified", "denied")
ANONYMOUS = "anonymous source"
#: Modalities that tell an event as having happened (not planned, not denied).
REALIS = ("asserted", "reported", "unverified", "hedged")


def normalize_text(text: str) -> str:
    """Canonical form used for document ids: NFKC, unified quotes, collapsed whitespace."""
    text = unicodedata.normalize("NFKC", text or "")
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'}))
    return re.sub(r"\s+", " ", text).strip()


def document_id(text: str) -> str:
    """A document's id is a hash of its normalized text, so re-ingesting the same text changes nothing."""
    return "d" + hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()[:16]


@dataclass
class Document:
    """One article as read from a file or a dump record.

    `published` is an ISO date string at the precision the source gives ("2024-04-25", "2024-04",
    "2024") or None when unknown: precision is never invented.
    """

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    published_inferred: bool = False
    language: str | None = None
    external_id: str | None = None
    source: str | None = None  # file path (and line/row) the document came from
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_text(cls, text: str, **kw: Any) -> Document:
        return cls(id=document_id(text), text=text, **kw)


@dataclass
class Problem:
    """An input item that could not be read: where it was and why, in one line."""

    source: str
    reason: str


@dataclass
class Entity:
    """A canonical entity: gazetteer id (e.g. 'dprk') or a slug of its name for unknown ones."""

    id: str
    name: str
    type: str  # GPE, ORG, PERSON, NORP, LOC, FAC, MEDIA, VESSEL, ...
    aliases: list[str] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)  # e.g. {"flag": "dprk"} for a vessel


@dataclass
class Mention:
    """A stretch of document text that refers to an entity."""

    entity_id: str
    start: int
    end: int
    text: str


@dataclass
class TimeSpan:
    """A calendar interval (inclusive) with the granularity the text supports."""

    start: date
    end: date
    granularity: str  # day | week | month | season | year | decade | span
    text: str = ""

    def to_json(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "granularity": self.granularity}


@dataclass
class Quantity:
    """A number as written, with its approximation ('about', 'more_than', ...) and unit noun."""

    value: float
    approx: str | None = None  # about | more_than | less_than | at_least | at_most | up_to | None
    unit: str | None = None
    text: str = ""


@dataclass
class Attribution:
    """Who says a claim and through whom.

    `chain` runs from the origin (the person, body or anonymous source whose words these are) to the
    last relay before this article (an agency, an outlet, an intermediary).
    """

    said_by: str | None = None  # entity id, or ANONYMOUS
    via: list[str] = field(default_factory=list)  # entity ids of relays
    cue: str | None = None  # the reporting expression ("according to", "told", "said")
    quote: bool = False


@dataclass
class Claim:
    """One checkable proposition read from one clause, with its evidence span in the document."""

    id: str
    doc_id: str
    text: str  # the sentence (or clause) the claim was read from, at most 600 characters
    start: int  # evidence span: character offsets into Document.text
    end: int
    trigger: str | None = None  # the word that names the event
    event_type: str | None = None  # claimgraph's own type (e.g. 'labour_deployment')
    cameo: str | None = None
    actor: list[str] = field(default_factory=list)  # entity ids
    target: list[str] = field(default_factory=list)
    place: list[str] = field(default_factory=list)
    when: TimeSpan | None = None
    quantity: Quantity | None = None
    said_by: str | None = None
    via: list[str] = field(default_factory=list)
    modality: str = "asserted"
    quote: bool = False
    negated: bool = False
    irrealis: bool = False  # governed by a plan/consideration: the event has not happened (yet)
    tense: str | None = None  # past | present | perfect | future
    flags: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["when"] = self.when.to_json() if self.when else None
        return d


@dataclass
class Reading:
    """Everything the reader extracted from one document."""

    document: Document
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)


@dataclass
class Group:
    """Claims from different documents that state the same proposition."""

    id: str
    claims: list[str]
    independent_origins: int = 1
    origins: list[str] = field(default_factory=list)  # the distinct origin keys, readable
    relay_chains: list[list[str]] = field(default_factory=list)  # per claim: origin → … → outlet
    status: str = "single-source"  # corroborated | single-source | contested
    confidence: float = 0.0
    reasons: list[str] = field(default_factory=list)


@dataclass
class Conflict:
    """Two claims that disagree, with the reason, both evidence spans and an explanation in words."""

    claim_a: str
    claim_b: str
    reason: str  # date | number | place | actor | attribution | order | negation | other
    explanation: str = ""
    evidence_a: str = ""
    evidence_b: str = ""


@dataclass
class Alert:
    """Claims a watch rule raises, with the rule's explanation."""

    rule: str
    claims: list[str]
    explanation: str = ""
