"""Which of an article's names are one entity.

Mentions that share a key make a *form* ("Doe", "International Energy Agency", "IEA"); the
article's majority and a few rules decide each form's kind; forms are then joined into
entities: a person's full name with its variants and its bare surname or first name, an
organization with its acronym or its name without "University", a group's singular and plural.
A bare surname two people share ("Clinton") joins per mention, the nearest full name before it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

from newsdesk.knowledge.entities_clean import (
    ORG_WORDS,
    PARTICLES,
    TITLE_WORDS,
    Mention,
    is_acronym,
    name_key,
    name_tokens,
    words,
)
from newsdesk.knowledge.types import EntityKind

# A multi-word name ending in one of these is a place.
_PLACE_WORDS = frozenset(
    words(
        """lake river sea ocean mountains mountain glacier valley island islands bay gulf strait
    canal peninsula desert province county district region"""
    )
)
# Words an organization's name can drop and stay itself: "Hofstra (University)", "(Department
# of) Homeland Security".
_DESIGNATORS = frozenset(
    words(
        """agency department ministry university college institute party committee commission
    council foundation bank group corp corporation company co inc ltd llc plc association
    organization organisation authority fund of the for"""
    )
)
_INITIALS_SKIP = frozenset(words("of the and for on in at to de des du la le et &"))
_SUFFIXES = frozenset(words("jr sr ii iii iv"))


@dataclass
class Form:
    """Every mention of one name, as the article spells it."""

    key: str
    mentions: list[Mention] = field(default_factory=list)
    kind: EntityKind = "ORG"
    spelled: str = ""  # the display form when no mention names it yet (a derived surname)
    _display: str | None = None  # computed once per change of mentions: the rules ask often

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        self._display = None

    def remove(self, mention: Mention) -> None:
        self.mentions.remove(mention)
        self._display = None

    @property
    def tokens(self) -> tuple[str, ...]:
        return name_tokens(self.display)

    @property
    def display(self) -> str:
        if self._display is None:
            spellings = Counter(m.name for m in self.mentions)
            # A dateline's "FLINT" loses to the "Flint" of the text.
            best = max(spellings, key=lambda s: (not _all_caps(s), spellings[s]), default=None)
            self._display = self.spelled if best is None else best
        return self._display

    @property
    def acronym(self) -> bool:
        return is_acronym(self.display)

    @property
    def tagged(self) -> int:
        return sum(m.tagged for m in self.mentions)


def _all_caps(name: str) -> bool:
    return not any(c.islower() for c in name)


def group(mentions: list[Mention]) -> dict[str, Form]:
    forms: dict[str, Form] = {}
    for mention in mentions:
        forms.setdefault(mention.key, Form(mention.key)).add(mention)
    for form in forms.values():
        form.kind = _vote(form)
    return forms


def _vote(form: Form) -> EntityKind:
    votes: Counter[EntityKind] = Counter()
    for mention in form.mentions:
        votes[mention.kind] += 3 if mention.titled else 1
        # The words around a name settle spaCy's PERSON-or-ORG doubts ("Tove Lindahl, an
        # analyst at"; "in Accra"), not more: "China, Pyongyang's ally" stays a place and
        # "in Congress" an organization.
        if mention.hint == "PERSON" and mention.kind == "ORG":
            votes["PERSON"] += 3
        if mention.hint == "PLACE" and mention.kind == "PERSON":
            votes["PLACE"] += 3
    if votes["PERSON"] and any(m.titled for m in form.mentions):
        return "PERSON"
    tokens = form.tokens
    if len(tokens) > 1 and (tokens[-1] in ORG_WORDS or _org_of(tokens)):
        return "ORG"
    if len(tokens) > 1 and tokens[-1] in _PLACE_WORDS:
        return "PLACE"
    if votes["GROUP"] and form.acronym:
        return "ORG"  # spaCy calls "NYPD" and "UPI" nationalities or groups
    best = max(votes.values())
    leaders = {kind for kind, n in votes.items() if n == best}
    said = [kind for m in form.mentions for kind in (m.kind, m.hint) if kind in leaders]
    return said[0] if said else "ORG"  # a tie: the first mention decides


def _org_of(tokens: tuple[str, ...]) -> bool:
    """ "Ministry of Health", "University of Ghana"."""
    return "of" in tokens[1:] and tokens[tokens.index("of") - 1] in ORG_WORDS


def drop_common_words(forms: dict[str, Form], starts: set[int], lower: set[str]) -> None:
    """ "Turnout", "Reservoirs", "Households": a capitalized first word of a sentence spaCy
    took for a name, when the article also uses it as an ordinary lower-case word."""
    people = full_names(forms)
    parts = {part for pair in people.values() for part in pair}
    for key, form in list(forms.items()):
        if len(form.tokens) != 1 or form.acronym or key in parts:
            continue
        if any(m.titled or m.hint or m.start not in starts for m in form.mentions):
            continue
        if form.display.lower() in lower:
            del forms[key]


def person_parts(display: str) -> tuple[str, str] | None:
    """A full name's first name and surname, particles kept and suffixes dropped:
    "Bill de Blasio" -> ("Bill", "de Blasio"), "Joseph R. Biden Jr." -> ("Joseph", "Biden");
    None for a single word."""
    words = display.split()
    while len(words) > 1 and name_key(words[-1]) in _SUFFIXES:
        words.pop()
    if len(words) < 2:
        return None
    at = len(words) - 1
    while at > 1 and words[at - 1] in PARTICLES:
        at -= 1
    return words[0], " ".join(words[at:])


def full_names(forms: dict[str, Form]) -> dict[str, tuple[str, str]]:
    """The persons' full names (key -> (first name key, surname key)); not "De Blasio", the
    surname of a "Bill de Blasio"."""
    found = {}
    for form in forms.values():
        parts = person_parts(form.display) if form.kind == "PERSON" else None
        if parts is not None:
            found[form.key] = (name_key(parts[0]), name_key(parts[1]))
    bare = {key for parts in found.values() for key in parts}
    return {key: parts for key, parts in found.items() if key not in bare}


def trim_epithets(forms: dict[str, Form], prose: str) -> None:
    """ "Crooked Hillary Clinton", "Miss Universe Alicia Machado": a person's span with words
    before a full name the article uses on its own is cut down to that name."""
    people = full_names(forms)
    for key in list(people):
        form = forms[key]
        for mention in list(form.mentions):
            words = list(re.finditer(r"\S+", prose[mention.start : mention.end]))
            for i in range(1, len(words) - 1):
                suffix = name_key(" ".join(w.group() for w in words[i:]))
                if suffix in people and suffix != key:
                    form.remove(mention)
                    mention.start += words[i].start()
                    mention.name = " ".join(prose[mention.start : mention.end].split())
                    mention.key = suffix
                    forms[suffix].add(mention)
                    break
        if not form.mentions:
            del forms[key]


def add_surnames(forms: dict[str, Form]) -> None:
    """Make every person's surname a form of its own (with no mention yet), so a bare "Doe"
    spaCy missed can still be found; and a surname or first name spaCy labelled something
    else ("Trump" an organization, "Ivana" a place) is a person's."""
    for key in full_names(forms):
        parts = person_parts(forms[key].display)
        assert parts is not None
        first, surname = parts
        for name in (first, surname):
            name_form = forms.get(name_key(name))
            if name_form is not None and not name_form.acronym:
                name_form.kind = "PERSON"
        surname_key = name_key(surname)
        usable = (surname[:1].isupper() or " " in surname) and surname not in TITLE_WORDS
        if surname_key not in forms and len(surname_key) > 1 and usable:
            forms[surname_key] = Form(surname_key, kind="PERSON", spelled=surname)


