"""The reader-facing newsletter pages (shared/CONTRACT.md); included under /newsletter/."""

from __future__ import annotations

from django.urls import URLPattern, path

from newsdesk.newsletter import views

urlpatterns: list[URLPattern] = [
    path("", views.signup, name="newsletter"),
    path("confirm/<str:token>/", views.confirm, name="newsletter-confirm"),
    path("preferences/<str:token>/", views.preferences, name="newsletter-preferences"),
    path("preferences/<str:token>/data.json", views.data, name="newsletter-data"),
    path("preferences/<str:token>/delete/", views.delete, name="newsletter-delete"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="newsletter-unsubscribe"),
]
