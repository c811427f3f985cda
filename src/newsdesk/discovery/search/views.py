"""/search/: parse the query string, search, render. Never cached: one page per query."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from newsdesk.discovery.search import selectors
from newsdesk.discovery.search.forms import SearchForm
from newsdesk.publishing.models import Author, Topic


def _page_number(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("page", "1"))
    except ValueError:
        raise Http404("No such page") from None


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET.dict())
    form.is_valid()  # invalid filters are reported and left out; the query always runs
    query_text = form.cleaned_data.get("q", "")
    filters = form.filters()
    try:
        page = selectors.search(query_text, filters, page=_page_number(request))
    except selectors.PageOutOfRange:
        raise Http404("No such page") from None
    context = {
        "form": form,
        "q": query_text,
        "page": page,
        "filters": filters,
        "filtered": any(
            (filters.topic_id, filters.author_id, filters.entity_id, filters.start, filters.end)
        ),
        "entity": form.cleaned_data.get("entity"),
        "topics": Topic.objects.order_by("name"),
        "authors": Author.objects.order_by("name"),
    }
    response = render(request, "search/results.html", context)
    # Result pages are many and short-lived: search engines should not index them.
    response["X-Robots-Tag"] = "noindex"
    return response
