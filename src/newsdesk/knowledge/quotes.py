"""Who is quoted saying what: direct, mixed and indirect quotes with their speakers.

What a quote's span is (``text == body[start:end]``):
- direct: the quoted passage with its quotation marks, from the opening mark to the closing
  one, punctuation inside the marks included (`“It will fail,”`): PolNeAR's gold includes the
  marks too. A quote interrupted by its attribution (`“First,” she said, “second.”`) is TWO
  quotes, one per passage, sharing speaker and cue (our gold set's convention, and what a
  reader sees as two quotations); so are quoted sentences that follow an attributed quote
  without an attribution of their own (`“First,” she said. “Second.”`): they inherit its
  speaker. ``Found.cue_start`` tells which quotes share an attribution. A quote running over
  several paragraphs (news convention: open, no close, reopen) is ONE quote from its first
  opening mark to its last closing mark.
- indirect: the reported clause, complementizer included (`that costs would rise`), without
  the attribution and the punctuation around it; for "according to X" the rest of the
  sentence.
- mixed: an indirect quote whose reported clause contains a quoted passage
  (`the policy was “a mistake”`).

A quoted passage in the middle of a sentence is a direct quote only after a colon or a dash,
or after a speech verb with or without a comma (`Doe said: “...”`, `Doe told reporters, “...”`);
otherwise it is part of a mixed quote when a speech verb
governs it, and a scare quote or a title (not reported) when none does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from newsdesk.knowledge import lexicon
from newsdesk.knowledge.nlp import Sentence, Text
from newsdesk.knowledge.quotes_marks import Passage, has_mark, passages
from newsdesk.knowledge.quotes_roles import describe
from newsdesk.knowledge.speakers import Resolver, Speaker, resolve, role_of
from newsdesk.knowledge.types import Entity, Quote, QuoteKind

# An attribution after a passage sits within this many characters of its closing mark.
_TAIL_CHARS = 140
# A passage with no attribution at all is still a quote when it is this long (in words).
_UNATTRIBUTED_WORDS = 6
_CAPITALIZED = re.compile(r"[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,4}")
_TRIM = " \t\n,;:—–-"
# A cue without a subject of its own takes the subject of the word it hangs on: "Doe spoke
# and added that", "Doe replied, saying", "before asking her".
_CLIMB = ("conj", "advcl", "xcomp", "pcomp", "prep")


@dataclass(frozen=True)
class Cue:
    token: Token
    sentence: Sentence
    start: int
    text: str
    subject: Token
    floor: int = 0  # the subject's words start at or after this offset (past the passage)


@dataclass(frozen=True)
class Found:
    """A quote and where its speaker is named (the subject words, or the pronoun)."""

    quote: Quote
    speaker_start: int | None = None
    speaker_end: int | None = None
    # Where the cue is: the parts of a split quote, and the quoted sentences that follow an
    # attributed one, share it (PolNeAR joins them into one attribution; we keep them apart).
    cue_start: int | None = None


def extract(text: Text, entities: list[Entity]) -> list[Quote]:
    return [found.quote for found in find(text, entities)]


def find(text: Text, entities: list[Entity]) -> list[Found]:
    resolver = Resolver(text, entities)
    describe(text.prose, resolver)
    marked = passages(text.prose, text.blocks)
    direct, cues = _direct(text, resolver, marked)
    spans = [(f.quote.start, f.quote.end) for f in direct]
    indirect = _indirect(text, resolver, spans, cues, marked)
    # A speaker resolved to a stand-in (a name the entity step did not return) keeps its name
    # but no key: speaker_key always names an entity of the analysis.
    keys = {e.key for e in entities}
    found = [
        f if f.quote.speaker_key in keys else replace(f, quote=replace(f.quote, speaker_key=None))
        for f in direct + indirect
    ]
    return sorted(found, key=lambda f: (f.quote.start, f.quote.end))


# Direct quotes -------------------------------------------------------------------------------


def _direct(text: Text, resolver: Resolver, marked: list[Passage]) -> tuple[list[Found], set[int]]:
    found: list[Found] = []
    used: set[int] = set()
    items = [p for p in marked if _opens_statement(text, p)]
    spans = [(p.start, p.end) for p in items]
    for passage in items:
        cue = _cue_after(text, passage) or _cue_before(text, passage)
        quote = Quote(text.body[passage.start : passage.end], "direct", passage.start, passage.end)
        if cue is not None:
            used.add(cue.start)
            speaker = _speaker_of(cue, resolver, spans)
            found.append(_attributed(quote, cue.text, speaker, cue_start=cue.start))
        elif (signed := _signature(text, passage, resolver)) is not None:
            cue_text = text.body[passage.end : signed.start].strip()
            found.append(_attributed(quote, cue_text, signed, cue_start=passage.end))
        elif (inherited := _continuation(text, found, passage)) is not None:
            moved = replace(inherited.quote, text=quote.text, start=quote.start, end=quote.end)
            found.append(replace(inherited, quote=moved))
        elif len(quote.text.split()) >= _UNATTRIBUTED_WORDS:
            found.append(Found(quote))
    return found, used


def _opens_statement(text: Text, passage: Passage) -> bool:
    """At the start of a sentence, after a colon or a dash, or after a speech verb and maybe a
    comma (`Doe told reporters, “...”`). After a comma with no speech verb before it, the
    passage ends a reported clause (`In Chicago, “we have a crisis,” she said`): mixed."""
    sentence = text.sentence_at(passage.start)
    if sentence is None:
        return False
    head = text.prose[sentence.start : passage.start]
    if not head.strip() or head.rstrip(" \t")[-1:] in (":", "—", "–", ".", "!", "?", "\n"):
        return True
    words = [w.strip(",").lower() for w in head.split()]
    if head.rstrip(" \t").endswith(","):
        return any(w in lexicon.SPEECH_VERBS for w in words) or "according" in words
    return words[-1] in lexicon.SPEECH_VERBS


def _continuation(text: Text, found: list[Found], passage: Passage) -> Found | None:
    """A passage of its own sentence right after an attributed quote, in the same or the next
    paragraph, continues that speaker's words."""
    if not found or found[-1].speaker_start is None:
        return None
    previous = found[-1].quote
    between = text.prose[previous.end : passage.start]
    if between.count("\n\n") > 1 or len(between) > _TAIL_CHARS * 2:
        return None
    return found[-1] if _starts_sentence(text, passage.start) else None


