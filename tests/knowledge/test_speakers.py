from __future__ import annotations

import re

from newsdesk.knowledge import names, nlp, quotes
from newsdesk.knowledge.types import Entity, EntityKind, Quote, Span


def entity(body: str, kind: EntityKind, name: str, *forms: str) -> Entity:
    """An entity as the entity extractor gives it: every occurrence of its forms, longest
    form first so "Jane Doe" is not also counted as "Doe"."""
    mentions: list[Span] = []
    for form in sorted((name, *forms), key=len, reverse=True):
        for m in re.finditer(re.escape(form), body):
            if all(m.end() <= s.start or m.start() >= s.end for s in mentions):
                mentions.append(Span(m.start(), m.end(), form))
    mentions.sort(key=lambda s: s.start)
    return Entity(key=f"{kind}:{names.key(name)}", name=name, kind=kind, mentions=mentions)


def quotes_in(body: str, entities: list[Entity]) -> list[Quote]:
    return quotes.extract(nlp.read(body), entities)


def test_she_points_back_to_the_last_person_named() -> None:
    body = "Jane Doe runs the bakery on Hill Street. “Bread costs twice what it did,” she said."
    doe = entity(body, "PERSON", "Jane Doe")
    [quote] = quotes_in(body, [doe])
    assert (quote.speaker, quote.speaker_key) == ("Jane Doe", "PERSON:jane doe")


def test_a_name_inside_a_quote_is_not_taken_for_the_pronoun() -> None:
    body = "Ana Ruiz spoke first. “Carlos Mendes is wrong about the wells,” she said."
    people = [entity(body, "PERSON", "Ana Ruiz"), entity(body, "PERSON", "Carlos Mendes")]
    [quote] = quotes_in(body, people)
    assert quote.speaker == "Ana Ruiz"


def test_the_analyst_points_back_to_the_person_described_as_one() -> None:
    body = (
        "Jane Doe, a senior analyst at the Harbor Institute, met Tom Reed, a farmer, in May. "
        "“Prices will rise before the winter,” the analyst said."
    )
    people = [entity(body, "PERSON", "Jane Doe"), entity(body, "PERSON", "Tom Reed")]
    [quote] = quotes_in(body, people)
    assert quote.speaker == "Jane Doe"
    assert (quote.role, quote.organization) == ("senior analyst", "Harbor Institute")


def test_the_ministry_points_back_to_an_organization_named_with_that_word() -> None:
    body = (
        "The Ministry of Water published its figures on Monday. Acme Corp disagreed. "
        "The ministry said that the reservoirs were half empty."
    )
    orgs = [
        entity(body, "ORG", "Ministry of Water"),
        entity(body, "ORG", "Acme Corp"),
    ]
    [quote] = quotes_in(body, orgs)
    assert quote.speaker_key == "ORG:ministry of water"


def test_a_surname_alone_resolves_to_the_full_name_without_given_entities() -> None:
    body = "Jane Doe arrived late. The vote will fail, Doe said."
    [quote] = quotes_in(body, [])
    assert (quote.speaker, quote.speaker_key) == ("Jane Doe", None)


def test_the_person_in_apposition_to_a_nominal_subject_is_the_speaker() -> None:
    body = "The spokesman for the ministry, Omar Khan, noted that exports fell."
    khan = entity(body, "PERSON", "Omar Khan")
    [quote] = quotes_in(body, [khan])
    assert quote.speaker == "Omar Khan"


def test_an_unresolved_speaker_keeps_its_words() -> None:
    [quote] = quotes_in("A local farmer said that the rains came late.", [])
    assert (quote.speaker, quote.speaker_key) == ("A local farmer", None)


def test_it_uses_the_given_entity_for_every_form_of_the_name() -> None:
    body = "Jane Doe left early. “We are done here,” Ms Doe said."
    doe = entity(body, "PERSON", "Jane Doe", "Doe")
    [quote] = quotes_in(body, [doe])
    assert quote.speaker_key == "PERSON:jane doe"


