"""What readers see of the knowledge layer: article sections, entity pages, directories."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from newsdesk.knowledge.models import Entity
from newsdesk.knowledge.signals import extracted
from newsdesk.publishing import services
from newsdesk.publishing.models import Article
from tests.conftest import MakeArticle
from tests.knowledge import rows

pytestmark = pytest.mark.django_db
NOW = timezone.now()

BODY = (
    "## The queue\n\n"
    "Output fell from 48 units a quarter in 2023 to 12 in 2024, the ministry said. "
    "\u201cThe grid is the bottleneck,\u201d said Jane Doe, a senior analyst at Grid Watch.\n\n"
    "Doe noted that the **backlog** would last until 2030. On 8 December 2024 the regulator "
    "published its first queue report.\n\n"
    "In November 2024 the ministry promised 63 new connections a month."
)


def html_of(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def section(html: str, title_id: str) -> str:
    match = re.search(rf'<section[^>]*aria-labelledby="{title_id}".*?</section>', html, re.S)
    assert match, f"no section {title_id}"
    return match.group(0)


@pytest.fixture
def analysed(make_article: MakeArticle) -> tuple[Article, Entity]:
    article = make_article(title="The grid queue", slug="grid-queue", body=BODY)
    doe = rows.entity("Jane Doe", "PERSON", "Doe")
    rows.mention(article, doe, role="senior analyst", organization="Grid Watch")
    rows.quote(
        article,
        doe,
        "\u201cThe grid is the bottleneck,\u201d",
        role="senior analyst",
        organization="Grid Watch",
    )
    rows.quote(article, doe, "that the **backlog** would last until 2030", kind="indirect")
    rows.quote(article, None, "an unattributed remark")
    rows.figure(
        article,
        "48 units a quarter in 2023 to 12 in 2024",
        12,
        "units",
        per="quarter",
        period="2024",
        previous=48,
        previous_period="2023",
    )
    rows.figure(article, "63 new connections a month", 63, "new connections", per="month")
    rows.event(article, "2024-12-08", "On 8 December 2024 the regulator published its first")
    rows.event(article, "2024-11", "In November 2024 the ministry promised 63 new connections", doe)
    rows.event(article, "2030", "Doe noted that the **backlog** would last until 2030.", doe)
    return article, doe


def test_the_article_shows_voices_figures_and_timeline(
    client: Client, analysed: tuple[Article, Entity]
) -> None:
    article, doe = analysed
    html = html_of(client, article.get_absolute_url())
    voices = section(html, "voices-title")
    assert "Voices in this analysis" in voices
    assert f'<a href="{doe.get_absolute_url()}">Jane Doe</a>' in voices
    assert "senior analyst, Grid Watch" in voices
    assert "\u201cThe grid is the bottleneck,\u201d" in voices  # one pair of marks, not two
    assert "that the backlog would last until 2030" in voices  # indirect, markup dropped
    assert "(reported)" in voices
    assert 'href="#:~:text=' in voices
    assert "unattributed" not in html
    figures = section(html, "figures-title")
    assert "12 units" in figures and "per quarter" in figures
    assert "from 48 in 2023 to 12 in 2024" in figures
    assert (
        "Output fell from 48 units a quarter in 2023 to 12 in 2024, the ministry said." in figures
    )
    timeline = section(html, "timeline-title")
    dates = re.findall(r'<time datetime="([^"]+)">([^<]+)</time>', timeline)
    assert dates == [
        ("2024-11", "November 2024"),
        ("2024-12-08", "8 December 2024"),
        ("2030", "2030"),
    ]
    # After the body, before related articles.
    assert html.index('class="prose"') < html.index("Voices in this analysis")


def test_the_article_has_no_sections_without_rows(
    client: Client, make_article: MakeArticle
) -> None:
    html = html_of(client, make_article().get_absolute_url())
    for heading in ("Voices in this analysis", "Key figures", "Timeline"):
        assert heading not in html


@override_settings(PAGE_CACHE_SECONDS=0)
def test_the_article_page_stays_within_eight_queries_with_sections(
    client: Client,
    analysed: tuple[Article, Entity],
    make_article: MakeArticle,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    for n in range(4):
        make_article(title=f"Neighbour {n}")
    with django_assert_max_num_queries(8):
        html = html_of(client, analysed[0].get_absolute_url())
    assert "Key figures" in html and "Voices in this analysis" in html


def test_the_entity_page_shows_roles_quotes_articles_and_timeline(
    client: Client, analysed: tuple[Article, Entity], make_article: MakeArticle
) -> None:
    _, doe = analysed
    later = make_article(
        title="A later look", slug="later-look", body="Doe said it again.", published_at=NOW
    )
    rows.mention(later, doe, role="director", organization="Grid Watch")
    rows.quote(later, doe, "it again", kind="indirect")
    html = html_of(client, "/entities/jane-doe/")
    assert "<h1>Jane Doe</h1>" in html
    assert "Person" in html
    assert "Also named: Doe" in html
    roles = section(html, "roles-title")
    assert roles.index("senior analyst, Grid Watch") < roles.index("director, Grid Watch")
    quotes = section(html, "quotes-title")
    assert quotes.index("it again") < quotes.index("The grid is the bottleneck")  # newest first
    assert 'href="/articles/grid-queue/#:~:text=' in quotes
    assert "unattributed" not in quotes
    articles = section(html, "articles-title")
    assert articles.index("A later look") < articles.index("The grid queue")
    timeline = section(html, "timeline-title")
    assert "November 2024" in timeline and "2030" in timeline
    assert "8 December 2024" not in timeline  # that event does not name her
    assert 'href="/articles/grid-queue/"' in timeline


def test_draft_articles_never_appear_and_a_draft_only_entity_is_not_found(
    client: Client, analysed: tuple[Article, Entity], make_article: MakeArticle
) -> None:
    _, doe = analysed
    draft = make_article(title="Secret draft", status=Article.Status.DRAFT, body="Doe: secret.")
    rows.mention(draft, doe)
    rows.quote(draft, doe, "secret")
    rows.event(draft, "2031", "secret", doe)
    html = html_of(client, doe.get_absolute_url())
    assert "Secret draft" not in html and "secret" not in html.lower().replace("secretary", "")
    assert "Named in 1 analysis" in html
    hidden = rows.entity("Only In Drafts", "ORG")
    rows.mention(draft, hidden)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert "Only In Drafts" not in html_of(client, "/entities/organizations/")


def test_unpublishing_hides_the_entity(
    client: Client, analysed: tuple[Article, Entity], django_capture_on_commit_callbacks: Any
) -> None:
    article, doe = analysed
    with django_capture_on_commit_callbacks(execute=True):
        services.article_unpublish(article=article, user=None)
    assert client.get(doe.get_absolute_url()).status_code == 404


def test_a_merged_entity_redirects_to_the_survivor(
    client: Client, analysed: tuple[Article, Entity]
) -> None:
    _, doe = analysed
    rows.entity("J. Doe", "PERSON", slug="j-doe", merged_into=doe)
    response = client.get("/entities/j-doe/")
    assert response.status_code == 301
    assert response["Location"] == "/entities/jane-doe/"


def test_a_merge_cycle_still_answers(client: Client, db: None) -> None:
    a = rows.entity("Alpha", "ORG")
    b = rows.entity("Beta", "ORG", merged_into=a)
    Entity.objects.filter(pk=a.pk).update(merged_into=b)
    assert client.get("/entities/alpha/").status_code in {301, 404}


def test_an_unknown_entity_is_the_sites_404(client: Client, db: None) -> None:
    response = client.get("/entities/nobody-at-all/")
    assert response.status_code == 404
    assert "We couldn\u2019t find that page" in response.content.decode()


def test_the_entity_page_paginates_articles_by_twenty(
    client: Client, make_article: MakeArticle
) -> None:
    org = rows.entity("Grid Watch", "ORG", "GW")
    for n in range(23):
        rows.mention(make_article(title=f"Grid piece {n}"), org)
    first = html_of(client, org.get_absolute_url())
    assert first.count('class="card"') == 20
    assert "Page 1 of 2" in first
    assert html_of(client, org.get_absolute_url() + "?page=2").count('class="card"') == 3
    assert client.get(org.get_absolute_url() + "?page=3").status_code == 404
    assert client.get(org.get_absolute_url() + "?page=x").status_code == 404


def test_the_overview_lists_each_kind_most_covered_first(
    client: Client, make_article: MakeArticle
) -> None:
    one, two = make_article(), make_article()
    doe, roe = rows.entity("Jane Doe"), rows.entity("Rob Roe")
    rows.mention(one, doe)
    rows.mention(one, roe)
    rows.mention(two, roe)
    rows.mention(one, rows.entity("Paris", "PLACE"))
    html = html_of(client, "/entities/")
    people = section(html, "dir-people")
    assert people.index("Rob Roe") < people.index("Jane Doe")
    assert "2 analyses" in people
    assert "Paris" in section(html, "dir-places")
    assert 'id="dir-groups"' not in html  # no group named yet
    assert 'href="/entities/"' in html_of(client, "/")  # linked from every page


def test_directories_filter_by_name_and_paginate(client: Client, make_article: MakeArticle) -> None:
    article = make_article()
    for n in range(55):
        rows.mention(article, rows.entity(f"Agency {n:02d}", "ORG"))
    rows.mention(article, rows.entity("International Energy Agency", "ORG", "IEA"))
    first = html_of(client, "/entities/organizations/")
    listed = re.search(r'<ul class="entity-list">.*?</ul>', first, re.S)
    assert listed and listed.group(0).count("<li>") == 50
    assert "Page 1 of 2" in first
    found = html_of(client, "/entities/organizations/?q=iea")  # an alias matches
    assert "International Energy Agency" in found and "Agency 01" not in found
    assert "1 matching organizations" in found
    nothing = html_of(client, "/entities/organizations/?q=zzz%00")
    assert "No organizations match" in nothing
    assert client.get("/entities/organizations/?page=9").status_code == 404
    assert "No people named" in html_of(client, "/entities/people/")


def test_extraction_clears_cached_pages(
    client: Client, analysed: tuple[Article, Entity], django_capture_on_commit_callbacks: Any
) -> None:
    article, _ = analysed
    assert "Grid Watch" not in html_of(client, "/entities/organizations/")
    rows.mention(article, rows.entity("Grid Watch", "ORG"))
    assert "Grid Watch" not in html_of(client, "/entities/organizations/")  # still cached
    with django_capture_on_commit_callbacks(execute=True):
        extracted.send(sender=None, article_id=article.pk)
    assert "Grid Watch" in html_of(client, "/entities/organizations/")


def test_entity_pages_are_in_the_sitemap(client: Client, analysed: tuple[Article, Entity]) -> None:
    assert "sitemap-entities.xml" in html_of(client, "/sitemap.xml")
    assert "/entities/jane-doe/" in html_of(client, "/sitemap-entities.xml")


def test_renaming_an_entity_refreshes_its_cached_page(
    client: Client, analysed: tuple[Article, Entity], django_capture_on_commit_callbacks: Any
) -> None:
    _, doe = analysed
    assert "Jane Doe" in html_of(client, doe.get_absolute_url())  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        doe.name = "Jane Q. Doe"
        doe.save()
    assert "Jane Q. Doe" in html_of(client, doe.get_absolute_url())
