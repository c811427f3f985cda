"""Importing a large WordPress export: 10,000 posts by default, the issue's target < 2 minutes.

    .venv/bin/python -m bench.import_wxr --posts 10000 --runs 3
    .venv/bin/python scripts/pgcluster.py -- .venv/bin/python -m bench.import_wxr --runs 3

Generates an original WXR file (seeded, so every run imports the same bytes): 20 authors, 30
categories, 120 tags, posts mixing classic-editor and block-editor content with headings, lists,
tables, captions and links to earlier posts. Then, in fresh processes as a user would run them,
times `newsdesk import wxr FILE --json` on an empty database (after `manage flush`), the same
import again (everything unchanged), and a `--dry-run` on the empty database. SQLite in a
throwaway home by default; PostgreSQL when NEWSDESK_DATABASE_URL points at one. Prints a
Markdown report with the median and spread of the runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from bench.report import cpu_model, memory_gib

REPO = Path(__file__).resolve().parent.parent
WORDS = [
    "harbour", "tide", "freight", "quay", "channel", "dredging", "tariff", "ledger", "cargo",
    "berth", "pilot", "ferry", "crane", "container", "draught", "buoy", "estuary", "lock",
    "sluice", "levee", "dyke", "storm", "surge", "forecast", "budget", "council", "contract",
    "tender", "audit", "report", "survey", "capacity", "backlog", "schedule", "route", "vessel",
    "tonnage", "port", "authority", "minister", "inspector", "engineer", "economist", "analyst",
    "record", "increase", "decline", "estimate",
]  # fmt: skip


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + f" by {rng.randint(2, 90)} per cent."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))


def _content(rng: random.Random, n: int, base: str) -> str:
    link = f'<a href="{base}/?p={rng.randint(1, n)}">an earlier analysis</a>' if n > 1 else ""
    if n % 2:  # classic editor: paragraphs from blank lines, a caption shortcode
        parts = [_paragraph(rng) for _ in range(5)]
        parts.insert(2, f"<h2>{_sentence(rng)[:40]}</h2>")
        parts.insert(
            3,
            f'[caption id="attachment_{n}" width="600"]<img src="{base}/wp-content/uploads/'
            f'{n}.jpg" alt="A view" /> {_sentence(rng)}[/caption]',
        )
        parts.append(
            f"See {link}.\n<ul>\n<li>{_sentence(rng)}</li>\n<li>{_sentence(rng)}</li>\n</ul>"
        )
        return "\n\n".join(parts)
    blocks = [
        f"<!-- wp:paragraph -->\n<p>{_paragraph(rng)}</p>\n<!-- /wp:paragraph -->" for _ in range(5)
    ]
    blocks.insert(1, f"<!-- wp:heading -->\n<h2>{_sentence(rng)[:40]}</h2>\n<!-- /wp:heading -->")
    rows = "".join(
        f"<tr><td>{y}</td><td>{rng.randint(100, 999)}</td></tr>" for y in range(2019, 2025)
    )
    table = f"<figure><table><tbody>{rows}</tbody></table></figure>"
    blocks.append(f"<!-- wp:table -->\n{table}\n<!-- /wp:table -->")
    blocks.append(f"<!-- wp:paragraph -->\n<p>See {link}.</p>\n<!-- /wp:paragraph -->")
    return "\n\n".join(blocks)


def _item(rng: random.Random, n: int, base: str) -> str:
    status = rng.choices(["publish", "draft", "future"], weights=[90, 8, 2])[0]
    year = 2099 if status == "future" else 2015 + n % 10
    date = f"{year}-{1 + n % 12:02d}-{1 + n % 28:02d} {n % 24:02d}:{n % 60:02d}:00"
    cats = "".join(
        f'<category domain="category" nicename="section-{c}"><![CDATA[Section {c}]]></category>'
        for c in rng.sample(range(30), 2)
    )
    tags = "".join(
        f'<category domain="post_tag" nicename="tag-{t}"><![CDATA[Tag {t}]]></category>'
        for t in rng.sample(range(120), 3)
    )
    title = escape(_sentence(rng)[:70].rstrip())
    return f"""<item><title>{title} {n}</title><link>{base}/?p={n}</link>
