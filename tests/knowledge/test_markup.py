from __future__ import annotations

from newsdesk.knowledge.markup import prose

SOURCE = """# The **big** picture

Jane Doe, a [senior analyst](https://example.org/doe) at *Some Institute*, said:
“Exports fell.” ![A chart](chart.png) See [the report][r].

- first item
- second <b>bold</b> item

> A quoted line
> that continues.

```
code = "not prose"
```
Setext heading
--------------
"""


def test_it_keeps_every_offset() -> None:
    text = prose(SOURCE).text
    assert len(text) == len(SOURCE)
    for word in ("Jane Doe", "senior analyst", "Some Institute", "Exports fell.", "first item"):
        at = SOURCE.index(word)
        assert text[at : at + len(word)] == word


def test_it_blanks_markup_but_not_prose() -> None:
    text = prose(SOURCE).text
    for markup in ("#", "**", "](https", "![", "<b>", "```", "> A", "----", "[r]"):
        assert markup not in text
    assert "not prose" not in text
    assert "the report" in text


def test_it_reports_blocks_with_their_kinds() -> None:
    blocks = prose(SOURCE).blocks
    kinds = [(b.kind, b.level) for b in blocks]
    assert kinds == [
        ("heading", 1),
        ("paragraph", 0),
        ("item", 0),
        ("item", 0),
        ("paragraph", 0),
        ("heading", 2),
    ]
    assert SOURCE[blocks[0].start : blocks[0].end] == "The **big** picture"
    assert SOURCE[blocks[-1].start : blocks[-1].end] == "Setext heading"


def test_it_keeps_a_multiline_paragraph_as_one_block() -> None:
    blocks = prose("One line\nand the next.\n\nA second paragraph.").blocks
    assert [(b.start, b.end) for b in blocks] == [(0, 22), (24, 43)]


def test_it_copes_with_empty_and_odd_input() -> None:
    assert prose("").text == ""
    assert prose("").blocks == []
    for odd in ("```\nnever closed", "*", "[", "](", "\r\n\r\n", "#", "| a | b |\n|---|---|"):
        assert len(prose(odd).text) == len(odd)