def describe(body: str, name: str, *others: Entity) -> Entity:
    person = entity(body, "PERSON", name, name.split()[-1])
    quotes_in(body, [person, *others])
    for found in person.descriptors:
        assert 0 <= found.start < found.end <= len(body)
    return person


def test_apposition_with_an_organization() -> None:
    body = "Jane Doe, a senior analyst at Some Institute, spoke first."
    [found] = describe(body, "Jane Doe").descriptors
    assert (found.role, found.organization) == ("senior analyst", "Some Institute")
    assert body[found.start : found.end] == "a senior analyst at Some Institute"


def test_apposition_after_an_age() -> None:
    [found] = describe("Tom Reed, 52, a farmer, sold his land.", "Tom Reed").descriptors
    assert (found.role, found.organization) == ("farmer", None)


def test_possessive_organization_before_the_name() -> None:
    body = "Some Institute's Jane Doe disagreed."
    institute = entity(body, "ORG", "Some Institute")
    [found] = describe(body, "Jane Doe", institute).descriptors
    assert (found.role, found.organization) == (None, "Some Institute")


def test_possessive_organization_with_a_role() -> None:
    body = "The council's spokeswoman Mia Berg declined to comment."
    council = entity(body, "ORG", "The council", "council")
    [found] = describe(body, "Mia Berg", council).descriptors
    assert found.role == "spokeswoman"


def test_who_heads_the_organization() -> None:
    body = "Lars Holm, who heads the Trade Office, was not surprised."
    [found] = describe(body, "Lars Holm").descriptors
    assert (found.role, found.organization) == ("head", "Trade Office")


def test_role_for_an_organization_before_the_name() -> None:
    body = "The talks stalled, said spokesman for the ministry Ali Reza."
    [found] = describe(body, "Ali Reza").descriptors
    assert (found.role, found.organization) == ("spokesman", "ministry")
    assert body[found.start : found.end] == "spokesman for the ministry"


def test_capitalized_title_before_the_name() -> None:
    body = "Defence Minister Jane Doe flew to the border."
    [found] = describe(body, "Jane Doe").descriptors
    assert (found.role, found.organization) == ("Defence Minister", None)


def test_a_place_in_apposition_is_not_a_role() -> None:
    assert describe("Jane Doe, the city, and the river.", "Jane Doe").descriptors == []


def test_two_different_descriptions_are_both_kept() -> None:
    body = (
        "Jane Doe, a senior analyst at Some Institute, wrote the report. "
        "Later, Doe, a director at Other Bank, said that it was wrong."
    )
    person = describe(body, "Jane Doe")
    assert [(d.role, d.organization) for d in person.descriptors] == [
        ("senior analyst", "Some Institute"),
        ("director", "Other Bank"),
    ]


def test_a_title_is_read_from_the_mention_s_own_sentence_only() -> None:
    body = "Traffic fell in May.\n\nDefence Minister Ali Reza flew in. Talks began. Ali Reza left."
    person = describe(body, "Ali Reza")
    assert [(d.role, body[d.start : d.end]) for d in person.descriptors] == [
        ("Defence Minister", "Defence Minister")
    ]


def test_apposition_before_an_acronym_in_brackets() -> None:
    body = "Jane Doe, a senior analyst at Some Institute (SI), spoke first."
    [found] = describe(body, "Jane Doe").descriptors
    assert (found.role, found.organization) == ("senior analyst", "Some Institute")


def test_plural_possessive_with_a_role_and_a_comma() -> None:
    body = "Acme Cables' chief executive, Henrik Aas, said the work was on time."
    cables = entity(body, "ORG", "Acme Cables")
    [found] = describe(body, "Henrik Aas", cables).descriptors
    assert (found.role, found.organization) == ("chief executive", "Acme Cables")


def test_an_organization_loses_its_trailing_relative_clause() -> None:
    body = "Ruth Amani, a lecturer at Lakeside College who studies water rights, was cautious."
    [found] = describe(body, "Ruth Amani").descriptors
    assert (found.role, found.organization) == ("lecturer", "Lakeside College")


