"""Doors into Newsdesk for other programs.

``ghost/`` answers the Ghost Content API (``/ghost/api/content/``), so Ghost front-ends and
the official clients read Newsdesk unchanged. ``native/`` is Newsdesk's own API (``/api/v1/``):
reads of everything, writes with an editor token, and an OpenAPI schema.

The native API is built on django-ninja rather than Django REST framework: its endpoints are
typed functions whose pydantic schemas give mypy, request validation and the OpenAPI 3 document
from one declaration (DRF needs drf-spectacular beside it for OpenAPI 3 and is typed loosely),
and function endpoints match how the rest of Newsdesk is written. The Ghost API is plain Django
views: its shapes are Ghost's, not ours to describe, and it is the path that must be fast.
"""
