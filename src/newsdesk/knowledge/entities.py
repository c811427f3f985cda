"""The people, organizations, places and groups an article names, one entity each.

spaCy's small model finds the names; the rules here clean them (entities_clean), decide what
is one entity (entities_merge) and then look for the names spaCy found once but missed
elsewhere: a bare surname, an acronym, a name in a headline-cased sentence where the model's
labels are guesses and are ignored.

Conventions: ``Entity.name`` is the fullest form the article uses, without "the", a personal
title or a possessive; ``aliases`` are the other names that identify it on their own (an
acronym, another full form), never a bare surname or first name; a mention's span is the name
alone ("Doe" in "Ms Doe's"), cut from the Markdown body.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator

from newsdesk.knowledge import names
from newsdesk.knowledge.entities_clean import (
    TITLE_BEFORE,
    TITLE_WORDS,
    Mention,
    clean,
    is_acronym,
    is_title_case,
    name_key,
    split_possessive,
)
from newsdesk.knowledge.entities_match import Matcher
from newsdesk.knowledge.entities_merge import (
    Form,
    Links,
    add_surnames,
    drop_common_words,
    group,
    link,
    nearest,
    trim_epithets,
)
from newsdesk.knowledge.nlp import Sentence, Text
from newsdesk.knowledge.types import Entity, Span

# "International Energy Agency (IEA)": an acronym declared right after a name.
_DECLARED = re.compile(r"[ \t]*\([ \t]*([A-Z][A-Za-z&.]{1,9})[ \t]*\)")


def extract(text: Text) -> list[Entity]:
    headlines = {s.start for s in text.sentences if is_title_case(s)}
    mentions, pairs = _tagged_mentions(text, headlines)
    forms = group(_with_full_names(text, mentions))
    drop_common_words(forms, _sentence_starts(text), _lower_words(text))
    trim_epithets(forms, text.prose)
    add_surnames(forms)
    links = link(forms, pairs)
    _find_untagged(text, forms, headlines)
    return _entities(text, forms, links)


_FIRST_WORD = re.compile(r"[^\w]*(?=\w)")
_LOWER_WORD = re.compile(r"\b[^\W\d_A-Z][\w'’-]*")


def _sentence_starts(text: Text) -> set[int]:
    starts = set()
    for sentence in text.sentences:
        lead = _FIRST_WORD.match(text.prose, sentence.start, sentence.end)
        if lead is not None:
            starts.add(lead.end())
    return starts


def _lower_words(text: Text) -> set[str]:
    return {w for w in _LOWER_WORD.findall(text.prose) if w.islower()}


def _tagged_mentions(
    text: Text, headlines: set[int]
) -> tuple[list[Mention], list[tuple[str, str]]]:
    """spaCy's names, cleaned, plus acronyms declared in brackets after one of them."""
    mentions: list[Mention] = []
    pairs: list[tuple[str, str]] = []
    headlined: list[Mention] = []
    for sentence in text.sentences:
        cleaned = [clean(text.prose, e.start, e.end, e.label) for e in sentence.entities]
        found = [m for m in cleaned if m is not None]
        if sentence.start in headlines:
            headlined.extend(found)
            continue
        taken = sorted((m.start, m.end) for m in found)
        for mention in found:
            mentions.append(mention)
            acronym = _declared_acronym(text.prose, mention, sentence.end)
            if acronym is not None:
                pairs.append((acronym.key, mention.key))
                if not _overlaps(taken, acronym.start, acronym.end):
                    mentions.append(acronym)  # else spaCy tagged it: that mention stands
    people = {m.key for m in mentions if m.kind == "PERSON"}
    people |= {m.tokens[-1] for m in mentions if m.kind == "PERSON" and len(m.tokens) > 1}
    mentions = [piece for m in mentions for piece in split_possessive(text.prose, m, people)]
    # In a headline-cased sentence spaCy tags any capitalized run ("Avoid Bad Optics"); keep
    # only names the text confirms: known ones, and full names of a person known by surname.
    known = {m.key for m in mentions}
    mentions.extend(
        m
        for m in headlined
        if m.key in known or (m.kind == "PERSON" and len(m.tokens) > 1 and m.tokens[-1] in known)
    )
    return mentions, pairs


