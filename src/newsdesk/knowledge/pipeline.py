"""One call from Markdown to everything the knowledge layer knows about an article.

``analyze()`` never raises: each extractor runs on its own, and one that fails is named in
``Analysis.failures`` while the others' results stand.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from newsdesk.knowledge import checks, entities, events, figures, nlp, quotes
from newsdesk.knowledge.types import Analysis
from newsdesk.lib.text import count_words

log = logging.getLogger("newsdesk.knowledge")
# Raise when an extractor changes what it finds: stored extractions of an older version are
# redone by `newsdesk manage extract`.
VERSION = 1
# The extractors read at most this much of a body (about 50,000 words, six seconds of work);
# a longer one is cut at a paragraph break and the analysis says where.
MAX_CHARS = 300_000
T = TypeVar("T")


def analyze(
    body: str, *, title: str = "", dek: str = "", published: date | None = None
) -> Analysis:
    analysis = Analysis(title=title, words=count_words(body))

    def attempt(name: str, step: Callable[[], T], fallback: T) -> T:
        try:
            return step()
        except Exception as exc:  # one extractor's bug must not cost the others' results
            log.exception("knowledge: %s failed", name)
            analysis.failures.append(f"{name}: {type(exc).__name__}: {exc}")
            return fallback

    readable = body
    if len(body) > MAX_CHARS:
        cut = body.rfind("\n\n", 0, MAX_CHARS)
        analysis.truncated_at = cut if cut > MAX_CHARS // 2 else MAX_CHARS
        readable = body[: analysis.truncated_at]
    text = attempt("reading", lambda: nlp.read(readable), None)
    if text is not None:
        analysis.entities = attempt("entities", lambda: entities.extract(text), [])
        analysis.quotes = attempt("quotes", lambda: quotes.extract(text, analysis.entities), [])
        analysis.figures = attempt("figures", lambda: figures.extract(text), [])
        analysis.events = attempt(
            "events", lambda: events.extract(text, published or date.today()), []
        )
    analysis.findings = attempt(
        "checks", lambda: checks.run(body, title=title, dek=dek, analysis=analysis), []
    )
    return analysis
