"""PostgreSQL: keep each row's tsvector inline instead of in the TOAST table.

Finding the newest matches of a common word walks the primary key backwards and tests each row;
a vector stored out of line costs a TOAST index lookup per row. Inline (compressed), the same
walk took about a third of the time at 100,000 articles (docs/benchmarks.md). Rows already
indexed move when they are next written (`newsdesk manage reindex` rewrites them all).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchentry SET (toast_tuple_target = 8160)")
        schema_editor.execute(
            "ALTER TABLE search_searchentry ALTER COLUMN document SET STORAGE MAIN"
        )


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchentry RESET (toast_tuple_target)")
        schema_editor.execute(
            "ALTER TABLE search_searchentry ALTER COLUMN document SET STORAGE EXTENDED"
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0003_queue_first_index")]

    operations = [migrations.RunPython(forwards, backwards)]
