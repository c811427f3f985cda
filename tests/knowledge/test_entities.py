from __future__ import annotations

import re

import pytest

from newsdesk.knowledge import entities, nlp
from newsdesk.knowledge.entities_match import Matcher
from newsdesk.knowledge.types import Entity


def extract(body: str) -> list[Entity]:
    return entities.extract(nlp.read(body))


def labelled(body: str, *labels: tuple[str, str]) -> list[Entity]:
    """Extract with spaCy's labels replaced by ``labels`` ((label, text) in the order of the
    text), so a rule is tested against the label error it is there for."""
    text = nlp.read(body)
    spans: list[nlp.Entity] = []
    end = 0
    for label, name in labels:
        found = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)").search(body, end)
        assert found is not None, name
        end = found.end()
        spans.append(nlp.Entity(label, found.start(), end, name))
    for sentence in text.sentences:
        sentence.entities = [e for e in spans if sentence.start <= e.start < sentence.end]
    return entities.extract(text)


def by_name(found: list[Entity]) -> dict[str, Entity]:
    return {e.name: e for e in found}


def mention_texts(entity: Entity) -> list[str]:
    return [m.text for m in entity.mentions]


def test_a_full_name_its_surname_title_and_possessive_are_one_person() -> None:
    found = extract(
        "Jane Doe has run the port authority's survey since 2019. Ms Doe said the survey "
        "would continue. Critics of Doe's method were few."
    )
    people = [e for e in found if e.kind == "PERSON"]
    assert len(people) == 1
    doe = people[0]
    assert (doe.name, doe.key, doe.aliases) == ("Jane Doe", "PERSON:jane doe", [])
    assert mention_texts(doe) == ["Jane Doe", "Doe", "Doe"]


def test_it_strips_office_titles_from_names() -> None:
    found = extract(
        "President Amara Okafor opened the session. Later, Foreign Minister Tomas Lindqvist "
        "met Dr. Okafor in the capital."
    )
    people = by_name([e for e in found if e.kind == "PERSON"])
    assert set(people) == {"Amara Okafor", "Tomas Lindqvist"}
    assert mention_texts(people["Amara Okafor"]) == ["Amara Okafor", "Okafor"]


def test_a_shared_surname_joins_the_nearest_preceding_person() -> None:
    found = extract(
        "Peter Varga and his sister Ilona Varga both testified on Monday. Peter Varga spoke "
        "first. Varga said the report was late. Ilona Varga disagreed, and Varga added that "
        "the delay was deliberate."
    )
    people = by_name(found)
    assert mention_texts(people["Peter Varga"]) == ["Peter Varga", "Peter Varga", "Varga"]
    assert mention_texts(people["Ilona Varga"]) == ["Ilona Varga", "Ilona Varga", "Varga"]


def test_a_first_name_alone_joins_the_full_name() -> None:
    found = extract("Rosa Delgado ran the count in Lisbon. Everyone trusted Rosa.")
    assert mention_texts(by_name(found)["Rosa Delgado"]) == ["Rosa Delgado", "Rosa"]


def test_a_surname_keeps_its_particles() -> None:
    found = extract(
        "Marieke van der Berg runs the canal authority. Critics say van der Berg moved too "
        "slowly, but Van der Berg disagrees."
    )
    people = [e for e in found if e.kind == "PERSON"]
    assert [(e.name, e.aliases, mention_texts(e)) for e in people] == [
        ("Marieke van der Berg", [], ["Marieke van der Berg", "van der Berg", "Van der Berg"])
    ]


def test_an_acronym_declared_in_brackets_is_an_alias() -> None:
    found = extract(
        "The International Energy Agency (IEA) cut its forecast on Tuesday. Analysts said "
        "the IEA had been too optimistic for years."
    )
    iea = by_name(found)["International Energy Agency"]
    assert (iea.kind, iea.aliases) == ("ORG", ["IEA"])
    assert mention_texts(iea) == ["International Energy Agency", "IEA", "IEA"]


def test_an_acronym_matching_the_initials_of_a_name_elsewhere_is_an_alias() -> None:
    found = labelled(
        "The Northern Fisheries Council met in March. Two weeks later the NFC voted to close "
        "the bay.",
        ("ORG", "Northern Fisheries Council"),
        ("ORG", "NFC"),
    )
    assert [(e.name, e.aliases, len(e.mentions)) for e in found] == [
        ("Northern Fisheries Council", ["NFC"], 2)
    ]


