"""What the knowledge pipeline finds in an article: plain dataclasses, no Django.

Every offset is a character offset into the Markdown body the pipeline was given, so a span
can be cut from the stored body exactly (``body[start:end] == text``). ``as_json()`` gives the
shapes of `newsdesk analyze --json` in CONTRACT.md; fields beyond the contract are extra keys.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

EntityKind = Literal["PERSON", "ORG", "PLACE", "GROUP"]
QuoteKind = Literal["direct", "mixed", "indirect"]
Precision = Literal["day", "month", "year"]
Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Descriptor:
    """What the article says a person is: "a senior analyst at Some Institute"."""

    role: str | None
    organization: str | None
    start: int
    end: int


@dataclass
class Entity:
    """One person, organization, place or group as named in one article.

    ``key`` identifies it within the article (quotes point at it); ``name`` is its fullest
    form ("Jane Doe", "International Energy Agency"), ``aliases`` the other names the article
    uses for it that identify it on their own (acronyms, not bare surnames).
    """

    key: str
    name: str
    kind: EntityKind
    aliases: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)
    descriptors: list[Descriptor] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "aliases": self.aliases,
            "mentions": len(self.mentions),
        }


@dataclass
class Quote:
    text: str
    kind: QuoteKind
    start: int
    end: int
    speaker: str | None = None  # the speaker entity's name, or the text naming the speaker
    speaker_key: str | None = None  # Entity.key when the speaker resolved to an entity
    role: str | None = None
    organization: str | None = None
    cue: str | None = None  # "said", "according to", ...

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        del data["speaker_key"]
        return data


@dataclass
class Figure:
    """A number with what it counts. A change ("from 48 ... to 12") is one figure whose
    ``value`` is the latest and ``previous`` the earlier value."""

    text: str
    value: float
    unit: str | None
    start: int
    end: int
    per: str | None = None  # a rate: "month" in "63 attacks a month"
    period: str | None = None  # when: "2024", "the third quarter"
    previous: float | None = None
    previous_period: str | None = None

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        if float(self.value).is_integer():
            data["value"] = int(self.value)
        if self.previous is not None and float(self.previous).is_integer():
            data["previous"] = int(self.previous)
        return data


@dataclass
class Event:
    date: str  # ISO 8601 at its precision: "2024-12-08", "2024-12", "2024"
    precision: Precision
    text: str  # the sentence that dates it
    start: int
    end: int
    date_text: str = ""  # the words that gave the date: "on the 13th"

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Finding:
    rule: str
    severity: Severity
    message: str
    excerpt: str
    start: int
    end: int
    field: Literal["body", "title", "dek"] = "body"

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Analysis:
    title: str
    words: int
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # An extractor that failed on this text: its name and the error, kept so the article can
    # show it; the other extractors' results stand.
    failures: list[str] = field(default_factory=list)
    # Set when the body was too long to read whole: the extractors read body[:truncated_at].
    truncated_at: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "article": {
                "title": self.title,
                "words": self.words,
                "truncated_at": self.truncated_at,
            },
            "entities": [e.as_json() for e in self.entities],
            "quotes": [q.as_json() for q in self.quotes],
            "figures": [f.as_json() for f in self.figures],
            "events": [e.as_json() for e in self.events],
            "findings": [f.as_json() for f in self.findings],
            "failures": self.failures,
        }