def _starts_sentence(text: Text, offset: int) -> bool:
    # The sentencizer hangs an opening mark on the sentence before it, hence the last test.
    sentence = text.sentence_at(offset)
    if sentence is None:
        return False
    head = text.prose[sentence.start : offset].rstrip()
    return not head or head[-1] in ".!?"


def _cue_after(text: Text, passage: Passage) -> Cue | None:
    sentence = text.sentence_at(passage.end - 1)
    candidates = [sentence] if sentence else []
    if sentence and not text.prose[passage.end : sentence.end].strip(" .!?"):
        following = text.sentence_at(sentence.end + 1)
        nxt = _next_sentence(text, sentence)
        candidates += [s for s in (following, nxt) if s and s.block == sentence.block]
    for candidate in candidates:
        if candidate.parsed is None:
            continue
        for token in candidate.parsed:
            at = candidate.offset(token)
            if at < passage.end:
                continue
            if at - passage.end > _TAIL_CHARS:
                break
            if has_mark(text.prose[passage.end : at]):
                break
            if not _is_cue(token) or (subject := _subject(token)) is None:
                continue
            if candidate.offset(subject) < passage.end:
                # A misparse took a word of the quote for the subject: "“...,” the
                # party's former strategist said" -> the last noun before the verb.
                subject = _gap_subject(candidate, passage.end, token)
            if subject is not None:
                return _cue(candidate, token, subject, passage.end)
    return None


def _gap_subject(sentence: Sentence, floor: int, verb: Token) -> Token | None:
    assert sentence.parsed is not None
    for token in reversed(sentence.parsed[: verb.i]):
        if sentence.offset(token) < floor:
            return None
        if token.tag_ in ("NN", "NNS", "NNP", "NNPS", "PRP"):
            return token
    return None