def _declared_acronym(prose: str, mention: Mention, limit: int) -> Mention | None:
    if mention.kind == "PERSON" or mention.titled:
        return None
    declared = _DECLARED.match(prose, mention.end, limit)
    if declared is None or not is_acronym(declared.group(1)):
        return None
    letters = declared.group(1)
    if not _subsequence(letters.replace(".", "").lower(), mention.key.replace(" ", "")):
        return None
    if letters[0].lower() != mention.key[0]:
        return None
    start, end = declared.span(1)
    return Mention(start, end, letters, name_key(letters), mention.kind)


def _subsequence(needle: str, haystack: str) -> bool:
    rest = iter(haystack)
    return all(c in rest for c in needle)


def _with_full_names(text: Text, mentions: list[Mention]) -> list[Mention]:
    """Every occurrence of a name of several words the article uses, where spaCy missed it or
    tagged it in pieces ("Ilona" a group, "Varga" an organization): the pieces give way."""
    kinds = {m.name: m.kind for m in mentions if " " in m.name and not m.shouting}
    matcher = Matcher(kinds)
    if not matcher:
        return mentions
    order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
    ends = [mentions[i].end for i in order]  # tagged spans never overlap: ends are sorted too
    replaced: set[int] = set()
    added: list[Mention] = []
    for sentence in text.sentences:
        for start, end, name in matcher.finditer(text.prose, sentence.start, sentence.end):
            inside = []
            for at in range(bisect_right(ends, start), len(order)):
                if mentions[order[at]].start >= end:
                    break
                inside.append(order[at])
            if any(mentions[i].start < start or mentions[i].end > end for i in inside):
                continue
            if [(mentions[i].start, mentions[i].end) for i in inside] == [(start, end)]:
                continue  # tagged as it is
            replaced.update(inside)
            added.append(Mention(start, end, name, name_key(name), kinds[name], tagged=False))
    return [m for i, m in enumerate(mentions) if i not in replaced] + added


def _find_untagged(text: Text, forms: dict[str, Form], headlines: set[int]) -> None:
    """Find the article's known names where spaCy did not tag them."""
    surfaces = _surfaces(forms.values())
    matcher = Matcher(surfaces)
    taken = sorted((m.start, m.end) for f in forms.values() for m in f.mentions)
    found: list[Mention] = []
    for sentence in text.sentences:
        headline = sentence.start in headlines
        for start, end, surface in matcher.finditer(text.prose, sentence.start, sentence.end):
            if _overlaps(taken, start, end):
                continue
            form = forms[surfaces[surface]]
            if (
                " " not in surface
                and not headline
                and not _standalone(text, sentence, start, end, form)
            ):
                continue
            titled = TITLE_BEFORE.search(text.prose, max(0, start - 30), start) is not None
            found.append(Mention(start, end, surface, form.key, form.kind, titled, tagged=False))
    for mention in found:
        forms[mention.key].add(mention)


def _surfaces(forms: Iterable[Form]) -> dict[str, str]:
    """Each spelling worth looking for -> its form's key."""
    surfaces: dict[str, str] = {}
    for form in forms:
        spellings = {m.name for m in form.mentions if not m.shouting} or {form.spelled}
        for spelling in spellings - {""}:
            if " " not in spelling and (
                spelling in TITLE_WORDS or not spelling[:1].isupper() or len(spelling) < 2
            ):
                continue
            surfaces.setdefault(spelling, form.key)
            if form.kind == "PERSON" and " " not in spelling:
                surfaces.setdefault(spelling.upper(), form.key)  # a transcript's "DOE: ..."
    return surfaces


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    at = bisect_left(taken, (start, end))
    before = taken[at - 1] if at else None
    after = taken[at] if at < len(taken) else None
    return (before is not None and before[1] > start) or (after is not None and after[0] < end)


