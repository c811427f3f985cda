"""The native API at /api/v1/, its OpenAPI schema at /api/v1/openapi.json and docs at /api/v1/docs.

Reads are public and show what the site shows. Writes need an editor token
(`newsdesk apikey create --name NAME --editor EMAIL`) in `Authorization: Bearer …`; the token
acts with its account's role. Errors are `{"detail": "…"}`, or a list of field errors on 422.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from newsdesk.api.native import articles, discovery, subscribers
from newsdesk.knowledge.gate import PublishBlocked, finding_problem

api = NinjaAPI(
    title="Newsdesk API",
    version="1",
    description=__doc__ or "",
    urls_namespace="api-v1",
)
api.add_router("", articles.router)
api.add_router("", discovery.router)
api.add_router("", subscribers.router)


def _publish_blocked(request: HttpRequest, exc: object) -> HttpResponse:
    # A 422 in the shape of the other validation errors, one item per blocking finding.
    findings = exc.findings if isinstance(exc, PublishBlocked) else []
    detail = [finding_problem(finding) for finding in findings[:100]]
    return api.create_response(request, {"detail": detail}, status=422)


api.add_exception_handler(PublishBlocked, _publish_blocked)
