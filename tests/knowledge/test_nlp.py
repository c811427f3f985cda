from __future__ import annotations

from newsdesk.knowledge import nlp

BODY = """## The outlook

Jane Doe, a senior analyst at the *International Energy Agency*, said exports fell by 12%.
The weather was fine.

“Output will recover,” she said."""


def test_it_splits_sentences_within_blocks() -> None:
    text = nlp.read(BODY)
    assert [BODY[s.start : s.end] for s in text.sentences] == [
        "The outlook",
        "Jane Doe, a senior analyst at the *International Energy Agency*, said exports fell "
        "by 12%.",
        "The weather was fine.",
        "“Output will recover,” she said.",
    ]


def test_it_parses_only_sentences_that_need_it() -> None:
    parsed = [s.parsed is not None for s in nlp.read(BODY).sentences]
    assert parsed == [False, True, False, True]


def test_parsed_offsets_point_into_the_body() -> None:
    text = nlp.read(BODY)
    sentence = text.sentences[1]
    assert sentence.parsed is not None
    for token in sentence.parsed:
        at = sentence.offset(token)
        assert text.prose[at : at + len(token.text)] == token.text
    said = next(t for t in sentence.parsed if t.text == "said")
    assert said.tag_ == "VBD"


def test_entities_have_body_offsets() -> None:
    text = nlp.read(BODY)
    found = {(e.label, BODY[e.start : e.end]) for e in text.entities}
    assert ("PERSON", "Jane Doe") in found


def test_it_finds_the_sentence_at_an_offset() -> None:
    text = nlp.read(BODY)
    at = BODY.index("weather")
    sentence = text.sentence_at(at)
    assert sentence is not None
    assert sentence.text == "The weather was fine."
    assert text.sentence_at(BODY.index("\n\n")) is None


def test_it_reads_a_text_longer_than_a_chunk() -> None:
    paragraph = "The ministry said the port handled 40 ships in May. " * 20
    body = "\n\n".join([paragraph] * (nlp.CHUNK_CHARS // len(paragraph) + 3))
    text = nlp.read(body)
    assert text.sentences[-1].end == len(body.rstrip())
    assert all(body[s.start : s.end].strip() == s.text.strip() for s in text.sentences)


def test_it_reads_one_enormous_paragraph() -> None:
    body = "word " * (nlp.CHUNK_CHARS // 2)
    text = nlp.read(body)
    assert text.sentences
    assert text.sentences[-1].end <= len(body)