def _next_sentence(text: Text, sentence: Sentence) -> Sentence | None:
    at = sentence.end
    while at < len(text.prose) and text.prose[at] in " \t":
        at += 1
    return text.sentence_at(at)


def _cue_before(text: Text, passage: Passage) -> Cue | None:
    sentence = text.sentence_at(passage.start)
    if sentence is None:
        return None
    if _starts_sentence(text, passage.start):
        sentence = _colon_before(text, passage.start)
        if sentence is None:
            return None
    best: Cue | None = None
    if sentence.parsed is not None:
        for token in sentence.parsed:
            at = sentence.offset(token)
            if at >= passage.start:
                break
            subject = _subject(token) if _is_cue(token) else None
            if subject is not None and sentence.offset(subject) < passage.start:
                best = _cue(sentence, token, subject)
    return best


def _colon_before(text: Text, offset: int) -> Sentence | None:
    """`Doe put it bluntly:` closing the sentence or paragraph before the passage."""
    before = text.prose[:offset].rstrip()
    if not before.endswith(":"):
        return None
    return text.sentence_at(len(before) - 1)


def _cue(sentence: Sentence, token: Token, subject: Token, floor: int = 0) -> Cue:
    words = "according to" if token.text.lower() == "according" else token.text
    return Cue(token, sentence, sentence.offset(token), words, subject, floor)


def _is_cue(token: Token) -> bool:
    word = token.text.lower()
    if word == "according":
        return any(c.text.lower() == "to" for c in token.children)
    return word in lexicon.SPEECH_VERBS and token.tag_.startswith("VB")


def _is_naming(token: Token) -> bool:
    return token.text.lower() in lexicon.NAMING_VERBS and token.tag_.startswith("VB")


def _named(token: Token) -> SpacySpan:
    """What a naming verb reports: everything it governs to its right, after "for" or "on"
    ("called for more school investment", "called the charges fabricated")."""
    doc = token.doc
    right = [c for c in token.rights if c.dep_ not in ("punct", "cc", "conj", "advcl")]
    if not right:
        return doc[token.i : token.i]
    first = right[0]
    if first.dep_ == "prep" and first.text.lower() in ("for", "on") and list(first.children):
        first = next(iter(first.children))
    last = right[-1].right_edge
    return doc[max(first.left_edge.i, token.i + 1) : last.i + 1]


def _subject(token: Token) -> Token | None:
    """The speaker: the verb's subject, the subject of the verb a participle or conjunct
    hangs on ("..., adding that"), or the object of "according to"."""
    if token.text.lower() == "according":
        for to in token.children:
            for obj in to.children:
                if obj.dep_ == "pobj":
                    return obj
        return None
    for _ in range(4):
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.tag_ != "EX":
                if child.text.lower() in ("it", "there"):
                    return None
                if child.tag_ in ("WP", "WDT") and token.dep_ == "relcl":
                    return token.head  # "Wonder, who joked, ..."
                return child
        if token.dep_ == "acl" and token.head.tag_.startswith("NN"):
            return token.head  # "footage of Trump saying, ..."
        if token.dep_ not in _CLIMB or token.head is token:
            return None
        token = token.head
    return None


def _speaker_of(cue: Cue, resolver: Resolver, spans: list[tuple[int, int]]) -> Speaker:
    return resolve(cue.sentence, cue.subject, resolver, spans, cue.floor)


def _signature(text: Text, passage: Passage, resolver: Resolver) -> Speaker | None:
    """`“...” ― Jane Doe`: a name after a dash, the way a collected comment is signed."""
    tail = text.prose[passage.end : passage.end + 8]
    stripped = tail.lstrip()
    if not stripped or stripped[0] not in "―—–-" or "\n" in tail[: len(tail) - len(stripped)]:
        return None
    at = passage.end + len(tail) - len(stripped[1:].lstrip())
    return _signed_by(text, at, resolver)