def test_a_name_known_as_a_person_is_a_person_whatever_its_label() -> None:
    found = labelled(
        "Ana Novak leads the inquiry. Novak told the committee it would take a year.",
        ("PERSON", "Ana Novak"),
        ("ORG", "Novak"),
    )
    assert [(e.key, mention_texts(e)) for e in found] == [
        ("PERSON:ana novak", ["Ana Novak", "Novak"])
    ]


def test_the_majority_label_decides_the_kind() -> None:
    found = labelled(
        "Kestrel shipped the parts. Kestrel later sold them. Kestrel never said why.",
        ("ORG", "Kestrel"),
        ("PERSON", "Kestrel"),
        ("ORG", "Kestrel"),
    )
    assert [(e.key, len(e.mentions)) for e in found] == [("ORG:kestrel", 3)]


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("ORG", "state"),  # one lower-case word
        ("DATE", "Tuesday"),  # not a name label at all
        ("PERSON", "September"),  # a month
        ("ORG", "1995"),  # a number
        ("ORG", "Vote Early"),  # a quoted slogan
        ("GPE", "MARSHLANDS"),  # an ALL-CAPS label seen nowhere else
    ],
)
def test_it_drops_what_is_not_a_name(label: str, name: str) -> None:
    body = (
        "BRIEFING. In September the state said the 1995 plan was called “Vote Early” and "
        f"MARSHLANDS — {name}."
    )
    found = labelled(body, (label, name))
    assert found == []


def test_a_shouted_dateline_counts_when_the_name_appears_normally() -> None:
    body = "OSTRAVA — Officials in Ostrava said the mine would close."
    found = labelled(body, ("GPE", "OSTRAVA"), ("GPE", "Ostrava"))
    assert [(e.name, mention_texts(e)) for e in found] == [("Ostrava", ["OSTRAVA", "Ostrava"])]


def test_an_organization_without_its_designator_is_the_same_organization() -> None:
    found = labelled(
        "Students at Calloway University protested. Calloway said nothing.",
        ("ORG", "Calloway University"),
        ("ORG", "Calloway"),
    )
    assert [(e.name, e.aliases, len(e.mentions)) for e in found] == [
        ("Calloway University", ["Calloway"], 2)
    ]


def test_a_group_singular_and_plural_are_one() -> None:
    found = labelled(
        "Estonians voted early. One Estonian official said turnout was high.",
        ("NORP", "Estonians"),
        ("NORP", "Estonian"),
    )
    assert [(e.kind, e.name, e.aliases, len(e.mentions)) for e in found] == [
        ("GROUP", "Estonians", [], 2)
    ]


def test_a_full_name_tagged_in_pieces_becomes_one_mention() -> None:
    found = labelled(
        "Ilona Varga chairs the panel. On Friday Ilona Varga resigned.",
        ("PERSON", "Ilona Varga"),
        ("NORP", "Ilona"),
        ("ORG", "Varga"),
    )
    assert [(e.name, e.kind, mention_texts(e)) for e in found] == [
        ("Ilona Varga", "PERSON", ["Ilona Varga", "Ilona Varga"])
    ]


def test_a_span_run_across_a_possessive_is_cut_at_a_known_person() -> None:
    found = labelled(
        "Omar Saleh wrote the plan. Saleh's Harbour Strategy was adopted.",
        ("PERSON", "Omar Saleh"),
        ("ORG", "Saleh's Harbour Strategy"),
    )
    assert [(e.name, e.kind, mention_texts(e)) for e in found] == [
        ("Omar Saleh", "PERSON", ["Omar Saleh", "Saleh"]),
        ("Harbour Strategy", "ORG", ["Harbour Strategy"]),
    ]


def test_a_description_only_people_get_makes_a_person() -> None:
    found = labelled(
        "“Prices will fall,” said Tove Lindahl, a market analyst at Nordkraft. Separately, "
        "the Harbour Institute's Piet Smit disagreed.",
        ("ORG", "Tove Lindahl"),
        ("ORG", "Nordkraft"),
        ("ORG", "Harbour Institute"),
        ("ORG", "Piet Smit"),
    )
    assert [(e.name, e.kind) for e in found] == [
        ("Tove Lindahl", "PERSON"),
        ("Nordkraft", "ORG"),
        ("Harbour Institute", "ORG"),
        ("Piet Smit", "PERSON"),
    ]


