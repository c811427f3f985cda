from __future__ import annotations

import pytest

from newsdesk.knowledge import nlp, quotes
from newsdesk.knowledge.lexicon import SPEECH_VERBS, needs_parse
from newsdesk.knowledge.types import Quote


def quotes_in(body: str) -> list[Quote]:
    found = quotes.extract(nlp.read(body), [])
    for quote in found:
        assert body[quote.start : quote.end] == quote.text
    return found


def only(body: str) -> Quote:
    found = quotes_in(body)
    assert len(found) == 1, found
    return found[0]


def test_it_takes_a_straight_quote_with_its_marks_and_the_speaker_after_it() -> None:
    quote = only('"The dam will hold through the spring," said Jane Doe.')
    assert quote.text == '"The dam will hold through the spring,"'
    assert (quote.kind, quote.speaker, quote.cue) == ("direct", "Jane Doe", "said")
    assert quote.speaker_key is None  # no entity was given: a name, not a key


def test_it_takes_a_curly_quote_introduced_by_a_colon() -> None:
    body = "Officials were cautious. Marta Silva said: “We are ready to talk, not to give in.”"
    quote = only(body)
    assert quote.text == "“We are ready to talk, not to give in.”"
    assert quote.start == body.index("“")
    assert quote.speaker == "Marta Silva"


def test_a_split_quote_is_two_quotes_sharing_speaker_and_cue() -> None:
    body = "Ruth Okafor runs the port. “Ships wait for days,” she said, “and crews go unpaid.”"
    found = quotes.find(nlp.read(body), [])
    assert [f.quote.text for f in found] == ["“Ships wait for days,”", "“and crews go unpaid.”"]
    assert {(f.quote.speaker, f.quote.cue) for f in found} == {("Ruth Okafor", "said")}
    assert found[0].cue_start == found[1].cue_start == body.index("said")


def test_quoted_sentences_after_an_attributed_quote_inherit_its_speaker() -> None:
    body = '"The harvest failed," Pedro Alves said. "Nobody here has seen a year like it."'
    found = quotes.find(nlp.read(body), [])
    assert [f.quote.text for f in found] == [
        '"The harvest failed,"',
        '"Nobody here has seen a year like it."',
    ]
    assert [f.quote.speaker for f in found] == ["Pedro Alves", "Pedro Alves"]
    assert found[0].cue_start == found[1].cue_start


def test_a_quote_running_over_paragraphs_is_one_quote() -> None:
    body = (
        "Lena Park described the night.\n\n"
        "“The water rose in an hour. We carried the children upstairs.\n\n"
        "“By morning the street was a river,” Park said."
    )
    quote = only(body)
    assert quote.start == body.index("“The water")
    assert quote.text.endswith("a river,”")
    assert "\n\n“By morning" in quote.text
    assert quote.speaker == "Lena Park"


def test_an_unclosed_mark_makes_no_direct_quote() -> None:
    body = 'He warned of "the coming storm and left.\n\nThe meeting ended at noon.'
    assert [q for q in quotes_in(body) if q.kind == "direct"] == []


def test_a_partial_quote_in_reported_speech_is_mixed() -> None:
    body = 'Ali Reza said the new tariff was "a serious mistake" for farmers.'
    quote = only(body)
    assert quote.kind == "mixed"
    assert quote.text == 'the new tariff was "a serious mistake" for farmers'
    assert quote.speaker == "Ali Reza"


def test_a_passage_after_a_lead_in_clause_is_part_of_a_mixed_quote() -> None:
    body = "In the valley, “nobody has seen a drought like this,” Ruth Okafor said."
    quote = only(body)
    assert quote.kind == "mixed"
    assert quote.text == "In the valley, “nobody has seen a drought like this,”"
    assert quote.speaker == "Ruth Okafor"


def test_a_comma_after_a_speech_verb_introduces_a_direct_quote() -> None:
    quote = only("Ruth Okafor told reporters, “Nobody has seen a drought like this.”")
    assert (quote.kind, quote.cue) == ("direct", "told")


def test_an_aside_attribution_reports_the_sentence_around_it() -> None:
    body = "The vote, Ruth Okafor said, would be close."
    quote = only(body)
    assert (quote.kind, quote.text, quote.speaker) == ("indirect", body[:-1], "Ruth Okafor")