<dc:creator><![CDATA[author{n % 20}]]></dc:creator><guid isPermaLink="false">{base}/?p={n}</guid>
<content:encoded><![CDATA[{_content(rng, n, base)}]]></content:encoded>
<excerpt:encoded><![CDATA[{_sentence(rng)}]]></excerpt:encoded>
<wp:post_id>{n}</wp:post_id><wp:post_date_gmt><![CDATA[{date}]]></wp:post_date_gmt>
<wp:post_name><![CDATA[post-{n}]]></wp:post_name><wp:status><![CDATA[{status}]]></wp:status>
<wp:post_type><![CDATA[post]]></wp:post_type>{cats}{tags}</item>
"""


def generate(posts: int, path: Path, seed: int = 6) -> None:
    rng = random.Random(seed)
    base = "https://bench.example.org"
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel><title>Bench</title>'
            f"<link>{base}</link><wp:wxr_version>1.2</wp:wxr_version>"
            f"<wp:base_site_url>{base}</wp:base_site_url><wp:base_blog_url>{base}</wp:base_blog_url>\n"
        )
        for a in range(20):
            out.write(
                f"<wp:author><wp:author_login><![CDATA[author{a}]]></wp:author_login>"
                f"<wp:author_display_name><![CDATA[Writer Number {a}]]></wp:author_display_name>"
                "</wp:author>\n"
            )
        for n in range(1, posts + 1):
            out.write(_item(rng, n, base))
        out.write("</channel></rss>\n")


@dataclass
class Timing:
    wall: float  # seconds on the clock
    cpu: float  # seconds of CPU the process used (user + system): what contention cannot inflate


def newsdesk(home: Path, *args: str) -> tuple[Timing, subprocess.CompletedProcess[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["NEWSDESK_HOME"] = str(home)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "newsdesk.cli", *args],
        cwd=home, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(wall, cpu), done


def timed_import(home: Path, wxr: Path, *extra: str) -> tuple[Timing, dict[str, object]]:
    timing, done = newsdesk(home, "import", "wxr", str(wxr), "--json", *extra)
    if not done.stdout.strip():
        raise SystemExit(f"import failed:\n{done.stderr[-2000:]}")
    return timing, json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="newsdesk-bench-import-"))
    wxr = home / "export.xml"
    generate(options.posts, wxr)
    database = "PostgreSQL" if os.environ.get("NEWSDESK_DATABASE_URL") else "SQLite"
    newsdesk(home, "manage", "migrate", "-v0")
    load_before = f"{os.getloadavg()[0]:.1f}"
    first: list[Timing] = []
    again: list[Timing] = []
    dry: list[Timing] = []
    summary: dict[str, object] = {}
    for _ in range(options.runs):
        newsdesk(home, "manage", "flush", "--noinput")
        seconds, summary = timed_import(home, wxr)
        first.append(seconds)
        again.append(timed_import(home, wxr)[0])
        newsdesk(home, "manage", "flush", "--noinput")
        dry.append(timed_import(home, wxr, "--dry-run")[0])

    def row(label: str, timings: list[Timing]) -> str:
        wall = [t.wall for t in timings]
        cpu = statistics.median(t.cpu for t in timings)
        rate = options.posts / statistics.median(wall)
        spread = f"{min(wall):.1f}–{max(wall):.1f}"
        return (
            f"| {label} | {statistics.median(wall):.1f} s | {spread} s | {cpu:.1f} s | {rate:.0f} |"
        )

    print(f"### Import {options.posts:,} WordPress posts ({database})\n")
    print(f"`{' '.join(sys.argv)}` — {time.strftime('%Y-%m-%d')}, {cpu_model()}, "
          f"{os.cpu_count()} cores, {memory_gib():.0f} GiB, Python {platform.python_version()}; "
          f"WXR file {wxr.stat().st_size / 1e6:.0f} MB; {options.runs} runs, "
          f"whole `newsdesk` processes.\n")  # fmt: skip
    print(f"Load average before the runs: {load_before}; after: {os.getloadavg()[0]:.1f}.\n")
    print("| run | median wall time | min–max | median CPU time | posts/s |")
    print("| --- | --- | --- | --- | --- |")
    print(row("first import, empty database", first))
    print(row("the same import again (all unchanged)", again))
    print(row("`--dry-run` on an empty database", dry))
    print(f"\nLast first import: {summary.get('created')} articles created, "
          f"{summary.get('failed')} failed, topics/authors {summary.get('kinds')}.")  # fmt: skip


if __name__ == "__main__":
    main()