def test_an_adviser_to_an_organization() -> None:
    body = "Ivo Petrov, an adviser to the Union of Beekeepers, disagreed."
    [found] = describe(body, "Ivo Petrov").descriptors
    assert (found.role, found.organization) == ("adviser", "Union of Beekeepers")


def test_a_role_with_its_own_of_phrase_before_the_organization() -> None:
    body = "Nora Lind, head of procurement at Fjord Metals, signed the order."
    [found] = describe(body, "Nora Lind").descriptors
    assert (found.role, found.organization) == ("head of procurement", "Fjord Metals")


def test_a_description_before_the_organization_name_is_dropped() -> None:
    body = "Paul Grey, an analyst at the Dublin consultancy Keel Partners in Cork, spoke."
    [found] = describe(body, "Paul Grey").descriptors
    assert (found.role, found.organization) == ("analyst", "Keel Partners")


def test_its_role_before_the_name_points_to_the_last_organization() -> None:
    body = "Harbour Freight Union called a strike. Its general secretary, Tom Vale, led it."
    union = entity(body, "ORG", "Harbour Freight Union")
    [found] = describe(body, "Tom Vale", union).descriptors
    assert (found.role, found.organization) == ("general secretary", "Harbour Freight Union")


def test_the_agency_s_role_resolves_to_the_agency_named() -> None:
    body = "The Coastal Water Agency met. The agency's chief engineer, Lea Moss, was there."
    agency = entity(body, "ORG", "Coastal Water Agency")
    [found] = describe(body, "Lea Moss", agency).descriptors
    assert (found.role, found.organization) == ("chief engineer", "Coastal Water Agency")


def test_a_possessive_name_in_apposition_is_the_organization() -> None:
    body = "Rosa Ventura, Metro Sur's director of network planning, spoke."
    [found] = describe(body, "Rosa Ventura").descriptors
    assert (found.role, found.organization) == ("director of network planning", "Metro Sur")


def test_the_describing_noun_points_back_to_the_person_with_that_job() -> None:
    body = (
        "Ana Silva, a glaciologist at the Polar Institute, measured the ice. "
        "“It is thinner every year,” the glaciologist said."
    )
    silva = entity(body, "PERSON", "Ana Silva", "Silva")
    [quote] = quotes_in(body, [silva, entity(body, "ORG", "Polar Institute")])
    assert quote.speaker == "Ana Silva"
    assert (quote.role, quote.organization) == ("glaciologist", "Polar Institute")


def test_the_role_applies_to_a_later_quote_by_surname() -> None:
    body = (
        "Owen Hale, a surveyor at Skyline Air, flew in. "
        "Hale said the runway had been too short for years."
    )
    hale = entity(body, "PERSON", "Owen Hale", "Hale")
    [quote] = quotes_in(body, [hale])
    assert (quote.speaker, quote.role, quote.organization) == (
        "Owen Hale",
        "surveyor",
        "Skyline Air",
    )


def test_a_spokesperson_for_an_organization_speaks_for_it() -> None:
    body = (
        "The Port Authority of Varna denied the report. "
        "A spokeswoman for the authority said the cranes had been inspected in May."
    )
    port = entity(body, "ORG", "Port Authority of Varna")
    [quote] = quotes_in(body, [port])
    assert quote.speaker == "A spokeswoman for the authority"
    assert quote.speaker_key == port.key
    assert (quote.role, quote.organization) == ("spokeswoman", "Port Authority of Varna")


def test_its_points_to_the_organization_opening_the_sentence_before() -> None:
    body = (
        "The Tenants' League wants the city council to cap rents. "
        "Its director, Mira Cole, said so on Monday."
    )
    league = entity(body, "ORG", "Tenants' League")
    council = entity(body, "ORG", "city council")
    [found] = describe(body, "Mira Cole", league, council).descriptors
    assert (found.role, found.organization) == ("director", "Tenants' League")


def test_a_clause_with_a_possessive_is_not_a_description() -> None:
    body = "Dan Frey, the man whose report on Kim's death will take longer, left."
    assert describe(body, "Dan Frey").descriptors == []
