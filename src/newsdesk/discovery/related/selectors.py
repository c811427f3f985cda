"""Reading the stored related articles: one query for the article page."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef

from newsdesk.discovery.related.models import RelatedLink
from newsdesk.publishing.models import Article


@dataclass(frozen=True)
class RelatedArticle:
    """An article to suggest and a short sentence saying why ("" when there is none)."""

    article: Article
    why: str = ""


def stored_related(article: Article, limit: int) -> list[RelatedArticle]:
    """The precomputed list, best first, published articles only; [] until computed."""
    live = Exists(Article.objects.published().filter(pk=OuterRef("related_id")))
    links = (
        RelatedLink.objects.filter(live, article_id=article.pk)
        .select_related("related")
        .only(
            "reasons",
            "related",
            "related__title",
            "related__slug",
            "related__dek",
            "related__published_at",
        )
        .order_by("-score", "related_id")[:limit]
    )
    # The article's topics are prefetched on the page; a shared topic is named from them, so
    # a renamed topic shows its new name without a query.
    names = {topic.pk: topic.name for topic in article.topics.all()}
    return [RelatedArticle(link.related, why(link.reasons, {"topics": names})) for link in links]


def why(reasons: Iterable[Mapping[str, Any]], names: Mapping[str, Mapping[int, str]]) -> str:
    """The sentence under a related link.

    "Also about: Energy, Nordhavn Energy Institute" names what the articles share; "Similar
    wording" is said only when nothing more specific applies. ``names`` maps a reason kind to
    the display names of its ids.
    """
    shared: list[str] = []
    wording = False
    for reason in reasons:
        kind = str(reason.get("kind"))
        if kind == "wording":
            wording = True
        elif kind == "entities":  # named when the list was computed
            shared += [str(name) for name in reason.get("names", ()) if name]
        elif kind in names:
            shared += [names[kind][i] for i in reason.get("ids", ()) if i in names[kind]]
    if shared:
        return "Also about: " + ", ".join(shared)
    return "Similar wording" if wording else ""
