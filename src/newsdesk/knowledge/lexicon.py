"""Word lists the extractors share, so the sentences chosen for parsing (nlp.needs_parse) are
exactly those the quote and figure extractors look at."""

from __future__ import annotations

import re

# Verbs that report speech or writing, by base form; SPEECH_VERBS holds every form of them
# ("say", "says", "said", "saying"). Verbs of thinking ("believe", "think") are left out:
# they attribute a view, not words.
_SPEECH_BASES = """
    say tell add note argue explain state write warn claim insist ask announce suggest
    acknowledge confirm deny declare report recall observe point predict caution concede
    contend admit reply respond remark estimate stress emphasize emphasise continue joke quip
    yell shout scream whisper tweet post testify allege assert complain comment mention
    promise vow pledge urge boast recount conclude reiterate repeat maintain counter retort
    disclose reveal advise recommend propose lament predict inform speak
"""
# Forms the suffix rules below would get wrong.
_IRREGULAR = {
    "say": ("said", "saying"),
    "tell": ("told", "telling"),
    "write": ("wrote", "written", "writing"),
    "speak": ("spoke", "spoken", "speaking"),
    "admit": ("admitted", "admitting"),
    "quip": ("quipped", "quipping"),
}


def _forms(base: str) -> set[str]:
    if base in _IRREGULAR:
        return {base, base + "s", *_IRREGULAR[base]}
    stem = base[:-1] if base.endswith("e") else base
    if base.endswith("y") and base[-2] not in "aeiou":
        third, past = base[:-1] + "ies", base[:-1] + "ied"
    else:
        third = base + ("es" if base.endswith(("s", "sh", "ch", "x", "z")) else "s")
        past = stem + "ed"
    return {base, third, past, stem + "ing"}


SPEECH_VERBS = frozenset(form for base in _SPEECH_BASES.split() for form in _forms(base))
# Verbs that report what someone said by naming it rather than by a clause: "called the plan
# “a disaster”", "cited the figures", "called for talks". Their object is the reported content.
_NAMING_BASES = "call cite describe criticize criticise praise blast slam condemn demand"
NAMING_VERBS = frozenset(form for base in _NAMING_BASES.split() for form in _forms(base))
# Cues that are not verbs of saying but introduce a source ("according to Doe").
SOURCE_PHRASES = ("according to",)

_QUOTE_MARKS = '"“”„‟«»'
_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
    "hundred hundreds thousand thousands million millions billion billions trillion dozen dozens "
    "half percent"
)
_NEEDS_PARSE = re.compile(
    r"["
    + _QUOTE_MARKS
    + r"\d]|\b(?:"
    + "|".join(
        sorted(SPEECH_VERBS | NAMING_VERBS | set(_NUMBER_WORDS.split()), key=len, reverse=True)
    )
    + r"|according)\b",
    re.IGNORECASE,
)


def needs_parse(sentence: str) -> bool:
    return _NEEDS_PARSE.search(sentence) is not None
