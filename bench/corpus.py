"""Fill the configured database with a synthetic corpus of published articles.

    DJANGO_SETTINGS_MODULE=newsdesk.settings python -m bench.corpus --articles 10000

The text is generated from a seeded vocabulary and sentence templates (no copied prose), so the
same seed always gives the same corpus. Bodies go through the real Markdown renderer; rows are
inserted with ``bulk_create`` in batches, which sends no signals, so the page cache is
invalidated once at the end.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsdesk.publishing.models import Article, Author, Topic

YEARS = 3
AUTHORS = 20
TOPIC_NAMES = (
    "Agriculture", "Cities", "Climate", "Diplomacy", "Economy", "Elections",
    "Energy", "Health", "Migration", "Security", "Technology", "Trade",
)  # fmt: skip
FIRST_NAMES = (
    "Amara", "Bruno", "Chen", "Dalia", "Emeka", "Farah", "Goran", "Hana", "Idris", "Jonas",
    "Katya", "Lucía", "Mateo", "Nadia", "Omar", "Priya", "Rafael", "Sofia", "Tomás", "Yusuf",
)  # fmt: skip
LAST_NAMES = (
    "Achebe", "Bauer", "Castillo", "Dimitrov", "Eriksen", "Fofana", "Greco", "Haddad",
    "Ishikawa", "Jovanović", "Kowalski", "Lindqvist", "Mensah", "Novak", "Okafor", "Petrov",
    "Quinn", "Rahman", "Santos", "Tanaka",
)  # fmt: skip
SYLLABLES = ("ka", "vo", "ren", "tal", "mir", "os", "bel", "dra", "zen", "lu", "sar", "ni", "port")
SUBJECTS = (
    "the finance ministry", "regional officials", "the central bank", "opposition lawmakers",
    "small traders", "the coalition government", "aid agencies", "provincial governors",
    "the security services", "farmers' unions", "the electoral commission", "port operators",
    "city planners", "the state utility", "mid-sized manufacturers", "the courts",
)  # fmt: skip
VERBS = (
    "{has} tightened {its} grip on", "{is} quietly rethinking", "continue{s} to underestimate",
    "{has} struggled to contain", "moved to expand", "{has} yet to address", "now depend{s} on",
    "{is} betting heavily on", "{has} repeatedly delayed", "{is} trying to renegotiate",
    "{has} benefited from", "{is} losing patience with", "{has} little control over",
)  # fmt: skip
SINGULAR = {"has": "has", "is": "is", "its": "its", "s": "s"}
PLURAL = {"has": "have", "is": "are", "its": "their", "s": ""}
OBJECTS = (
    "fuel subsidies", "the grain corridor", "cross-border trade", "informal lending",
    "water rights along the river", "the new tariff regime", "port capacity", "rural credit",
    "public-sector wages", "the housing backlog", "electricity imports", "the border crossings",
    "seasonal labour", "municipal bonds", "the fertiliser supply", "emergency powers",
    "the vaccine programme", "mobile payments", "coastal defences", "the pension fund",
)  # fmt: skip
CLAUSES = (
    "after months of delay", "despite warnings from {org}",
    "according to figures released in {month}", "while prices rose {n} per cent",
    "as the {season} harvest approached", "ahead of the vote", "under pressure from {org}",
    "in a budget that few expected to pass", "since the {year} reforms",
)  # fmt: skip
CONSEQUENCES = (
    "few outside {place} have noticed", "could reshape the next budget", "worries lenders",
    "leaves {n} thousand households exposed", "has split the ruling party", "markets shrugged off",
    "will be hard to reverse", "echoes the crisis of {year}",
)  # fmt: skip
TRANSITIONS = (
    "Even so", "For now", "In practice", "At the same time", "Behind the numbers",
    "Put simply", "Meanwhile", "On paper", "Above all", "Still",
)  # fmt: skip
ROLES = ("a senior analyst", "an economist", "a former minister", "a researcher", "a trader")
QUOTES = (
    "Nobody planned for this, and now everybody is paying for it",
    "The numbers look better than the reality on the ground",
    "We have been warning about {object} for years",
    "It is a political decision dressed up as a technical one",
    "If {object} fails, the rest of the plan goes with it",
)  # fmt: skip
HEADINGS = (
    "What changed in {place}", "The cost of {object}", "Who gains and who loses",
    "Why {object} matters", "What comes next", "The numbers behind {object}",
    "A fragile consensus", "The view from {place}", "Old problems, new money",
    "Lessons from {year}",
)  # fmt: skip
TITLES = (
    "Why {object} is reshaping {place}", "The quiet fight over {object} in {place}",
    "{Place}'s {bare} problem", "How {subject} lost the argument on {object}",
    "{Object}: what the figures from {place} really show", "Inside the gamble on {object}",
)  # fmt: skip
MONTHS = ("January", "March", "May", "June", "August", "October", "November")
SEASONS = ("spring", "summer", "autumn", "winter")


class TextGenerator:
    """Analysis-journalism-shaped Markdown from a seeded random source."""

    def __init__(self, rng: random.Random, places: Sequence[str], people: Sequence[str]) -> None:
        self.rng = rng
        self.places = places
        self.people = people

    def fill(self, template: str) -> str:
        pick = self.rng.choice
        place = pick(self.places)
        obj = pick(OBJECTS)
        return template.format(
            place=place, Place=place, object=obj, Object=obj[:1].upper() + obj[1:],
            bare=obj.removeprefix("the "),
            subject=pick(SUBJECTS), org=f"the {pick(self.places)} Institute",
            month=pick(MONTHS), season=pick(SEASONS), year=self.rng.randint(2008, 2022),
            n=self.rng.randint(3, 60),
        )  # fmt: skip

    def sentence(self) -> str:
        rng = self.rng
        kind = rng.random()
        if kind < 0.12:
            quote = self.fill(rng.choice(QUOTES))
            return f"“{quote},” said {rng.choice(self.people)}, {rng.choice(ROLES)}."
        subject, verb = self.subject_and_verb()
        obj = rng.choice(OBJECTS)
        if rng.random() < 0.06:
            obj = f"**{obj}**"
        elif rng.random() < 0.04:
            obj = f"[{obj}](https://example.org/reports/{rng.randint(100, 999)})"
        clause = self.fill(rng.choice(CLAUSES))
        if kind < 0.45:
            text = f"{subject} {verb} {obj} {clause}"
        elif kind < 0.75:
            consequence = self.fill(rng.choice(CONSEQUENCES))
            text = f"In {rng.choice(self.places)}, {subject} {verb} {obj}, "
            text += f"a shift that {consequence}"
        else:
            text = f"{rng.choice(TRANSITIONS)}, {subject} {verb} {obj} {clause}"
        return text[:1].upper() + text[1:] + "."

    def subject_and_verb(self) -> tuple[str, str]:
        subject = self.rng.choice(SUBJECTS)
        forms = PLURAL if subject.endswith("s") else SINGULAR  # every plural subject ends in s
        return subject, self.rng.choice(VERBS).format(**forms)

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(3, 5)))

    def bullet_list(self) -> str:
        items = self.rng.sample(OBJECTS, self.rng.randint(3, 5))
        return "\n".join(f"- {self.fill('{Object}')}: {item}" for item in items)

    def section(self, heading: str) -> str:
        parts = [f"## {self.fill(heading)}"]
        parts += [self.paragraph() for _ in range(self.rng.randint(2, 3))]
        if self.rng.random() < 0.25:
            parts.insert(2, self.bullet_list())
        return "\n\n".join(parts)

    def body(self) -> str:
        lede = [self.paragraph() for _ in range(self.rng.randint(1, 2))]
        headings = self.rng.sample(HEADINGS, self.rng.randint(4, 5))
        sections = [self.section(heading) for heading in headings]
        return "\n\n".join(lede + sections) + "\n"

    def title(self) -> str:
        return self.fill(self.rng.choice(TITLES))

    def dek(self) -> str:
        return self.sentence()


def place_names(rng: random.Random, count: int = 40) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
        names.add(word.capitalize())
    return sorted(names)


def ensure_authors_and_topics(rng: random.Random) -> tuple[list[Author], list[Topic]]:
    from newsdesk.lib.text import slugify
    from newsdesk.publishing.models import Author, Topic

    names = [f"{first} {last}" for first, last in zip(FIRST_NAMES, LAST_NAMES, strict=True)]
    rng.shuffle(names)
    for name in names[:AUTHORS]:
        Author.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "bio": f"{name} writes for the desk."}
        )
    for name in TOPIC_NAMES:
        Topic.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    return list(Author.objects.order_by("id")), list(Topic.objects.order_by("id"))


def make_article(gen: TextGenerator, index: int, now: datetime) -> Article:
    from newsdesk.lib.text import slugify
    from newsdesk.publishing.models import Article
    from newsdesk.publishing.services import article_render

    rng = gen.rng
    title = gen.title()
    published_at = now - timedelta(seconds=rng.randint(60, YEARS * 365 * 86400))
    updated = published_at + timedelta(days=rng.randint(1, 30)) if rng.random() < 0.1 else None
    article = Article(
        title=title,
        slug=f"{slugify(title, max_length=70)}-{index}",
        dek=gen.dek(),
        body=gen.body(),
        status=Article.Status.PUBLISHED,
        published_at=published_at,
        content_updated_at=updated if updated and updated < now else None,
        featured=rng.random() < 0.01,
    )
    article_render(article=article)
    return article


def insert_batch(
    articles: list[Article], rng: random.Random, authors: list[Author], topics: list[Topic]
) -> None:
    from django.db import transaction

    from newsdesk.publishing.models import Article, ArticleAuthor

    topic_link = Article.topics.through
    with transaction.atomic():
        created = Article.objects.bulk_create(articles)
        bylines: list[ArticleAuthor] = []
        tags = []
        for article in created:
            for position, author in enumerate(rng.sample(authors, rng.choice((1, 1, 1, 2)))):
                bylines.append(ArticleAuthor(article=article, author=author, position=position))
            for topic in rng.sample(topics, rng.randint(1, 3)):
                tags.append(topic_link(article_id=article.pk, topic_id=topic.pk))
        ArticleAuthor.objects.bulk_create(bylines)
        topic_link.objects.bulk_create(tags)


def reset() -> None:
    from django.db import transaction

    from newsdesk.publishing.models import Article, ArticleAuthor, Author, Topic

    with transaction.atomic():
        Article.topics.through.objects.all().delete()
        ArticleAuthor.objects.all().delete()
        Article.objects.all().delete()
        Author.objects.all().delete()
        Topic.objects.all().delete()


def generate(count: int, *, seed: int, batch_size: int) -> None:
    from django.utils import timezone

    from newsdesk.publishing.pagecache import invalidate

    rng = random.Random(seed)
    authors, topics = ensure_authors_and_topics(rng)
    gen = TextGenerator(rng, place_names(rng), [a.name for a in authors] + ["Lena Marsh"])
    now = timezone.now().replace(microsecond=0)
    started = time.perf_counter()
    words = 0
    for start in range(0, count, batch_size):
        batch = [
            make_article(gen, i + 1, now) for i in range(start, min(count, start + batch_size))
        ]
        words += sum(a.word_count for a in batch)
        insert_batch(batch, rng, authors, topics)
        done = start + len(batch)
        rate = done / (time.perf_counter() - started)
        print(f"corpus: {done:>6}/{count} articles ({rate:,.0f}/s)", flush=True)
    invalidate()
    elapsed = time.perf_counter() - started
    print(f"corpus: {count} articles, {words / max(count, 1):.0f} words on average, {elapsed:.1f}s")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.corpus", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--articles", type=int, default=10_000, help="how many (default 10000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--reset", action="store_true", help="delete all content first")
    parser.add_argument(
        "--reuse", action="store_true",
        help="exit successfully when the database already holds exactly --articles published",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.articles < 1 or args.batch_size < 1:
        parser.error("--articles and --batch-size must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    import django
    from django.core.management import call_command

    django.setup()
    from newsdesk.publishing.models import Article

    call_command("migrate", interactive=False, verbosity=0)
    existing = Article.objects.count()
    if existing and args.reuse and Article.objects.published().count() == args.articles == existing:
        print(f"corpus: reusing the {existing} published articles already there")
        return 0
    if existing and not args.reset:
        print(
            f"corpus: the database already holds {existing} articles; pass --reset to replace them"
        )
        return 1
    if existing:
        print(f"corpus: deleting {existing} articles, their authors and topics")
        reset()
    generate(args.articles, seed=args.seed, batch_size=args.batch_size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
