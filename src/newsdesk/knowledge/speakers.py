"""Who a speaker is: mentions resolved to entities, pronouns and nominals pointed back, and
what the article says each person is (role and organization).

The entity extractor's entities come first; a spaCy PERSON/ORG mention that no entity covers
(or every mention, when the entity step failed) becomes a local stand-in entity so that a named
speaker is still named and a pronoun can still point back to it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from newsdesk.knowledge import names
from newsdesk.knowledge.entities_clean import KIND_OF_LABEL
from newsdesk.knowledge.nlp import Sentence, Text
from newsdesk.knowledge.types import Entity

PERSON_PRONOUNS = frozenset({"he", "she"})
# A nominal subject with one of these heads points back to the last person or organization.
_ROLE_NOUNS = """
    analyst spokesman spokeswoman spokesperson minister president senator governor official
    director chairman chairwoman chair chief economist professor researcher secretary mayor
    ambassador general commander lawyer attorney adviser advisor expert scientist candidate
    nominee leader head founder executive officer diplomat envoy negotiator representative
    lawmaker legislator congressman congresswoman chancellor premier judge author activist
    organizer strategist consultant manager editor reporter historian priest"""
ROLE_NOUNS = frozenset(_ROLE_NOUNS.split())
_ORG_NOUNS = """ministry agency company firm group government department office campaign committee
    party institute bank council commission court union association foundation organization
    organisation authority army police administration board bureau center centre university
    newspaper paper network team"""
ORG_NOUNS = frozenset(_ORG_NOUNS.split())
_JOB_SUFFIX = re.compile(r"(?:er|or|ist|ian|ant|ent|man|woman|person|ee)$")
_NOT_ROLE_WORDS = frozenset(["government", "center", "order", "power", "water", "paper"])
_MORE_ROLES = frozenset(["fellow", "deputy", "aide", "member", "partner", "chief", "veteran"])
Spans = Sequence[tuple[int, int]]  # quoted passages, whose names are not antecedents


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entity: Entity


@dataclass(frozen=True)
class Speaker:
    name: str | None
    key: str | None
    start: int
    end: int
    entity: Entity | None
    # The speaker's role when the words name a job at the organization speaking ("a
    # spokesman for the ministry"); otherwise the role comes from the entity's descriptors.
    role: str | None = None


class Resolver:
    """Mentions of the article's entities in text order, with look-ups by span and backwards."""

    def __init__(self, text: Text, entities: list[Entity]) -> None:
        mentions = [Mention(m.start, m.end, e) for e in entities for m in e.mentions]
        mentions += _stand_ins(text, mentions)
        mentions.sort(key=lambda m: m.start)
        self.mentions = mentions
        self.starts = [m.start for m in mentions]
        self.prose = text.prose

    def at(self, start: int, end: int, kinds: tuple[str, ...] = ()) -> Entity | None:
        mention = self.mention_at(start, end, kinds)
        return mention.entity if mention else None

    def mention_at(self, start: int, end: int, kinds: tuple[str, ...] = ()) -> Mention | None:
        index = bisect.bisect_left(self.starts, end)
        for mention in reversed(self.mentions[max(0, index - 8) : index]):
            if mention.end > start and (not kinds or mention.entity.kind in kinds):
                return mention
        return None

    def before(self, offset: int, kinds: tuple[str, ...], skip: Spans = ()) -> Entity | None:
        index = bisect.bisect_left(self.starts, offset)
        for mention in reversed(self.mentions[:index]):
            if mention.entity.kind not in kinds or mention.end > offset:
                continue
            if any(s <= mention.start < e for s, e in skip):
                continue
            return mention.entity
        return None

    def persons(self) -> list[Mention]:
        return [m for m in self.mentions if m.entity.kind == "PERSON"]


def _stand_ins(text: Text, known: list[Mention]) -> list[Mention]:
    """Entities for spaCy mentions the entity extractor left out; a bare surname joins the
    full name it ends."""
    covered = sorted((m.start, m.end) for m in known)
    by_key: dict[str, Entity] = {}
    out: list[Mention] = []
    for found in text.entities:
        kind = KIND_OF_LABEL.get(found.label)
        if kind is None or _overlaps(covered, found.start, found.end):
            continue
        name = _clean(found.text)
        if not names.key(name) or name.islower():
            continue  # "the agronomist" is a job, not a name the model should have found
        key = f"{kind}:{names.key(name)}"
        entity = by_key.get(key)
        if entity is None and kind == "PERSON" and " " not in name:
            entity = next((e for k, e in by_key.items() if k.endswith(" " + names.key(name))), None)
        if entity is None:
            entity = by_key[key] = Entity(key=key, name=name, kind=kind)
        out.append(Mention(found.start, found.end, entity))
    return out


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    index = bisect.bisect_left(spans, (end, end))
    return any(s < end and e > start for s, e in spans[max(0, index - 4) : index])