@dataclass
class Links:
    """The result of linking: each form's entity (the root form's key), and the bare names
    that could be several people's."""

    root: dict[str, str]
    ambiguous: dict[str, list[str]]
    full: set[str]  # the keys of persons' full names


class _UnionFind:
    def __init__(self, keys: list[str]) -> None:
        self.parent = {k: k for k in keys}

    def find(self, key: str) -> str:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def link(forms: dict[str, Form], pairs: list[tuple[str, str]]) -> Links:
    """Join forms into entities; ``pairs`` are (acronym, name) pairs the text declared."""
    sets = _UnionFind(list(forms))
    for acronym, name in pairs:
        if acronym in forms and name in forms and forms[name].kind != "PERSON":
            sets.union(acronym, name)
    _link_initials(forms, sets)
    _link_organizations(forms, sets)
    _link_groups(forms, sets)
    people = full_names(forms)
    _link_full_names(people, sets)
    ambiguous = _link_bare_names(forms, people, sets)
    return Links({k: sets.find(k) for k in forms}, ambiguous, set(people))


def _initials(tokens: tuple[str, ...]) -> set[str]:
    kept = [t for t in tokens if t not in _INITIALS_SKIP]
    return {"".join(t[0] for t in kept), "".join(t[0] for t in tokens)}