def test_the_words_of_a_name_can_decide_its_kind() -> None:
    found = labelled(
        "Vessels crossing Mirren Lake pay the Ministry of Ports, and Kelso Freight pays most. "
        "Traders in Ostrava agree.",
        ("PERSON", "Mirren Lake"),
        ("PERSON", "Ministry of Ports"),
        ("PERSON", "Kelso Freight"),
        ("PERSON", "Ostrava"),
    )
    assert [(e.name, e.kind) for e in found] == [
        ("Mirren Lake", "PLACE"),
        ("Ministry of Ports", "ORG"),
        ("Kelso Freight", "ORG"),
        ("Ostrava", "PLACE"),
    ]


def test_a_capitalized_first_word_used_as_a_common_word_is_no_name() -> None:
    found = labelled(
        "Turnout fell to a record low. Officials blamed the rain for the low turnout.",
        ("PERSON", "Turnout"),
    )
    assert found == []


def test_it_finds_a_surname_spacy_missed() -> None:
    found = labelled(
        "Marta Kowalczyk chairs the board. The board follows Kowalczyk on most things.",
        ("PERSON", "Marta Kowalczyk"),
    )
    assert mention_texts(found[0]) == ["Marta Kowalczyk", "Kowalczyk"]


def test_it_does_not_take_a_surname_out_of_a_longer_name() -> None:
    found = labelled(
        "Hugo Brandt founded the firm. The Brandt Foundation funds it today.",
        ("PERSON", "Hugo Brandt"),
    )
    assert mention_texts(found[0]) == ["Hugo Brandt"]


def test_it_ignores_labels_in_a_headline_cased_sentence_unless_confirmed() -> None:
    found = labelled(
        "Why Harbor Pilots Fear The Coming Storm Season For Lena Moss\n\n"
        "Lena Moss has piloted ships for decades. Moss expects a hard season.",
        ("ORG", "Harbor Pilots"),
        ("PERSON", "Lena Moss"),
        ("PERSON", "Lena Moss"),
        ("PERSON", "Moss"),
    )
    assert [(e.name, len(e.mentions)) for e in found] == [("Lena Moss", 3)]


def test_entities_come_in_order_of_first_mention() -> None:
    found = labelled(
        "Oslo hosted the talks. The World Bank sent observers, and Nadia Haddad led them.",
        ("GPE", "Oslo"),
        ("ORG", "The World Bank"),
        ("PERSON", "Nadia Haddad"),
    )
    assert [e.name for e in found] == ["Oslo", "World Bank", "Nadia Haddad"]
    assert [e.kind for e in found] == ["PLACE", "ORG", "PERSON"]


MARKDOWN = """## Who runs the *port*

[Jane Doe](https://example.org/doe "profile"), head of the **Baltic Shipping Authority**,
said the port would reopen. Doe's deputy, _Karl Ems_, disagreed.

> “We are not ready,” said Ems.

- The [Baltic Shipping Authority](https://example.org/bsa) publishes its figures monthly.
"""


def test_every_mention_is_cut_exactly_from_the_markdown_body() -> None:
    found = extract(MARKDOWN)
    assert found
    for entity in found:
        for mention in entity.mentions:
            assert MARKDOWN[mention.start : mention.end] == mention.text
            assert "\n" not in mention.text


def test_it_reads_names_through_links_and_emphasis() -> None:
    found = by_name(extract(MARKDOWN))
    assert mention_texts(found["Jane Doe"]) == ["Jane Doe", "Doe"]
    assert mention_texts(found["Karl Ems"]) == ["Karl Ems", "Ems"]
    assert mention_texts(found["Baltic Shipping Authority"]) == ["Baltic Shipping Authority"] * 2


@pytest.mark.parametrize(
    "body",
    [
        "",
        "   \n\n",
        "😀🔥 北京 مرحبا Ж — Jane Doe 😀 said. “Unclosed",
        "((((IEA) (( ’s ’s the The THE Mr. Ms. Dr.",
        "Mr.\n\nMs Doe's\n\nthe\n\n(A)",
        "Jane Doe. " * 3000,
    ],
)
def test_it_never_raises(body: str) -> None:
    for entity in extract(body):
        assert all(body[m.start : m.end] == m.text for m in entity.mentions)


def test_the_matcher_finds_whole_names_longest_first() -> None:
    prose = "(Doe's) Jane\nDoe met Doe-Smith, the Doe Fund and Jane Doe."
    matcher = Matcher(["Doe", "Jane Doe", "Doe Fund"])
    found = [prose[s:e] for s, e, _ in matcher.finditer(prose, 0, len(prose))]
    assert found == ["Doe", "Jane\nDoe", "Doe Fund", "Jane Doe"]