def _clean(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,.;:'\"“”’")
    return re.sub(r"['’]s$", "", name)


def role_of(entity: Entity | None) -> tuple[str | None, str | None]:
    """The first role and the first organization the article gives a person."""
    if entity is None:
        return None, None
    role = next((d.role for d in entity.descriptors if d.role), None)
    organization = next((d.organization for d in entity.descriptors if d.organization), None)
    return role, organization


def is_job_word(word: str) -> bool:
    """Whether a noun names a job: a known role noun or one with a job ending ("hydrologist")."""
    word = word.lower().strip(".,")
    if word in ROLE_NOUNS or word in _MORE_ROLES:
        return True
    return word not in _NOT_ROLE_WORDS and len(word) > 4 and bool(_JOB_SUFFIX.search(word))


def phrase(token: Token, sentence: Sentence | None = None, floor: int = 0) -> SpacySpan:
    """The words naming a subject: its head and what precedes it (determiner, compounds,
    titles, possessor), not the apposition or clause that follows; none before ``floor``."""
    doc = token.doc
    first = token.left_edge.i
    while sentence is not None and first < token.i and sentence.offset(doc[first]) < floor:
        first += 1
    return doc[first : token.i + 1]


def resolve(
    sentence: Sentence, token: Token, resolver: Resolver, skip: Spans, floor: int = 0
) -> Speaker:
    """The speaker a subject token names."""
    words = phrase(token, sentence, floor)
    start = sentence.offset(words)
    end = start + len(words.text)
    word = token.text.lower()
    if token.tag_ in ("PRP", "PRP$") or word in PERSON_PRONOUNS:
        entity = resolver.before(start, ("PERSON",), skip) if word in PERSON_PRONOUNS else None
        return _speaker(entity, None, token, sentence)
    appositive = _appositive_name(token, sentence, resolver)
    if appositive is not None:
        return Speaker(appositive.name, appositive.key, start, end, appositive)
    entity = resolver.at(start, end, ("PERSON", "ORG", "GROUP", "PLACE"))
    if entity is not None:
        return Speaker(entity.name, entity.key, start, end, entity)
    if (on_behalf := _spokesperson(sentence, token, resolver, start)) is not None:
        return on_behalf
    if token.tag_ in ("NN", "NNS") and _definite(token):
        if word in ROLE_NOUNS:
            entity = _person_by_role(resolver, start, word, skip)
        elif word in ORG_NOUNS:
            entity = org_by_noun(resolver, start, word)
        elif is_job_word(word):
            # "the hydrologist said": only a person the article described as one.
            entity = _person_by_role(resolver, start, word, skip, fallback=False)
        if entity is not None:
            return Speaker(entity.name, entity.key, start, end, entity)
    return Speaker(_clean(words.text) or None, None, start, end, None)


def _speaker(entity: Entity | None, name: str | None, token: Token, sentence: Sentence) -> Speaker:
    start = sentence.offset(token)
    if entity is None:
        return Speaker(name, None, start, start + len(token.text), None)
    return Speaker(entity.name, entity.key, start, start + len(token.text), entity)


def _spokesperson(
    sentence: Sentence, token: Token, resolver: Resolver, start: int
) -> Speaker | None:
    """ "A spokesman for the department said": the organization speaks, through that role."""
    if token.text.lower() not in ROLE_NOUNS:
        return None
    for prep in token.children:
        if prep.dep_ != "prep" or prep.text.lower() not in ("for", "of", "at"):
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            words = phrase(obj)
            at = sentence.offset(words)
            org = resolver.at(at, at + len(words.text), ("ORG",))
            if org is None and obj.text.lower() in ORG_NOUNS and _definite(obj):
                org = org_by_noun(resolver, at, obj.text.lower())
            if org is not None:
                role = " ".join(t.text for t in phrase(token) if t.dep_ not in ("det", "poss"))
                end = sentence.offset(obj) + len(obj.text)
                # The words name the speaker; the key files the quote under the organization.
                name = _clean(sentence.text[start - sentence.start : end - sentence.start])
                return Speaker(name, org.key, start, end, org, role.lower())
    return None


def _definite(token: Token) -> bool:
    return any(c.dep_ in ("det", "poss") and c.text.lower() != "a" for c in token.children)


def _appositive_name(token: Token, sentence: Sentence, resolver: Resolver) -> Entity | None:
    """ "The spokesman for the ministry, Omar Khan, said": the person in apposition."""
    for child in token.children:
        if child.dep_ == "appos":
            words = phrase(child)
            start = sentence.offset(words)
            entity = resolver.at(start, start + len(words.text), ("PERSON",))
            if entity is not None:
                return entity
    return None


def _person_by_role(
    resolver: Resolver, offset: int, noun: str, skip: Spans, fallback: bool = True
) -> Entity | None:
    for mention in reversed(resolver.persons()):
        if mention.end > offset or any(s <= mention.start < e for s, e in skip):
            continue
        if any(d.role and noun in d.role.lower().split() for d in mention.entity.descriptors):
            return mention.entity
    return resolver.before(offset, ("PERSON",), skip) if fallback else None


def org_by_noun(resolver: Resolver, offset: int, noun: str) -> Entity | None:
    # Only an organization named with the noun: "the ministry" is not the last company named.
    for mention in reversed(resolver.mentions):
        if mention.end > offset or mention.entity.kind != "ORG":
            continue
        if noun in mention.entity.name.lower().split():
            return mention.entity
    return None
