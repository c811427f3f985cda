"""The signup box's target. Subscriptions themselves arrive with the newsletter app."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods


# The signup box sits on cached public pages that carry no per-reader CSRF token; a signup only
# ever leads to a confirmation email, so a forged POST cannot act for anyone.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    submitted = request.method == "POST"
    return render(request, "newsletter/signup.html", {"submitted": submitted})
