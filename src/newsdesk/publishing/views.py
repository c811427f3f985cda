"""The public site: home, article, topic, author and archive pages."""

from __future__ import annotations

import calendar
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from newsdesk.publishing import pagestore, selectors
from newsdesk.publishing.models import Article, Author, SlugRedirect, Topic
from newsdesk.publishing.pagecache import public_page

PAGE_SIZE = 12


def _page(request: HttpRequest, queryset: QuerySet[Article]) -> Page[Article]:
    paginator: Paginator[Article] = Paginator(queryset, PAGE_SIZE)
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        raise Http404("No such page") from None
    if number < 1 or number > paginator.num_pages:
        raise Http404("No such page")
    return paginator.page(number)


@public_page
def home(request: HttpRequest) -> HttpResponse:
    published = Article.objects.published().for_listing()
    page = _page(request, published)
    featured = list(published.filter(featured=True)[:3]) if page.number == 1 else []
    return render(request, "publishing/home.html", {"page": page, "featured": featured})


@public_page
def article(request: HttpRequest, slug: str) -> HttpResponseBase:
    item = selectors.live_article_with_page(slug)
    if item is None:
        moved = SlugRedirect.objects.filter(old_slug=slug).select_related("article").first()
        if moved is None or not moved.article.is_live:
            raise Http404("No such article")
        return redirect(moved.article, permanent=True)
    parts = pagestore.stored_parts(item)
    if parts is None:
        parts = pagestore.refresh(item)
    else:
        selectors.prime(item, "topics", parts.topics)  # names the related list's reasons
    return _article_response(request, item, parts)


def render_article(request: HttpRequest, item: Article, *, preview: bool = False) -> HttpResponse:
    """The article page rendered afresh, stored parts and all: the desk's preview of drafts."""
    return _article_response(request, item, pagestore.render_parts(item), preview=preview)


def _article_response(
    request: HttpRequest, item: Article, parts: pagestore.Parts, *, preview: bool = False
) -> HttpResponse:
    context = {
        "article": item,
        "page": parts,
        "related": selectors.related_articles(item),
        "preview": preview,
    }
    return render(request, "publishing/article.html", context)


@public_page
def topic(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(Topic, slug=slug)
    page = _page(request, Article.objects.published().filter(topics=item).for_listing())
    return render(request, "publishing/topic.html", {"topic": item, "page": page})


@public_page
def author(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(Author, slug=slug)
    page = _page(request, Article.objects.published().filter(authors=item).for_listing())
    return render(request, "publishing/author.html", {"author": item, "page": page})


@public_page
def archive(request: HttpRequest) -> HttpResponse:
    return render(request, "publishing/archive.html", {"months": selectors.archive_months()})


@public_page
def archive_month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    if not 1 <= month <= 12 or not 1 <= year <= 9999:
        raise Http404("No such month")
    tz = timezone.get_current_timezone()
    start = datetime(year, month, 1, tzinfo=tz)
    end = (
        datetime(year + 1, 1, 1, tzinfo=tz)
        if month == 12
        else datetime(year, month + 1, 1, tzinfo=tz)
    )
    articles = Article.objects.published().filter(published_at__gte=start, published_at__lt=end)
    page = _page(request, articles.for_listing())
    context = {"page": page, "month_start": start, "month_name": calendar.month_name[month]}
    return render(request, "publishing/archive_month.html", context)
