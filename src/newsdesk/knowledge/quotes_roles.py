"""What the article says a person is: role and organization from the words around a mention.

Forms read, anywhere in the article (not only where the person speaks):
- apposition after the name: "Jane Doe, a senior analyst at Some Institute," (also after an
  age: "Doe, 52, a farmer,") and "Doe, who heads the Trade Office,";
- possessive organization before it: "Some Institute's Jane Doe", "the ministry's spokesman
  Ali Reza";
- role phrase before it: "spokesman for the ministry Ali Reza";
- capitalized title before it: "Defence Minister Jane Doe", "Secretary of State Jo Ng".
Each finding is appended to the person's ``descriptors`` with the offsets of the describing
words; a role must be headed by a word that names a job, so "Doe, the city, ..." is not one.
"""

from __future__ import annotations

import re

from newsdesk.knowledge.lexicon import SPEECH_VERBS
from newsdesk.knowledge.speakers import ROLE_NOUNS, Mention, Resolver
from newsdesk.knowledge.types import Descriptor

_JOB_SUFFIX = re.compile(r"(?:er|or|ist|ian|ant|ent|man|woman|person|ee)$")
_NOT_ROLE_WORDS = frozenset(["government", "center", "order", "power", "water", "paper"])
_MORE_ROLES = frozenset(["fellow", "deputy", "aide", "member", "partner", "chief", "veteran"])
_SENTENCE_END = re.compile(r"[.!?]['’\"”]?\s+(?=[A-Z“\"])|\n\s*\n")
_FUNCTION_WORDS = frozenset(["the", "a", "an", "and", "by", "to", "with", "as", "from", "of"])
_ORG_PREP = re.compile(r"\s+(?:at|of|for|with|in|from)\s+(?:the\s+)?", re.IGNORECASE)
_AFTER = re.compile(
    r",\s+(?:\d{1,3},\s+)?(?P<desc>(?:an?|the)\s+[^,;:()“”\"]{2,90}?|[a-z][^,;:()“”\"]{2,90}?)"
    r"(?=,|;|\.(?:\s|$)|\)|\s+\(|$)"
)
_WHO = re.compile(
    r",\s+who\s+(?P<verb>heads|headed|leads|led|runs|ran|chairs|chaired|directs|directed|"
    r"founded|co-founded)\s+(?:the\s+)?(?P<org>[^,;:.()“”\"]{2,80}?)(?=,|;|\.(?:\s|$)|$)"
)
_WHO_ROLES = {
    "heads": "head",
    "headed": "head",
    "leads": "leader",
    "led": "leader",
    "runs": "head",
    "ran": "head",
    "chairs": "chair",
    "chaired": "chair",
    "directs": "director",
    "directed": "director",
    "founded": "founder",
    "co-founded": "co-founder",
}
_ROLE_FOR = re.compile(
    r"(?:^|[\s(])(?P<desc>(?P<role>(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)\s+(?:for|of|at)\s+"
    r"(?:the\s+)?(?P<org>(?:[\w.’'&-]+\s+){0,4}?[\w.’'&-]+))\s*,?\s+$"
)
_TITLES = (
    "Minister|Secretary|President|Senator|Governor|Director|Chairman|Chairwoman|General|"
    "Ambassador|Professor|Judge|Mayor|Chancellor|Premier|Commissioner|Representative|"
    "Spokesman|Spokeswoman|Spokesperson|Chief|Commander|Envoy|Prime Minister|Sen\\.|Rep\\.|"
    "Gov\\.|Gen\\."
)
_TITLE = re.compile(
    r"(?P<desc>(?:[A-Z][\w.’'-]*\s+){0,3}(?:" + _TITLES + r")"
    r"(?:\s+of\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})?)\s+$"
)
_POSSESSIVE = re.compile(
    r"(?:['’]s|(?<=s)['’])\s+(?:(?P<role>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}),?\s+)?$"
)


def describe(prose: str, resolver: Resolver) -> None:
    """Append every descriptor the article gives to the persons the resolver knows."""
    for mention in resolver.persons():
        for found in _descriptors(prose, mention, resolver):
            if all(
                (d.start, d.end) != (found.start, found.end) for d in mention.entity.descriptors
            ):
                mention.entity.descriptors.append(found)


def _descriptors(prose: str, mention: Mention, resolver: Resolver) -> list[Descriptor]:
    out: list[Descriptor] = []
    after = prose[mention.end : mention.end + 200]
    if m := _WHO.match(after):
        out.append(_at(mention.end, m, "org", _WHO_ROLES[m.group("verb")], _org(m.group("org"))))
    elif m := _AFTER.match(after):
        role, org = _split(m.group("desc"))
        if role:
            out.append(_at(mention.end, m, "desc", role, org))
    before_start = max(0, mention.start - 160)
    before = prose[before_start : mention.start]
    # Only the words of the mention's own sentence describe it.
    if cut := list(_SENTENCE_END.finditer(before)):
        before_start += cut[-1].end()
        before = before[cut[-1].end() :]
    if m := _POSSESSIVE.search(before):
        org_end = before_start + m.start()
        owner = resolver.mention_at(org_end - 1, org_end, ("ORG",))
        role = m.group("role")
        if owner is not None and (role is None or _is_role(role.split()[-1])):
            out.append(Descriptor(role, owner.entity.name, owner.start, mention.start))
    elif m := _ROLE_FOR.search(before):
        words = list(re.finditer(r"\S+", m.group("role")))
        while words[1:] and words[0].group(0) in SPEECH_VERBS | _FUNCTION_WORDS:
            words.pop(0)  # "said spokesman for the ministry Ali Reza"
        if _is_role(words[-1].group(0)):
            start = before_start + m.start("role") + words[0].start()
            role = " ".join(w.group(0) for w in words)
            end = before_start + m.end("desc")
            out.append(Descriptor(role, _org(m.group("org")), start, end))
    elif m := _TITLE.search(before):
        out.append(_at(before_start, m, "desc", m.group("desc").strip(), None))
    return out


def _at(base: int, m: re.Match[str], group: str, role: str | None, org: str | None) -> Descriptor:
    return Descriptor(role, org, base + m.start(group), base + m.end(group))


def _split(desc: str) -> tuple[str | None, str | None]:
    """ "a senior analyst at Some Institute" -> ("senior analyst", "Some Institute")."""
    parts = _ORG_PREP.split(desc, maxsplit=1)
    role = re.sub(r"^(?:an?|the)\s+", "", parts[0].strip(), flags=re.IGNORECASE)
    words = role.split()
    if not words or len(words) > 5 or not _is_role(words[-1]):
        return None, None
    org = _org(parts[1]) if len(parts) > 1 else None
    return role, org


def _org(text: str) -> str | None:
    text = re.sub(r"\s+", " ", text).strip(" .,’'")
    return text or None


def _is_role(word: str) -> bool:
    word = word.lower().strip(".,")
    if word in ROLE_NOUNS or word in _MORE_ROLES:
        return True
    return word not in _NOT_ROLE_WORDS and len(word) > 4 and bool(_JOB_SUFFIX.search(word))
