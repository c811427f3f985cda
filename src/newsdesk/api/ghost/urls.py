"""/ghost/api/content/…, and the versioned prefixes (/ghost/api/v3/content/…) older clients use."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path, re_path

from newsdesk.api.ghost import views
from newsdesk.api.ghost.http import unknown_endpoint

content: list[URLPattern] = [
    path("posts/", views.posts),
    path("posts/slug/<str:slug>/", views.post_by_slug),
    path("posts/<str:object_id>/", views.post),
    path("pages/", views.pages),
    path("pages/slug/<str:slug>/", views.page),
    path("pages/<str:object_id>/", views.page),
    path("authors/", views.authors),
    path("authors/slug/<str:slug>/", views.author),
    path("authors/<str:object_id>/", views.author),
    path("tags/", views.tags),
    path("tags/slug/<str:slug>/", views.tag),
    path("tags/<str:object_id>/", views.tag),
    path("settings/", views.site_settings),
    re_path(r"^(?P<rest>.*)$", unknown_endpoint),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("content/", include(content)),
    re_path(r"^(?:v2|v3|v4|canary)/content/", include(content)),
]
