"""Name keys: the form two spellings of one name share ("The I.E.A." and "IEA")."""

from __future__ import annotations

import re
import unicodedata

_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_NOT_WORD = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")


def key(name: str) -> str:
    """Lower case, no accents, no punctuation, no leading article, single spaces."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = folded.replace("’", "'").replace("'s ", " ").removesuffix("'s")
    folded = _NOT_WORD.sub("", folded.replace("-", " ").replace("&", " and "))
    folded = _LEADING_ARTICLE.sub("", _SPACE.sub(" ", folded).strip())
    return folded.casefold()
