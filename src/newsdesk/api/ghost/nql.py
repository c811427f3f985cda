"""NQL, the filter language of Ghost's APIs: a tokenizer and a recursive-descent parser.

    tag:energy+featured:true          and
    author:helen-park,author:sam-lee  or; `+` binds tighter than `,`
    (tag:a,tag:b)+featured:true       parentheses
    id:-5e0f…  slug:[a,b]  slug:-[a,b]  published_at:>'2024-01-01 09:00:00'  title:~'grid'

The grammar follows Ghost's own (TryGhost/NQL, nql-lang):

    expression := and_cond ("," and_cond)*
    and_cond   := filter ("+" filter)*
    filter     := "(" expression ")" | PROP value_expr
    value_expr := ["-"] ("[" value ("," value)* "]" | MATCH value)
                | ("-" | ">" | ">=" | "<" | "<=")? value
    value      := null | true | false | NUMBER | now±N(d|w|M|y|h|m|s) | LITERAL | 'STRING'

Django-free: the result is a small tree that ``ghost.filters`` turns into a query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, TypeAlias

MAX_FILTER_CHARS = 4000
MAX_DEPTH = 16
MAX_CONDITIONS = 100


@dataclass(frozen=True)
class RelativeDate:
    """``now-30d``: resolved against the clock when the query runs, not when it is parsed."""

    sign: int  # +1 or -1
    amount: int
    unit: str  # d w M y h m s


Value: TypeAlias = bool | int | float | str | RelativeDate | None
Op = Literal[
    "eq", "ne", "gt", "gte", "lt", "lte", "in", "nin",
    "contains", "startswith", "endswith", "not_contains", "not_startswith", "not_endswith",
]  # fmt: skip


@dataclass(frozen=True)
class Condition:
    prop: str
    op: Op
    value: Value | tuple[Value, ...]


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


Node: TypeAlias = Condition | And | Or


class NQLError(ValueError):
    """A filter that is not NQL; the message says where (1-based character position)."""


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    value: Value
    pos: int


_SPECIAL = "'\"+,()><=[]"
_ESCAPE = re.compile(r"\\([" + re.escape(_SPECIAL) + r"\\])")
_LEXICON: list[tuple[str, re.Pattern[str]]] = [
    ("SPACE", re.compile(r"\s+")),
    ("KEYWORD", re.compile(r"(?:null|NULL|Null|true|TRUE|True|false|FALSE|False)(?![^\s" + re.escape(_SPECIAL) + r"])")),  # noqa: E501
    ("PROP", re.compile(r"[a-zA-Z_][a-zA-Z0-9_.]*:")),
    ("NUMBER", re.compile(r"[0-9]+(?:\.[0-9]+)?(?![^\s" + re.escape(_SPECIAL) + r"])")),
    ("RELDATE", re.compile(r"now([-+])(\d+)([dwMyhms])(?=[+,()\[\]]|\s|$)")),
    ("MATCH", re.compile(r"~\^|~\$|~")),
    ("LITERAL", re.compile(r"(?:\\[" + re.escape(_SPECIAL) + r"\\]|[^\s" + re.escape(_SPECIAL) + r"\\~-])(?:\\[" + re.escape(_SPECIAL) + r"\\]|[^\s" + re.escape(_SPECIAL) + r"\\])*")),  # noqa: E501
    ("STRING", re.compile(r"'((?:\\.|[^'\\])*)'")),
    ("OP", re.compile(r">=|<=|>|<")),
    ("PUNCT", re.compile(r"[()\[\],+-]")),
]  # fmt: skip
_KEYWORDS: dict[str, Value] = {"null": None, "true": True, "false": False}


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        kind, match = _first_rule(text, pos)
        if kind != "SPACE":
            tokens.append(_token(kind, match, pos))
        pos = match.end()
    return tokens


def _first_rule(text: str, pos: int) -> tuple[str, re.Match[str]]:
    """The first rule that matches here, as in Ghost's lexer (rule order, not length)."""
    for kind, pattern in _LEXICON:
        match = pattern.match(text, pos)
        if match:
            return kind, match
    raise NQLError(f"unexpected {text[pos]!r} at character {pos + 1}")