@pytest.mark.parametrize(
    ("body", "text", "kind"),
    [
        (
            "Ruth Okafor called the new levy “a tax on bread.”",
            "the new levy “a tax on bread.”",
            "mixed",
        ),
        (
            "Ruth Okafor called for an inquiry into the contracts.",
            "an inquiry into the contracts",
            "indirect",
        ),
        ("Ruth Okafor cited the drop in river traffic.", "the drop in river traffic", "indirect"),
    ],
)
def test_a_naming_verb_reports_its_object(body: str, text: str, kind: str) -> None:
    quote = only(body)
    assert (quote.text, quote.kind, quote.speaker) == (text, kind, "Ruth Okafor")


def test_it_takes_indirect_speech_with_its_complementizer() -> None:
    quote = only("Sofia Brandt noted that exports fell sharply in the spring.")
    assert (quote.kind, quote.text) == ("indirect", "that exports fell sharply in the spring")
    assert (quote.speaker, quote.cue) == ("Sofia Brandt", "noted")


def test_it_takes_indirect_speech_without_that() -> None:
    quote = only("Sofia Brandt said the plan would fail within a year.")
    assert quote.text == "the plan would fail within a year"


def test_it_takes_reported_speech_before_the_attribution() -> None:
    quote = only("The harvest will be late this year, Pedro Alves said.")
    assert (quote.kind, quote.text, quote.speaker) == (
        "indirect",
        "The harvest will be late this year",
        "Pedro Alves",
    )


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ("According to Omar Khan, the talks collapsed last week.", "the talks collapsed last week"),
        ("The talks collapsed last week, according to Omar Khan.", "The talks collapsed last week"),
    ],
)
def test_it_takes_according_to_on_either_side(body: str, text: str) -> None:
    quote = only(body)
    assert (quote.text, quote.cue, quote.speaker) == (text, "according to", "Omar Khan")


def test_a_scare_quote_is_not_a_quote() -> None:
    assert quotes_in('The so-called "reform" passed on Monday.') == []


def test_a_long_quote_with_no_attribution_has_no_speaker() -> None:
    body = "The report was blunt.\n\n“Nothing in this budget will survive the first storm.”"
    quote = only(body)
    assert (quote.kind, quote.speaker, quote.cue) == ("direct", None, None)


def test_it_takes_a_comment_signed_after_a_dash() -> None:
    body = "Readers wrote in.\n\n“We will rebuild the bridge ourselves.” ― Maria Lopez"
    quote = only(body)
    assert quote.text == "“We will rebuild the bridge ourselves.”"
    assert quote.speaker == "Maria Lopez"


def test_two_apostrophes_work_as_a_quotation_mark() -> None:
    quote = only("''Prices will keep rising,'' said Tom Reed.")
    assert quote.text == "''Prices will keep rising,''"
    assert quote.speaker == "Tom Reed"


def test_spans_point_into_the_markdown_source() -> None:
    body = "## Voices\n\n**Jane Doe** said: “It _will_ work, [eventually](https://example.org).”"
    quote = only(body)
    assert quote.text == "“It _will_ work, [eventually](https://example.org).”"


def test_a_second_cue_between_two_passages_keeps_them_apart() -> None:
    body = "“We cannot pay,” Jane Doe said, adding: “The banks have stopped lending.”"
    found = [q for q in quotes_in(body) if q.kind == "direct"]
    assert [q.text for q in found] == ["“We cannot pay,”", "“The banks have stopped lending.”"]


def test_speech_inside_a_quote_is_not_a_separate_quote() -> None:
    body = '"I told them that the road was closed," said Jane Doe.'
    assert [q.kind for q in quotes_in(body)] == ["direct"]


@pytest.mark.parametrize(
    "body",
    [
        "",
        "   \n\n  ",
        '"""""',
        "“ ” “",
        "He said “",
        "Le ministre a dit : « Nous verrons. » 😀 東京で “会議” said",
        "said said said, according to according to",
        pytest.param("\u201d\u201c" * 200, id="400-alternating-curly-marks"),
    ],
)
def test_it_never_raises(body: str) -> None:
    quotes_in(body)


def test_find_reports_where_the_speaker_is_named() -> None:
    body = "Lena Park runs the clinic. “We have no more beds,” she told reporters."
    [found] = quotes.find(nlp.read(body), [])
    assert found.speaker_start is not None and found.speaker_end is not None
    assert body[found.speaker_start : found.speaker_end] == "she"
    assert found.quote.speaker == "Lena Park"


def test_every_form_of_a_speech_verb_makes_a_sentence_worth_parsing() -> None:
    assert {"quipped", "quipping", "tweeted", "testified", "told", "writing"} <= SPEECH_VERBS
    assert needs_parse("Ruiz quipped that the bus was late.")
