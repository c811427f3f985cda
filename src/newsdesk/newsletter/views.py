"""Readers' newsletter pages: sign up, confirm, preferences, unsubscribe, data, deletion.

Every page after the signup is reached through a signed link from an email; the link is the
reader's only credential, so these pages never need a password or a session.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from newsdesk.newsletter import conf, ratelimit, services, tokens
from newsdesk.newsletter import render as emails
from newsdesk.newsletter.forms import PreferencesForm, SignupForm
from newsdesk.newsletter.models import Newsletter, Subscriber

TokenView = Callable[[HttpRequest, Subscriber, tokens.Payload, str], HttpResponse]


def _page(request: HttpRequest, template: str, status: int = 200, **context: Any) -> HttpResponse:
    response = render(request, f"newsletter/{template}.html", context, status=status)
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _bad_link(request: HttpRequest, exc: tokens.BadToken) -> HttpResponse:
    return _page(
        request, "bad_link", status=410 if exc.expired else 404, expired=exc.expired,
        form=SignupForm(),
    )  # fmt: skip


def _with_subscriber(purpose: str) -> Callable[[TokenView], Callable[..., HttpResponse]]:
    """Resolve the link's token to its subscriber, or answer with the bad-link page."""

    def decorate(view: TokenView) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, token: str) -> HttpResponse:
            try:
                subscriber, payload = services.subscriber_from_token(purpose, token)
            except tokens.BadToken as exc:
                return _bad_link(request, exc)
            return view(request, subscriber, payload, token)

        return never_cache(wrapped)

    return decorate


# The signup box sits on cached public pages that carry no per-reader CSRF token; a signup only
# ever leads to an email to the address given, so a forged POST cannot act for anyone.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, "signup", form=SignupForm())
    form = SignupForm(request.POST)
    if form.is_bot:
        return _page(request, "signup", submitted=True)  # tell a bot nothing
    cfg = conf.load()
    if not ratelimit.allow("signup-ip", ratelimit.client_ip(request.META), cfg.ip_limit):
        return _page(request, "limited", status=429)
    if not form.is_valid():
        return _page(request, "signup", status=400, form=form)
    email = form.cleaned_data["email"]
    try:
        address = services.normalize_email(email)
    except services.InvalidAddress as exc:
        form.add_error("email", str(exc))
        return _page(request, "signup", status=400, form=form)
    # Over the per-address limit, the reader sees the same page but no email goes out.
    if ratelimit.allow("signup-address", address, cfg.address_limit):
        services.subscriber_signup(
            email=address,
            name=form.cleaned_data["name"],
            newsletter_ids=[n.pk for n in form.cleaned_data["newsletters"]],
        )
    return _page(request, "signup", submitted=True)


@require_http_methods(["GET", "POST"])
@_with_subscriber(tokens.CONFIRM)
def confirm(
    request: HttpRequest, subscriber: Subscriber, payload: tokens.Payload, token: str
) -> HttpResponse:
    # Only a POST confirms: mail scanners open every link in a message with GET.
    if request.method == "POST":
        services.subscriber_confirm(subscriber=subscriber, newsletter_ids=payload.newsletter_ids)
        return _page(
            request, "confirm", done=True, preferences=emails.manage_token(subscriber),
            newsletters=subscriber.newsletters.all(),
        )  # fmt: skip
    wanted = Newsletter.objects.filter(pk__in=payload.newsletter_ids)
    return _page(request, "confirm", subscriber=subscriber, newsletters=wanted)


@require_http_methods(["GET", "POST"])
@_with_subscriber(tokens.MANAGE)
def preferences(
    request: HttpRequest, subscriber: Subscriber, payload: tokens.Payload, token: str
) -> HttpResponse:
    saved = False
    if request.method == "POST" and request.POST.get("action") == "resubscribe":
        services.subscriber_resubscribe(subscriber=subscriber)
        form = _preferences_form(subscriber)
        saved = True
    elif request.method == "POST":
        form = PreferencesForm(request.POST)
        if not form.is_valid():
            return _page(
                request, "preferences", status=400, form=form, subscriber=subscriber, token=token
            )
        services.subscriber_update(
            subscriber=subscriber,
            name=form.cleaned_data["name"],
            newsletters=form.cleaned_data["newsletters"],
            topics=form.cleaned_data["topics"],
        )
        saved = True
    else:
        form = _preferences_form(subscriber)
    return _page(request, "preferences", form=form, subscriber=subscriber, token=token, saved=saved)


def _preferences_form(subscriber: Subscriber) -> PreferencesForm:
    return PreferencesForm(
        initial={
            "name": subscriber.name,
            "newsletters": list(subscriber.newsletters.all()),
            "topics": list(subscriber.topics.all()),
        }
    )


# RFC 8058 one-click unsubscribe: the mail client POSTs with no cookie and no CSRF token; the
# signed link is the authority.
@csrf_exempt
@require_http_methods(["GET", "POST"])
@_with_subscriber(tokens.MANAGE)
def unsubscribe(
    request: HttpRequest, subscriber: Subscriber, payload: tokens.Payload, token: str
) -> HttpResponse:
    if request.method == "POST":
        services.subscriber_unsubscribe(subscriber=subscriber)
        return _page(request, "unsubscribe", done=True, subscriber=subscriber, token=token)
    return _page(request, "unsubscribe", subscriber=subscriber, token=token)


@require_http_methods(["GET"])
@_with_subscriber(tokens.MANAGE)
def data(
    request: HttpRequest, subscriber: Subscriber, payload: tokens.Payload, token: str
) -> HttpResponse:
    body = json.dumps(services.subscriber_data(subscriber), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response.headers["Content-Disposition"] = 'attachment; filename="newsletter-data.json"'
    return response


@require_http_methods(["GET", "POST"])
@_with_subscriber(tokens.MANAGE)
def delete(
    request: HttpRequest, subscriber: Subscriber, payload: tokens.Payload, token: str
) -> HttpResponse:
    if request.method == "POST":
        services.subscriber_delete(subscriber=subscriber)
        return _page(request, "delete", done=True)
    return _page(request, "delete", subscriber=subscriber, token=token)
