from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.static import serve

from newsdesk.api.native.api import api as native_api
from newsdesk.discovery.search import views as search_views
from newsdesk.publishing import feeds
from newsdesk.publishing import views as publishing_views
from newsdesk.publishing.pagecache import public_page
from newsdesk.publishing.sitemaps import SITEMAPS
from newsdesk.theme import views as theme_views

handler500 = "newsdesk.theme.views.server_error"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", publishing_views.home, name="home"),
    path("articles/<slug:slug>/", publishing_views.article, name="article"),
    path("topics/<slug:slug>/", publishing_views.topic, name="topic"),
    path("topics/<slug:slug>/rss.xml", feeds.rss, name="topic-rss"),
    path("topics/<slug:slug>/atom.xml", feeds.atom, name="topic-atom"),
    path("topics/<slug:slug>/feed.json", feeds.json_feed, name="topic-json-feed"),
    path("authors/<slug:slug>/", publishing_views.author, name="author"),
    path("archive/", publishing_views.archive, name="archive"),
    path("search/", search_views.search, name="search"),
    path("entities/", include("newsdesk.knowledge.urls")),
    path("archive/<int:year>/<int:month>/", publishing_views.archive_month, name="archive-month"),
    path("feeds/rss.xml", feeds.rss, name="rss"),
    path("feeds/atom.xml", feeds.atom, name="atom"),
    path("feeds/feed.json", feeds.json_feed, name="json-feed"),
    path(
        "sitemap.xml",
        public_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        public_page(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", theme_views.robots_txt, name="robots"),
    path("healthz", theme_views.healthz, name="healthz"),
    path("newsletter/", include("newsdesk.newsletter.urls")),
    path("admin/", admin.site.urls),
    path("ghost/api/", include("newsdesk.api.ghost.urls")),
    path("api/v1/", native_api.urls),
    # Uploaded media from the embedded server; at scale a front proxy serves MEDIA_ROOT itself.
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
]