def _token(kind: str, match: re.Match[str], pos: int) -> Token:
    text = match.group(0)
    value: Value = text
    if kind == "KEYWORD":
        kind, value = "VALUE", _KEYWORDS[text.lower()]
    elif kind == "PROP":
        value = text[:-1].lower()
    elif kind == "NUMBER":
        kind, value = "VALUE", float(text) if "." in text else int(text)
    elif kind == "RELDATE":
        sign = -1 if match.group(1) == "-" else 1
        kind, value = "VALUE", RelativeDate(sign, int(match.group(2)), match.group(3))
    elif kind == "LITERAL":
        kind, value = "VALUE", _ESCAPE.sub(r"\1", text)
    elif kind == "STRING":
        kind, value = "VALUE", re.sub(r"\\(.)", r"\1", match.group(1))
    elif kind == "PUNCT":
        kind = text
    return Token(kind, text, value, pos)


_COMPARE: dict[str, Op] = {">": "gt", ">=": "gte", "<": "lt", "<=": "lte"}
_MATCH: dict[str, tuple[Op, Op]] = {
    "~": ("contains", "not_contains"),
    "~^": ("startswith", "not_startswith"),
    "~$": ("endswith", "not_endswith"),
}


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.index = 0
        self.depth = 0
        self.conditions = 0

    def peek(self) -> Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, kind: str, wanted: str) -> Token:
        token = self.peek()
        if token is None or token.kind != kind:
            raise self.error(wanted)
        self.index += 1
        return token

    def accept(self, kind: str) -> Token | None:
        token = self.peek()
        if token is not None and token.kind == kind:
            self.index += 1
            return token
        return None

    def error(self, wanted: str) -> NQLError:
        token = self.peek()
        if token is None:
            return NQLError(f"the filter ends where {wanted} was expected")
        return NQLError(f"expected {wanted} at character {token.pos + 1}, found {token.text!r}")

    def expression(self) -> Node:
        items = [self.and_condition()]
        while self.accept(","):
            items.append(self.and_condition())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_condition(self) -> Node:
        items = [self.filter()]
        while self.accept("+"):
            items.append(self.filter())
        return items[0] if len(items) == 1 else And(tuple(items))

    def filter(self) -> Node:
        if self.accept("("):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise NQLError(f"more than {MAX_DEPTH} nested parentheses")
            node = self.expression()
            self.take(")", "')'")
            self.depth -= 1
            return node
        prop = self.take("PROP", "a property such as tag: or featured:")
        self.conditions += 1
        if self.conditions > MAX_CONDITIONS:
            raise NQLError(f"more than {MAX_CONDITIONS} conditions")
        assert isinstance(prop.value, str)
        return self.value_expression(prop.value)

    def value_expression(self, prop: str) -> Condition:
        negated = self.accept("-") is not None
        if self.accept("["):
            values = [self.value()]
            while self.accept(","):
                values.append(self.value())
            self.take("]", "']' closing the list")
            return Condition(prop, "nin" if negated else "in", tuple(values))
        match = self.accept("MATCH")
        if match is not None:
            positive, negative = _MATCH[match.text]
            return Condition(prop, negative if negated else positive, self.value())
        if negated:
            return Condition(prop, "ne", self.value())
        compare = self.accept("OP")
        if compare is not None:
            return Condition(prop, _COMPARE[compare.text], self.value())
        return Condition(prop, "eq", self.value())

    def value(self) -> Value:
        return self.take("VALUE", "a value").value


def parse(text: str) -> Node:
    """The filter's tree; ``NQLError`` with a position when it is not NQL."""
    if len(text) > MAX_FILTER_CHARS:
        raise NQLError(f"the filter is longer than {MAX_FILTER_CHARS} characters")
    if not text.strip():
        raise NQLError("the filter is empty")
    parser = _Parser(tokenize(text))
    node = parser.expression()
    leftover = parser.peek()
    if leftover is not None:
        raise NQLError(f"unexpected {leftover.text!r} at character {leftover.pos + 1}")
    return node
