from __future__ import annotations

from django.urls import URLPattern, path

from newsdesk.knowledge import selectors, views

# The directories come first: an entity slugged "people" would be shadowed by its directory,
# which is why knowledge.services must not hand out these slugs.
urlpatterns: list[URLPattern] = [
    path("", views.overview, name="entities"),
    *(
        path(f"{segment}/", views.directory, {"segment": segment}, name=f"entities-{segment}")
        for segment in selectors.DIRECTORIES
    ),
    path("<slug:slug>/", views.entity, name="entity"),
]