_WORD_BEFORE = re.compile(r"([^\W\d_][\w.'’-]*)[ \t]+$")
_WORD_AFTER = re.compile(r"[ \t]+([^\W\d_])")


def _standalone(text: Text, sentence: Sentence, start: int, end: int, form: Form) -> bool:
    """Whether one capitalized word found by spelling alone is the name and not a part of a
    longer one ("Doe" in "the Doe Foundation") or a capitalized first word ("Young people")."""
    lead = text.prose[sentence.start : start]
    if not lead.strip(" \t\n\"“‘'(—–-*"):
        # A capitalized first word is a name if it is a person's ("Doe said"), or a name spaCy
        # itself knows well enough; not the "Post" of "Post offices closed".
        return form.kind == "PERSON" or form.tagged >= 2 or form.acronym
    before = _WORD_BEFORE.search(lead)
    if before is not None:
        word = before.group(1).rstrip(".")
        first_word = not lead[: before.start()].strip(" \t\n\"“‘'(—–-*")
        if word[:1].isupper() and word not in TITLE_WORDS and not first_word:
            return False
    after = _WORD_AFTER.match(text.prose, end, sentence.end)
    return after is None or not after.group(1).isupper()


def _entities(text: Text, forms: dict[str, Form], links: Links) -> list[Entity]:
    members: dict[str, list[Mention]] = {}
    spellings: dict[str, set[str]] = {}
    for root, mention in _assigned(text, forms, links):
        members.setdefault(root, []).append(mention)
        spellings.setdefault(root, set()).add(mention.key)
    entities = []
    for root, mentions in members.items():
        if all(m.shouting for m in mentions):
            continue  # "CROSSTALK", "WASHINGTON —": labels and datelines, not names
        cluster = [forms[k] for k in sorted(spellings[root])]
        entities.append(_entity(text, cluster, mentions, links.full))
    entities.sort(key=lambda e: e.mentions[0].start)
    return entities


def _assigned(text: Text, forms: dict[str, Form], links: Links) -> Iterator[tuple[str, Mention]]:
    starts: dict[str, list[int]] = {}
    for form in forms.values():
        if form.key in links.full:
            root = links.root[form.key]
            starts.setdefault(root, []).extend(m.start for m in form.mentions)
    for points in starts.values():
        points.sort()
    for form in forms.values():
        candidates = links.ambiguous.get(form.key)
        for mention in form.mentions:
            if candidates:
                sentence = text.sentence_at(mention.start)
                paragraph = sentence.block.start if sentence else mention.start
                yield nearest(candidates, starts, mention.start, paragraph), mention
            else:
                yield links.root[form.key], mention


def _entity(text: Text, forms: list[Form], mentions: list[Mention], full: set[str]) -> Entity:
    keys = {m.key for m in mentions}
    used = [f for f in forms if f.key in keys]
    named = _naming_form(used, full)
    name = named.display
    aliases = [
        f.display
        for f in used
        if f is not named
        and (f.acronym or f.key in full or f.kind != "PERSON")
        and not _variant(f, named)
    ]
    spans = sorted({(m.start, m.end) for m in mentions})
    return Entity(
        key=f"{named.kind}:{names.key(name)}",
        name=name,
        kind=named.kind,
        aliases=sorted(aliases, key=lambda a: (len(a), a)),
        mentions=[Span(s, e, text.body[s:e]) for s, e in spans],
    )


def _naming_form(forms: list[Form], full: set[str]) -> Form:
    """The fullest name: a person's full name, most words (acronyms last), then most mentions,
    then longest; a group's most used name ("Estonians" or "Estonian")."""
    return max(
        forms,
        key=lambda f: (
            not f.acronym,
            f.kind != "PERSON" or f.key in full,
            f.kind != "GROUP" and len(f.tokens),
            len(f.mentions),
            len(f.display),
        ),
    )


def _variant(form: Form, named: Form) -> bool:
    """A plural of a group's name, or a person's name with words before it, is no alias."""
    if named.kind == "GROUP":
        return True
    return named.kind == "PERSON" and form.tokens[-len(named.tokens) :] == named.tokens