def _attributed(
    quote: Quote,
    cue: str,
    speaker: Speaker | None,
    kind: QuoteKind | None = None,
    cue_start: int | None = None,
) -> Found:
    role, organization = role_of(speaker.entity if speaker else None)
    if speaker is not None and speaker.role and speaker.entity is not None:
        role, organization = speaker.role, speaker.entity.name
    quote = replace(
        quote,
        kind=kind or quote.kind,
        cue=cue,
        speaker=speaker.name if speaker else None,
        speaker_key=speaker.key if speaker else None,
        role=role,
        organization=organization,
    )
    if speaker is None:
        return Found(quote, cue_start=cue_start)
    return Found(quote, speaker.start, speaker.end, cue_start)


def _signed_by(text: Text, at: int, resolver: Resolver) -> Speaker | None:
    mention = resolver.mention_at(at, at + 1, ("PERSON", "ORG"))
    if mention is not None and mention.start == at:
        entity = mention.entity
        return Speaker(entity.name, entity.key, mention.start, mention.end, entity)
    # A name the entity model missed still names the speaker.
    if name := _CAPITALIZED.match(text.prose, at):
        return Speaker(name.group(0), None, at, name.end(), None)
    return None


# Indirect and mixed quotes -------------------------------------------------------------------


def _indirect(
    text: Text,
    resolver: Resolver,
    direct: list[tuple[int, int]],
    used: set[int],
    marked: list[Passage],
) -> list[Found]:
    found: list[Found] = []
    for sentence in text.sentences:
        if sentence.parsed is None:
            continue
        for token in sentence.parsed:
            at = sentence.offset(token)
            if at in used or _inside(at, direct):
                continue
            if not _is_cue(token) and not _is_naming(token):
                continue
            span = _whole_passages(_reported(sentence, token), marked)
            if span is None or (_inside(span[0], direct) and _inside(span[1] - 1, direct)):
                continue
            subject = _subject(token)
            if subject is None:
                continue
            cue = _cue(sentence, token, subject)
            speaker = _speaker_of(cue, resolver, direct)
            body = text.body[span[0] : span[1]]
            kind: QuoteKind = "mixed" if has_mark(body) else "indirect"
            quote = Quote(body, kind, span[0], span[1])
            found.append(_attributed(quote, cue.text, speaker, kind))
    return found


def _whole_passages(span: tuple[int, int] | None, marked: list[Passage]) -> tuple[int, int] | None:
    """A reported clause never cuts a quoted passage: the parser leaves the closing mark and
    the comma before it to the verb, and they belong to the words reported."""
    if span is None:
        return None
    start, end = span
    for passage in marked:
        if passage.start < start < passage.end:
            start = passage.start
        if passage.start < end < passage.end:
            end = passage.end
    return start, end


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)


def _reported(sentence: Sentence, token: Token) -> tuple[int, int] | None:
    """The reported clause of a speech verb, or what "according to X" qualifies."""
    doc = sentence.parsed
    assert doc is not None
    if token.text.lower() == "according":
        phrase = (token.left_edge.i, token.right_edge.i + 1)
        before, after = doc[: phrase[0]], doc[phrase[1] :]
        words = after if len(after) >= len(before) else before
    elif clause := next((c for c in token.children if c.dep_ == "ccomp"), None):
        words = doc[clause.left_edge.i : clause.right_edge.i + 1]
    elif _is_naming(token):
        words = _named(token)
    elif token.dep_ == "parataxis":
        # "The vote, she said, was close": the sentence around the aside, which is cut off
        # when it stands at either end.
        aside = (token.left_edge.i, token.right_edge.i + 1)
        if aside[0] == 0:
            words = doc[aside[1] :]
        elif aside[1] >= len(doc) - 1:
            words = doc[: aside[0]]
        else:
            words = doc[:]
    else:
        return None
    if len(words) < 3:
        return None
    start = sentence.start + words.start_char
    raw = sentence.text[words.start_char : words.end_char]
    stripped = raw.rstrip(_TRIM + ".")
    lead = len(stripped) - len(stripped.lstrip(_TRIM))
    if len(stripped) - lead < 6:
        return None
    return start + lead, start + len(stripped)
