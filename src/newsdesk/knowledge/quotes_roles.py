"""What the article says a person is: role and organization from the words around a mention.

Forms read, anywhere in the article (not only where the person speaks):
- apposition after the name: "Jane Doe, a senior analyst at Some Institute," (also after an
  age: "Doe, 52, a farmer,") and "Doe, who heads the Trade Office,";
- possessive organization before it: "Some Institute's Jane Doe", "the ministry's spokesman
  Ali Reza";
- role phrase before it: "spokesman for the ministry Ali Reza";
- owner and role before it: "Its chief executive, Jo Ng," (the last organization named),
  "The agency's director, Jo Ng," (the organization named with that noun);
- capitalized title before it: "Defence Minister Jane Doe", "Secretary of State Jo Ng".
Each finding is appended to the person's ``descriptors`` with the offsets of the describing
words; a role must be headed by a word that names a job, so "Doe, the city, ..." is not one.
"""

from __future__ import annotations

import bisect
import re

from newsdesk.knowledge.lexicon import SPEECH_VERBS
from newsdesk.knowledge.speakers import Mention, Resolver, is_job_word, org_by_noun
from newsdesk.knowledge.types import Descriptor, Entity

# A word after one of these prepositions starts the organization only when it is a name
# ("head of planning at Acme" is the head of planning; "of the Navy" is an organization).
_ORG_AT = re.compile(r"\s+(?:at|with|from)\s+|\s+(?:of|for|to)\s+(?=the\s|[A-Z])")
_RELATIVE = re.compile(r"\s+(?:who|which|that|where|whose)\s.*$", re.DOTALL)
_IN_PLACE = re.compile(r"\s+in\s+[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?$")
# Lowercase words that belong inside an organization's name, not to a description before it.
_NAME_WORDS = frozenset(["of", "for", "and", "the", "on", "at", "de", "du", "des", "la", "le", "&"])
_OWNER_ROLE = re.compile(
    r"(?:^|\s)(?P<owner>[Ii]ts|[Tt]heir|[Tt]he\s+[a-z][\w-]*(?:['’]s|s['’]))\s+"
    r"(?P<role>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,5}),\s+$"
)
# The owner of a role in apposition: a name ("Acme Rail's head of planning") or one noun
# ("the authority's chief executive"), never a clause ("the report on Kim's death").
_NAME_OWNER = re.compile(
    r"(?P<owner>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,4}|[a-z][\w-]*)"
    r"(?:['’]s|(?<=s)['’])\s+(?=[a-z])"
)
_SENTENCE_END = re.compile(r"[.!?]['’\"”]?\s+(?=[A-Z“\"])|\n\s*\n")
_FUNCTION_WORDS = frozenset(["the", "a", "an", "and", "by", "to", "with", "as", "from", "of"])
_ORG_PREP = re.compile(r"\s+(?:at|of|for|with|in|from)\s+(?:the\s+)?", re.IGNORECASE)
_AFTER = re.compile(
    r",\s+(?:\d{1,3},\s+)?(?P<desc>(?:an?|the)\s+[^,;:()“”\"]{2,90}?|[a-z][^,;:()“”\"]{2,90}?"
    r"|[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,4}['’]s\s+[a-z][^,;:()“”\"]{2,70}?)"
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
    "Spokesman|Spokeswoman|Spokesperson|Chief|Commander|Envoy|Prime Minister|Constable|"
    "Councillor|Councilor|Superintendent|Inspector|Sen\\.|Rep\\.|"
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
        org = _org(m.group("org"), resolver, mention.start)
        out.append(_at(mention.end, m, "org", _WHO_ROLES[m.group("verb")], org))
    elif m := _AFTER.match(after):
        role, org = _split(m.group("desc"), resolver, mention.start)
        if role:
            out.append(_at(mention.end, m, "desc", role, org))
    before_start = max(0, mention.start - 160)
    before = prose[before_start : mention.start]
    # Only the words of the mention's own sentence describe it.
    if cut := list(_SENTENCE_END.finditer(before)):
        before_start += cut[-1].end()
        before = before[cut[-1].end() :]
    if found := _before(before, before_start, mention, resolver):
        out.append(found)
    return out


def _before(before: str, base: int, mention: Mention, resolver: Resolver) -> Descriptor | None:
    if (m := _POSSESSIVE.search(before)) and (
        owner := resolver.mention_at(base + m.start() - 1, base + m.start(), ("ORG",))
    ):
        role = m.group("role")
        if role is None or _is_role(role.split()[-1]):
            return Descriptor(role, owner.entity.name, owner.start, mention.start)
    if m := _OWNER_ROLE.search(before):
        # "Its chief executive, Jo Ng," / "The agency's director, Jo Ng,"
        role = m.group("role")
        if _is_role(_head(role)):
            org = _owner(m.group("owner"), resolver, base + m.start("owner"))
            return Descriptor(role, org, base + m.start("owner"), base + m.end("role"))
    if m := _ROLE_FOR.search(before):
        words = list(re.finditer(r"\S+", m.group("role")))
        while words[1:] and words[0].group(0) in SPEECH_VERBS | _FUNCTION_WORDS:
            words.pop(0)  # "said spokesman for the ministry Ali Reza"
        if _is_role(words[-1].group(0)):
            start = base + m.start("role") + words[0].start()
            role = " ".join(w.group(0) for w in words)
            org = _org(m.group("org"), resolver, mention.start)
            return Descriptor(role, org, start, base + m.end("desc"))
    if m := _TITLE.search(before):
        return _at(base, m, "desc", m.group("desc").strip(), None)
    return None


def _at(base: int, m: re.Match[str], group: str, role: str | None, org: str | None) -> Descriptor:
    return Descriptor(role, org, base + m.start(group), base + m.end(group))


def _split(desc: str, resolver: Resolver, offset: int) -> tuple[str | None, str | None]:
    """ "a senior analyst at Some Institute" -> ("senior analyst", "Some Institute");
    "head of planning at Acme" -> ("head of planning", "Acme"); "Acme's head of planning" ->
    ("head of planning", "Acme")."""
    desc = re.sub(r"^(?:an?|the)\s+", "", desc.strip(), flags=re.IGNORECASE)
    owner = None
    if m := _NAME_OWNER.match(desc):
        owner, desc = m.group("owner"), desc[m.end() :]
    parts = _ORG_AT.split(desc, maxsplit=1)
    role = _IN_PLACE.sub("", parts[0].strip())  # "a trader in Dakar": the place is not the job
    words = role.split()
    if not words or len(words) > 7 or not _is_role(_head(role)):
        return None, None
    if len(parts) > 1:
        return role, _org(parts[1], resolver, offset)
    return role, _owner(owner, resolver, offset) if owner else None


def _head(role: str) -> str:
    """The word a role phrase is headed by: "head" in "head of planning"."""
    return re.split(r"\s+(?:of|for|on|to|in)\s+", role, maxsplit=1)[0].split()[-1]


def _owner(owner: str, resolver: Resolver, offset: int) -> str | None:
    """The organization an "its"/"the agency's" points to; a name stays itself."""
    owner = re.sub(r"['’]s?$", "", owner.strip())
    if owner.lower() in ("its", "their"):
        entity = _topic(resolver, offset) or resolver.before(offset, ("ORG",))
        return entity.name if entity else None
    return _org(owner, resolver, offset)


def _topic(resolver: Resolver, offset: int) -> Entity | None:
    """The organization opening the sentence before ``offset``'s own: what "its"
    most often points to ("The Forum wants the EU to act. Its director, ..." is the Forum's)."""
    index = bisect.bisect_left(resolver.starts, offset)
    window = resolver.mentions[max(0, index - 12) : index]
    prose = resolver.prose
    own = _sentence_start(prose, offset)
    previous = _sentence_start(prose, own - 1) if own > 0 else own
    # Only a name that opens the sentence is its subject: "The Forum (TF) wants ...".
    return next(
        (
            m.entity
            for m in window
            if m.entity.kind == "ORG" and previous <= m.start <= previous + 4
        ),
        None,
    )


def _sentence_start(prose: str, offset: int) -> int:
    window_start = max(0, offset - 400)
    # One character more, so the capital that confirms a sentence end at ``offset`` is seen.
    ends = [m for m in _SENTENCE_END.finditer(prose, window_start, offset + 1) if m.end() <= offset]
    return ends[-1].end() if ends else window_start


def _org(text: str, resolver: Resolver | None = None, offset: int = 0) -> str | None:
    """The organization's name without what the sentence adds around it: "the London broker
    Acme Marine in Leeds, which ..." -> "Acme Marine"; "the agency" -> the agency named."""
    text = _RELATIVE.sub("", re.sub(r"\s+", " ", text)).strip(" .,’'")
    text = _IN_PLACE.sub("", text)
    words = text.split()
    # Keep the capitalized name after a lowercase description ("law firm Acme Berg").
    last = max(
        (i for i, w in enumerate(words) if w[:1].islower() and w not in _NAME_WORDS), default=-1
    )
    if 0 <= last < len(words) - 1 and words[last + 1][:1].isupper():
        words = words[last + 1 :]
    elif words and all(w.islower() or w == "The" for w in words) and resolver is not None:
        # "the authority": the organization named with that noun, if the article has one.
        entity = org_by_noun(resolver, offset, words[-1])
        words = entity.name.split() if entity else [w for w in words if w.lower() != "the"]
    if len(words) > 1 and words[0].lower() == "the" and words[1][:1].isupper():
        words = words[1:]
    # "Kenya's Ministry of Health": the country is not part of the ministry's name.
    if len(words) > 2 and re.fullmatch(r"[A-Z][\w-]*['’]s", words[0]):
        words = words[1:]
    text = " ".join(words).strip(" .,’'")
    return text or None


def _is_role(word: str) -> bool:
    return is_job_word(word)
