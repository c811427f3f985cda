"""From spaCy's entity spans to clean name mentions.

spaCy's spans carry what surrounds a name in running text: "the", a possessive, a personal
title, a quotation mark, the shouted dateline of a wire story. ``clean()`` trims all that off
(moving the span with it, so the mention still points at the body) and refuses what is not a
name at all. Names stay display strings: whitespace collapsed, punctuation kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsdesk.knowledge import names
from newsdesk.knowledge.nlp import Sentence
from newsdesk.knowledge.types import EntityKind


def words(text: str) -> list[str]:
    return text.split()


KIND_OF_LABEL: dict[str, EntityKind] = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "NORP": "GROUP",
}

# Titles that only ever precede a person's name, whatever label spaCy gave the span.
_HONORIFICS = words("Mr Mrs Ms Mx Miss Dr Prof Professor Sir Dame Mme Mlle Messrs")
# Titles spaCy folds into PERSON spans ("President Obama", "Finance Minister Jane Doe"). Not
# stripped from other labels: "General Motors" and "Prime Video" are not people.
_OFFICES = _HONORIFICS + words(
    """President Vice Prime Deputy Acting Former Foreign Finance Defense Defence Interior Health
    Minister Secretary Chancellor Premier Senator Sen Rep Representative Congressman
    Congresswoman Gov Governor Mayor Judge Justice Chief General Gen Lt Col Colonel Maj Major
    Capt Captain Cmdr Commander Adm Admiral Sgt Sergeant Lieutenant Ambassador Commissioner
    Chairman Chairwoman Chair Speaker Attorney King Queen Prince Princess Pope Rev Reverend
    Father Sheikh Lord Lady Imam Rabbi Bishop Cardinal Detective Officer Inspector
    Superintendent Sheriff Coach Candidate Nominee Crown Emir Sultan Councillor Councilor
    Constable Alderman Magistrate Dean Provost Pastor Brother Sister"""
)
TITLE_WORDS = frozenset(_OFFICES)
_HONORIFIC = re.compile(rf"(?:{'|'.join(_HONORIFICS)})\.?\s+(?=\S)")
_OFFICE = re.compile(rf"(?:{'|'.join(_OFFICES)})\.?\s+(?=\S)")
# A title right before a span ("Ms Doe" where spaCy tagged only "Doe") makes it a person; not
# the words that also begin organizations' names ("Foreign Ministry", "Health Canada").
_MODIFIERS = "Vice Prime Deputy Acting Former Foreign Finance Defense Defence Interior Health"
_BEFORE = [t for t in _OFFICES if t not in {*words(_MODIFIERS), "Chief", "Crown", "General"}]
TITLE_BEFORE = re.compile(rf"\b(?:{'|'.join(_BEFORE)})\.?\s+$")

# A multi-word name ending in one of these is an organization, whatever spaCy guessed.
ORG_WORDS = frozenset(
    words(
        """agency department ministry university college institute institution party committee
    commission council foundation bank group corp corporation company co inc ltd llc plc
    association office board authority fund organization organisation network press times
    post journal tribune herald gazette society league federation coalition club trust bureau
    administration assembly parliament senate congress police army navy service services
    labs lab cables marine games storage llp holdings partners systems airlines airways
    motors technologies software studios logistics freight shipping pharmaceuticals insurance
    telecom industries ventures observatory centre center school hospital clinic museum
    tribunal"""
    )
)
_LEADING_ARTICLE = re.compile(r"(?:the|The|THE)\s+(?=\S)")
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_LEAD_JUNK = "\"“”„‟«»‘'([{-–—•*·:;,"
_TRAIL_JUNK = "\"“”„‟«»’'‘)]}-–—•*·:;,"
_OPENING_QUOTES = "\"“„«‘'"
_CLOSING_QUOTES = "\"”»’'"
_QUOTE_MARKS = re.compile('["“”„‟«»]')
# Lower-case words that belong inside names ("Charles de Gaulle", "Abu Bakr al-Baghdadi").
PARTICLES = frozenset(
    words("de del della der den van von al el bin ibn da di du la le dos das ter")
)
_NUMBER = re.compile(r"^[\d.,:/%-]+$")
_NOT_NAMES = frozenset(
    words(
        "january february march april may june july august september october november december "
        "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday "
        "friday saturday sunday today yesterday tomorrow jr sr"
    )
)
MAX_TOKENS = 7


@dataclass
class Mention:
    start: int  # body offsets of the name itself, without "the", title or possessive
    end: int
    name: str  # display form
    key: str  # names.key(name)
    kind: EntityKind  # spaCy's label, mapped (a vote: the article's majority decides)
    titled: bool = False  # a personal title came with it: surely a person
    hint: EntityKind | None = None  # what the words around it say it is (a strong vote)
    shouting: bool = False  # ALL CAPS beyond an acronym: a dateline or label unless seen elsewhere
    tagged: bool = True  # found by spaCy (False: by matching a name spaCy found elsewhere)

    @property
    def tokens(self) -> tuple[str, ...]:
        return name_tokens(self.name)


# The rules ask for the same few hundred names' keys over and over.
name_key = lru_cache(maxsize=16384)(names.key)


@lru_cache(maxsize=16384)
def name_tokens(name: str) -> tuple[str, ...]:
    return tuple(k for k in (name_key(word) for word in name.split()) if k)


def clean(prose: str, start: int, end: int, label: str) -> Mention | None:
    """The name inside prose[start:end] labelled ``label`` by spaCy, or None if it is not one."""
    kind = KIND_OF_LABEL.get(label)
    if kind is None or "\n" in prose[start:end] or "\r" in prose[start:end]:
        return None
    bracket = prose.find("(", start + 1, end)
    if bracket > 0:
        end = bracket  # "Federal Bureau of Investigation (FBI": the acronym is read apart
    start, end = _strip_edges(prose, start, end)
    if _quoted(prose, start, end):
        return None
    start, titled = _strip_titles(prose, start, end, personal=kind == "PERSON")
    start, end = _strip_edges(prose, start, end)
    if titled or (TITLE_BEFORE.search(prose, max(0, start - 30), start) and kind != "GROUP"):
        titled = True
        kind = "PERSON"
    name = " ".join(prose[start:end].split())
    if not _is_name(name):
        return None
    key = name_key(name)
    if not key:
        return None
    mention = Mention(start, end, name, key, kind, titled=titled, shouting=is_shouting(name))
    mention.hint = hint(prose, start, end)
    return mention


# "Jane Doe, a senior analyst at ...", "Jane Doe, who ...", "Jane Doe, Some Institute's head
# of ...": descriptions only people get.
_PERSON_AFTER = re.compile(
    r",[ \t]+(?:who\b|(?:a|an)[ \t]+(?:[a-z-]+[ \t]+){0,4}(?:at|of|for|with|from)\b"
    r"|(?:the[ \t]+)?(?:[A-Z][\w&-]*[ \t]+){0,4}[A-Z][\w&-]*['’]s[ \t]+[a-z])"
)
# "Some Institute's Jane Doe": a possessive organization before a two- or three-word name.
_ORG_POSSESSIVE_BEFORE = re.compile(r"[A-Z][\w&-]*[ \t]+([A-Z][a-z]+)['’]s[ \t]+$")
# "in Accra", "near Soubré": spaCy's PERSON there is a place.
_PLACE_BEFORE = re.compile(r"\b(?:in|near|outside|across)[ \t]+$")


def hint(prose: str, start: int, end: int) -> EntityKind | None:
    if _PERSON_AFTER.match(prose, end):
        return "PERSON"
    before = prose[max(0, start - 40) : start]
    words = prose[start:end].split()
    owner = _ORG_POSSESSIVE_BEFORE.search(before)
    if 2 <= len(words) <= 3 and owner and owner.group(1).lower() in ORG_WORDS:
        return "PERSON"
    if _PLACE_BEFORE.search(before):
        return "PLACE"
    return None


_INNER_POSSESSIVE = re.compile(r"['’]s\s+(?=[A-Z])")
_LABEL_OF_KIND = {kind: label for label, kind in reversed(KIND_OF_LABEL.items())}


def split_possessive(prose: str, mention: Mention, people: set[str]) -> list[Mention]:
    """ "Trump's East European Achilles Heel", "Some Institute's Jane Doe": a span spaCy ran
    across a possessive, cut in two when a person the article names is on either side."""
    inner = _INNER_POSSESSIVE.search(prose, mention.start, mention.end)
    if inner is None:
        return [mention]
    label = _LABEL_OF_KIND[mention.kind]
    pieces = [
        clean(prose, mention.start, inner.end(), label),
        clean(prose, inner.end(), mention.end, label),
    ]
    found = [p for p in pieces if p is not None]
    if not any(p.key in people for p in found):
        return [mention]
    for piece in found:
        if piece.key in people:
            piece.kind = "PERSON"
    return found


def _strip_edges(prose: str, start: int, end: int) -> tuple[int, int]:
    """Trim quotes, brackets, "the", possessives and stray lower-case words off a span."""
    while True:
        before = (start, end)
        while start < end and (prose[start].isspace() or prose[start] in _LEAD_JUNK):
            start += 1
        possessive = _POSSESSIVE.search(prose, start, end)
        if possessive:
            end = possessive.start()
        while end > start and (prose[end - 1].isspace() or prose[end - 1] in _TRAIL_JUNK):
            end -= 1
        article = _LEADING_ARTICLE.match(prose, start, end)
        if article:
            start = article.end()
        lower = re.match(r"([a-z][\w’'-]*)\s+(?=\S)", prose[start:end])
        if lower and lower.group(1) not in PARTICLES:
            start += lower.end()  # "state Department of Revenue" -> "Department of Revenue"
        if (start, end) == before:
            return start, end


def _strip_titles(prose: str, start: int, end: int, *, personal: bool) -> tuple[int, bool]:
    pattern = _OFFICE if personal else _HONORIFIC
    titled = False
    while True:
        title = pattern.match(prose, start, end)
        if title is None or not prose[title.end() : end][:1].isupper():
            return start, titled
        start, titled = title.end(), True


def _quoted(prose: str, start: int, end: int) -> bool:
    """Whether the span is a quoted phrase ("'Make America Great Again'"), not a name."""
    before = prose[max(0, start - 2) : start].rstrip()
    after = prose[end : end + 2].lstrip()
    return bool(before) and before[-1] in _OPENING_QUOTES and after[:1] in _CLOSING_QUOTES


def _is_name(name: str) -> bool:
    words = name.split()
    if not words or len(words) > MAX_TOKENS or len(name) < 2:
        return False
    if not any(c.isalpha() for c in name) or _QUOTE_MARKS.search(name):
        return False
    if not any(c.isupper() for c in name) and any(c.islower() for c in name):
        return False  # "state", "n't": no capital letter in a cased script
    if any(_NUMBER.match(word) for word in words):
        return False  # "Trump's 1995", "May 12"
    return name_key(name) not in _NOT_NAMES


def is_shouting(name: str) -> bool:
    """ALL CAPS that is not an acronym: "WASHINGTON", "LOS ANGELES" (datelines, speaker labels)."""
    letters = [c for c in name if c.isalpha()]
    if not letters or any(c.islower() for c in letters):
        return False
    return len(name.split()) > 1 or len(letters) > 5


def is_acronym(name: str) -> bool:
    """ "IEA", "U.S.", "NYPD", "MoD": one word, mostly capitals, at most six letters."""
    if " " in name:
        return False
    letters = [c for c in name if c.isalpha()]
    capitals = sum(c.isupper() for c in letters)
    return 2 <= len(letters) <= 6 and capitals >= 2 and capitals * 2 > len(letters)


def is_title_case(sentence: Sentence) -> bool:
    """A headline-style sentence ("Stealth Over Health: Clinton Was Headed to ER"), where
    spaCy's labels are guesses: most of its longer words begin with a capital, leaving out
    the first word, titles and the names spaCy found."""
    names_at = [(e.start - sentence.start, e.end - sentence.start) for e in sentence.entities]
    words = [
        w
        for w in list(re.finditer(r"[^\W\d_][\w'’-]{3,}", sentence.text))[1:]
        if w.group() not in TITLE_WORDS and not any(s <= w.start() < e for s, e in names_at)
    ]
    capitals = sum(w.group()[0].isupper() for w in words)
    return capitals >= 3 and capitals >= 0.75 * len(words)
