"""What emails say: the site's templates rendered to HTML (CSS inlined) and plain text.

A campaign is rendered once with a marker in place of the recipient's token (see ``compose``);
a digest once per distinct set of followed topics.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import css_inline
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from newsdesk.newsletter import conf, tokens
from newsdesk.newsletter.compose import Content, Links, Prepared
from newsdesk.newsletter.models import Campaign, Newsletter, Subscriber
from newsdesk.publishing.models import Article

_INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)
_RELATIVE = re.compile(r'\b(href|src)="/(?!/)')
_HEADING_ANCHOR = re.compile(r"\s*<a class=\"heading-anchor\"[^>]*>.*?</a>", re.S)
_RESPONSIVE = re.compile(r'\s(?:srcset|sizes)="[^"]*"')
DIGEST_DAYS = 7


def absolute(path: str) -> str:
    return path if path.startswith(("http://", "https://")) else f"{settings.SITE_URL}{path}"


def email_body_html(html: str) -> str:
    """An article body fit for email: absolute links and images, no heading anchors."""
    html = _HEADING_ANCHOR.sub("", html)
    html = _RESPONSIVE.sub("", html)
    return _RELATIVE.sub(lambda m: f'{m.group(1)}="{settings.SITE_URL}/', html)


def link_urls(token: str) -> dict[str, str]:
    return {
        "preferences_url": absolute(reverse("newsletter-preferences", args=[token])),
        "unsubscribe_url": absolute(reverse("newsletter-unsubscribe", args=[token])),
    }


def campaign_links(newsletter: Newsletter) -> Links:
    domain = conf.load().mail_domain
    return Links(
        unsubscribe=absolute(reverse("newsletter-unsubscribe", args=["TOKEN"])).replace(
            "TOKEN", "{token}"
        ),
        unsubscribe_mailto=f"unsubscribe@{domain}",
        list_id=f"{newsletter.name} <{newsletter.slug}.{domain}>",
    )


def _render(name: str, context: dict[str, Any]) -> tuple[str, str]:
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    html = _INLINER.inline(render_to_string(f"email/{name}.html", context))
    text = render_to_string(f"email/{name}.txt", context)
    return html, text


def article_content(article: Article, newsletter: Newsletter, subject: str, marker: str) -> Content:
    context = {
        "subject": subject,
        "newsletter": newsletter,
        "article": article,
        "article_url": absolute(article.get_absolute_url()),
        "authors": [a.name for a in article.byline_authors()],
        "topics": [t.name for t in article.topics.all()],
        "hero_url": absolute(article.hero_image.url) if article.hero_image else "",
        "body_html": email_body_html(article.body_html),
        "preheader": article.dek,
        **link_urls(marker),
    }
    html, text = _render("article", context)
    return Content(subject=subject, text=text, html=html, marker=marker)


@dataclass(frozen=True)
class DigestItem:
    article: Article
    url: str
    topic_names: list[str]
    topic_ids: frozenset[int]


def digest_items(article_ids: Iterable[int]) -> list[DigestItem]:
    articles = Article.objects.published().filter(pk__in=list(article_ids)).for_listing()
    return [
        DigestItem(
            article=a,
            url=absolute(a.get_absolute_url()),
            topic_names=[t.name for t in a.topics.all()],
            topic_ids=frozenset(t.pk for t in a.topics.all()),
        )
        for a in articles
    ]


def digest_article_ids(now: Any = None) -> list[int]:
    since = (now or timezone.now()) - timedelta(days=DIGEST_DAYS)
    return list(
        Article.objects.published()
        .filter(published_at__gte=since)
        .order_by("-published_at", "-id")
        .values_list("pk", flat=True)
    )


def digest_content(
    items: list[DigestItem], newsletter: Newsletter, subject: str, marker: str
) -> Content:
    context = {
        "subject": subject,
        "newsletter": newsletter,
        "articles": items,
        "intro": f"{len(items)} {'analysis' if len(items) == 1 else 'analyses'} this past week.",
        "preheader": items[0].article.title if items else "",
        **link_urls(marker),
    }
    html, text = _render("digest", context)
    return Content(subject=subject, text=text, html=html, marker=marker)


def campaign_subject(campaign: Campaign) -> str:
    if campaign.subject:
        return campaign.subject
    if campaign.kind == Campaign.Kind.ARTICLE and campaign.article is not None:
        return campaign.article.title
    return f"{campaign.newsletter.name}: the week's analysis"


def prepared(content: Content, newsletter: Newsletter | None) -> Prepared:
    return Prepared(
        content=content,
        sender_name=settings.SITE_NAME,
        sender=conf.load().from_address,
        links=campaign_links(newsletter) if newsletter is not None else None,
    )


def link_email(kind: str, subscriber: Subscriber, token: str, newsletters: list[str]) -> Content:
    """The confirmation email ("confirm") or the "you already subscribe" email ("manage")."""
    confirm = kind == "confirm"
    route = "newsletter-confirm" if confirm else "newsletter-preferences"
    subject = (
        f"Please confirm your subscription to {settings.SITE_NAME}"
        if confirm
        else f"Your subscription to {settings.SITE_NAME}"
    )
    context = {
        "kind": kind,
        "subject": subject,
        "newsletters": newsletters,
        "action_url": absolute(reverse(route, args=[token])),
        "action_label": "Confirm my subscription" if confirm else "Open my preferences",
        "valid_days": conf.load().confirm_days,
    }
    html, text = _render("link", context)
    return Content(subject=subject, text=text, html=html)


def manage_token(subscriber: Subscriber) -> str:
    return tokens.make(tokens.MANAGE, subscriber.pk, subscriber.key)
