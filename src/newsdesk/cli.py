"""`newsdesk`: the command line. Each subcommand is a Django management command underneath."""

from __future__ import annotations

import os
import sys

# Public names that differ from their management command (a command cannot be called `import`).
ALIASES = {"import": "import_content"}
USAGE = """usage: newsdesk COMMAND [ARGS]

commands:
  serve         serve the site (gunicorn); --with-worker runs a worker beside it
  worker        run background work (scheduled publishing, ...)
  demo          load the demo content
  createeditor  create an editor account
  import        import content: markdown PATH..., wxr FILE, ghost FILE, feed URL|FILE, url URL
  analyze       run the knowledge pipeline and checks on one Markdown file: PATH.md [--json]
  apikey        API credentials: create --name NAME [--editor EMAIL], list, revoke KEY
  export        export everything: --out DIR (Ghost JSON, Markdown, media, subscribers CSV)
  subscribers   newsletter subscribers: import FILE.csv [--confirmed], export
  campaign      newsletter campaigns: send --article SLUG, status ID --json, pause, resume, cancel
  manage        any Django management command (migrate, shell, ...)
"""


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        sys.stdout.write(USAGE)
        sys.exit(0 if args else 2)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    try:
        import django

        django.setup()
    except Exception as exc:  # a bad setting: one line, no traceback
        from newsdesk.lib.env import ConfigError

        if isinstance(exc, ConfigError) or isinstance(exc.__cause__, ConfigError):
            sys.stderr.write(f"newsdesk: configuration error: {exc}\n")
            sys.exit(2)
        raise
    from django.core.management import execute_from_command_line

    command, rest = args[0], args[1:]
    if command == "manage":
        execute_from_command_line(["newsdesk manage", *rest])
        return
    execute_from_command_line(["newsdesk", ALIASES.get(command, command), *rest])


if __name__ == "__main__":
    main()
