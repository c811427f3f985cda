"""Word lists the extractors share, so the sentences chosen for parsing (nlp.needs_parse) are
exactly those the quote and figure extractors look at."""

from __future__ import annotations

import re

# Forms of verbs that report speech or writing ("said", "argues", "has warned").
_SPEECH_VERBS = """
    say says said saying tell tells told telling add adds added note notes noted
    argue argues argued explain explains explained state states stated write writes wrote
    written warn warns warned claim claims claimed insist insists insisted ask asks asked
    announce announces announced suggest suggests suggested acknowledge acknowledges
    acknowledged confirm confirms confirmed deny denies denied declare declares declared
    report reports reported recall recalls recalled observe observes observed point points
    pointed predict predicts predicted caution cautions cautioned concede concedes conceded
    contend contends contended admit admits admitted reply replies replied respond responds
    responded remark remarks remarked estimate estimates estimated stress stresses stressed
    emphasize emphasizes emphasized emphasise emphasises emphasised
"""
SPEECH_VERBS = frozenset(_SPEECH_VERBS.split())
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
    + "|".join(sorted(SPEECH_VERBS | set(_NUMBER_WORDS.split()), key=len, reverse=True))
    + r"|according)\b",
    re.IGNORECASE,
)


def needs_parse(sentence: str) -> bool:
    return _NEEDS_PARSE.search(sentence) is not None
