"""The desk's import page: upload, then a progress view while the worker imports."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from newsdesk.ingest.models import ImportRun
from newsdesk.ops import tasks
from newsdesk.publishing.models import Article
from tests.ingest.conftest import FIXTURES

ADD = reverse("admin:ingest_importrun_add")


def _upload() -> SimpleUploadedFile:
    data = (FIXTURES / "newsroom.wxr.xml").read_bytes()
    return SimpleUploadedFile("newsroom.xml", data, content_type="text/xml")


def test_an_editor_imports_a_file_and_follows_its_progress(editor_client: Client) -> None:
    assert editor_client.get(ADD).status_code == 200
    response = editor_client.post(ADD, {"kind": "wxr", "file": _upload()})
    run = ImportRun.objects.get()
    progress = reverse("admin:ingest_importrun_progress", args=[run.pk])
    assert response.status_code == 302 and response["Location"] == progress
    waiting = editor_client.get(progress).content.decode()
    assert "Queued" in waiting and 'http-equiv="refresh"' in waiting
    assert tasks.run_one()
    run.refresh_from_db()
    assert (run.state, run.done, run.total) == ("done", 10, 10)
    page = editor_client.get(progress).content.decode()
    assert "5 article(s) created" in page and ":137: a post with neither a title" in page
    assert 'http-equiv="refresh"' not in page
    assert Article.objects.count() == 5


def test_a_dry_run_from_the_desk_saves_nothing(editor_client: Client) -> None:
    editor_client.post(ADD, {"kind": "wxr", "file": _upload(), "dry_run": "on"})
    tasks.run_one()
    run = ImportRun.objects.get()
    assert run.state == "done" and run.report["dry_run"] and run.report["created"] == 5
    assert not Article.objects.exists()


def test_the_form_says_what_is_missing(editor_client: Client) -> None:
    page = editor_client.post(ADD, {"kind": "wxr"}).content.decode()
    assert "A wxr import needs a file." in page
    page = editor_client.post(ADD, {"kind": "url"}).content.decode()
    assert "A url import needs a URL." in page
    assert not ImportRun.objects.exists()


def test_an_unreadable_url_fails_the_run_with_its_reason(editor_client: Client) -> None:
    editor_client.post(ADD, {"kind": "url", "url": "http://127.0.0.1:9/page"})
    tasks.run_one()
    run = ImportRun.objects.get()
    assert run.state == "failed" and "private or reserved address" in run.error
    page = editor_client.get(reverse("admin:ingest_importrun_progress", args=[run.pk]))
    assert "private or reserved address" in page.content.decode()


def test_contributors_cannot_import(contributor_client: Client) -> None:
    assert contributor_client.get(ADD).status_code == 403
