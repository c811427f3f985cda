"""Proposed speed-ups of code outside bench/, applied as patches inside benchmark processes only.

They size a fix before anyone makes it: `bench.profile_article` applies them in process, and
`bench.http_bench --alt whatif:WxT` serves ``bench.whatif:application`` (gunicorn sync workers),
with the fixes named in NEWSDESK_BENCH_WHATIF (comma-separated; default: DEFAULT).

- nav-exists: the topic navigation asks "has a live article?" with EXISTS per topic instead of
  counting every live article of every topic (newsdesk.publishing.selectors.topics_with_articles).
- conn-reuse: keep the SQLite connection between requests (CONN_MAX_AGE) instead of opening it
  and running four PRAGMAs on every request (newsdesk.lib.env.database_config).
- nav-cached: the topic list is kept in process memory until the page-cache generation changes
  (newsdesk.theme.context_processors.site), so most pages run no query for it at all.
- fast-urls: get_absolute_url of Article, Topic and Author fills the slug into a prefix reversed
  once, instead of calling reverse() about 35 times per article page (publishing/models.py).
- related-newest: related articles are the newest live ones sharing a topic, walked down the
  listing index, instead of ranking every article of those topics by topics shared
  (newsdesk.publishing.selectors; since discovery.related stores the lists, this is only the
  fallback for an article whose list is not computed yet).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsdesk.publishing.models import Article, Topic

Undo = Callable[[], None]
FIXES = ("nav-exists", "conn-reuse", "nav-cached", "fast-urls", "related-newest")
DEFAULT = ("nav-exists", "conn-reuse")
PROPOSED = ("nav-exists", "conn-reuse", "nav-cached", "fast-urls")


def nav_topics_exists() -> list[Topic]:
    from django.db.models import Exists, OuterRef

    from newsdesk.publishing.models import Article, Topic

    live = Article.objects.published().filter(topics=OuterRef("pk"))
    return list(Topic.objects.filter(Exists(live)).order_by("name"))


def related_newest(article: Article, limit: int = 4) -> list[Any]:
    from newsdesk.publishing import selectors
    from newsdesk.publishing.models import Article

    topic_ids = [topic.pk for topic in article.topics.all()]
    if not topic_ids:
        return []
    found = list(
        Article.objects.published()
        .filter(topics__in=topic_ids)
        .exclude(pk=article.pk)
        .only("title", "slug", "dek", "published_at")
        .order_by("-published_at", "-id")
        .distinct()[:limit]
    )
    # The page takes plain articles, or wrappers with a reason once discovery.related is in.
    wrap = getattr(selectors, "RelatedArticle", None)
    return [wrap(item) for item in found] if wrap else found


def _undo_all(undos: list[Undo]) -> Undo:
    def undo() -> None:
        for one in reversed(undos):
            one()

    return undo


def _replace(owner: Any, name: str, value: Any) -> Undo:
    original = getattr(owner, name)
    setattr(owner, name, value)
    return lambda: setattr(owner, name, original)


def _patch_nav(source: Callable[[], list[Topic]], cached: bool) -> Undo:
    from newsdesk.publishing.pagecache import current_generation
    from newsdesk.theme import context_processors

    memo: dict[str, list[Topic]] = {}

    def by_generation() -> list[Topic]:
        generation = current_generation()
        if generation not in memo:
            memo.clear()
            memo[generation] = source()
        return memo[generation]

    return _replace(context_processors, "topics_with_articles", by_generation if cached else source)


def _patch_conn_reuse() -> Undo:
    from django.conf import settings
    from django.db import connection

    def set_age(seconds: int | None) -> None:
        connection.close()
        settings.DATABASES["default"]["CONN_MAX_AGE"] = seconds
        connection.settings_dict["CONN_MAX_AGE"] = seconds

    before = settings.DATABASES["default"].get("CONN_MAX_AGE", 0)
    set_age(600)
    return lambda: set_age(before)


def _patch_fast_urls() -> Undo:
    from django.urls import reverse

    from newsdesk.publishing.models import Article, Author, Topic

    undos = []
    for model, route in ((Article, "article"), (Topic, "topic"), (Author, "author")):
        prefix = reverse(route, args=["x"]).removesuffix("x/")

        def url(self: Any, prefix: str = prefix) -> str:
            return f"{prefix}{self.slug}/"

        undos.append(_replace(model, "get_absolute_url", url))
    return _undo_all(undos)


def apply(fixes: Iterable[str]) -> Undo:
    """Apply the named fixes (after django.setup()); returns the function that undoes them."""
    from newsdesk.publishing import selectors
    from newsdesk.theme import context_processors

    wanted = set(fixes)
    if unknown := wanted - set(FIXES):
        raise ValueError(f"unknown fixes {sorted(unknown)}; known: {', '.join(FIXES)}")
    undos: list[Undo] = []
    if wanted & {"nav-exists", "nav-cached"}:
        current = context_processors.topics_with_articles  # type: ignore[attr-defined]
        source = nav_topics_exists if "nav-exists" in wanted else current
        undos.append(_patch_nav(source, cached="nav-cached" in wanted))
    if "conn-reuse" in wanted:
        undos.append(_patch_conn_reuse())
    if "fast-urls" in wanted:
        undos.append(_patch_fast_urls())
    if "related-newest" in wanted:
        undos.append(_replace(selectors, "related_articles", related_newest))
    return _undo_all(undos)


@contextmanager
def applied(fixes: Iterable[str]) -> Iterator[None]:
    undo = apply(fixes)
    try:
        yield
    finally:
        undo()


def _wsgi_application() -> Any:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    from newsdesk.wsgi import application as app

    raw = os.environ.get("NEWSDESK_BENCH_WHATIF", ",".join(DEFAULT))
    # For the life of the process: gunicorn imports this once (preloaded) and forks.
    apply([f.strip() for f in raw.split(",") if f.strip()])
    return app


def __getattr__(name: str) -> Any:
    # Lazy, so that importing the module for its helpers does not set Django up.
    if name == "application":
        return _wsgi_application()
    raise AttributeError(name)