def _link_initials(forms: dict[str, Form], sets: _UnionFind) -> None:
    """ "IEA" is "International Energy Agency" when the article names both, even apart."""
    by_initials: dict[str, list[Form]] = {}
    for form in forms.values():
        if form.kind != "PERSON" and len(form.tokens) > 1:
            for initials in _initials(form.tokens):
                by_initials.setdefault(initials, []).append(form)
    for form in forms.values():
        if form.acronym and form.kind != "PERSON":
            letters = "".join(c for c in form.display if c.isupper()).lower()
            matches = by_initials.get(letters, [])
            if matches:
                sets.union(form.key, max(matches, key=lambda f: len(f.mentions)).key)


def _link_organizations(forms: dict[str, Form], sets: _UnionFind) -> None:
    orgs = [f for f in forms.values() if f.kind == "ORG" and not f.acronym]
    for short in orgs:
        n = len(short.tokens)
        longer = [
            f
            for f in orgs
            if len(f.tokens) > n
            and (
                (f.tokens[:n] == short.tokens and all(t in _DESIGNATORS for t in f.tokens[n:]))
                or (f.tokens[-n:] == short.tokens and all(t in _DESIGNATORS for t in f.tokens[:-n]))
            )
        ]
        if not longer and n == 1 and short.tokens[0] in ORG_WORDS:
            # "the Post" after "the New York Post"; not "Congress" in "Library of Congress" nor
            # "House" in "White House".
            longer = [
                f
                for f in orgs
                if len(f.tokens) > 1
                and f.tokens[-1] == short.tokens[0]
                and not {"of", "for"} & set(f.tokens)
            ]
        if len(longer) == 1:
            sets.union(short.key, longer[0].key)


def _link_groups(forms: dict[str, Form], sets: _UnionFind) -> None:
    for form in forms.values():
        plural = forms.get(form.key + "s")
        if form.kind == "GROUP" and plural is not None and plural.kind == "GROUP":
            sets.union(form.key, plural.key)


def _link_full_names(people: dict[str, tuple[str, str]], sets: _UnionFind) -> None:
    """ "Mary J. Blige" and "Mary Blige": the same first name and surname."""
    by_parts: dict[tuple[str, str], str] = {}
    for key, parts in people.items():
        if parts in by_parts:
            sets.union(key, by_parts[parts])
        else:
            by_parts[parts] = key


def _link_bare_names(
    forms: dict[str, Form], people: dict[str, tuple[str, str]], sets: _UnionFind
) -> dict[str, list[str]]:
    """A surname or first name joins the one person whose full name has it; when several
    people do, the choice is made per mention (returned: bare name -> candidate roots)."""
    owners: dict[str, set[str]] = {}
    for key, parts in people.items():
        for part in parts:
            owners.setdefault(part, set()).add(sets.find(key))
    ambiguous: dict[str, list[str]] = {}
    for form in forms.values():
        if form.kind != "PERSON" or form.key in people:
            continue
        candidates = owners.get(form.key, set())
        if len(candidates) == 1:
            sets.union(form.key, next(iter(candidates)))
        elif candidates:
            ambiguous[form.key] = sorted(candidates)
    return ambiguous


def nearest(
    candidates: list[str], starts: dict[str, list[int]], offset: int, paragraph: int
) -> str:
    """Whose bare surname is this: the person last named in full in the same paragraph
    ("John Doe and Mary Doe met. Doe said..."); failing that, the one named in full most
    often so far (a "Clinton" in a story about Hillary Clinton stays hers after a passing
    "Chelsea Clinton"), the latest of them on a tie; failing that, the first named after."""

    def before(root: str) -> tuple[int, int]:
        at = bisect_left(starts.get(root, []), offset)
        return at, starts[root][at - 1] if at else -1

    latest = max(candidates, key=lambda r: before(r)[1])
    if before(latest)[1] >= paragraph:
        return latest
    most = max(candidates, key=before)
    if before(most)[0]:
        return most
    return min(candidates, key=lambda r: starts.get(r, [offset])[0])
