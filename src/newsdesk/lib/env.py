"""Typed parsing of the NEWSDESK_* environment variables.

Every parser raises :class:`ConfigError` with one line that names the variable, so a bad value
stops start-up with a message a person can act on instead of a traceback.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit


class ConfigError(ValueError):
    """A setting in the environment has a value we cannot use."""


def env_bool(env: Mapping[str, str], name: str, default: bool = False) -> bool:
    raw = env.get(name, "").strip().lower()
    if raw == "":
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}: expected 1/0, true/false, yes/no or on/off, got {raw!r}")


def env_int(env: Mapping[str, str], name: str, default: int, *, minimum: int = 0) -> int:
    raw = env.get(name, "").strip()
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}: expected a whole number, got {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name}: must be at least {minimum}, got {value}")
    return value


def env_url(env: Mapping[str, str], name: str, default: str) -> str:
    """An absolute http(s) URL without a trailing slash."""
    raw = env.get(name, "").strip() or default
    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ConfigError(f"{name}: expected an absolute http:// or https:// URL, got {raw!r}")
    return raw.rstrip("/")


def database_config(env: Mapping[str, str], name: str, base_dir: Path) -> dict[str, Any]:
    """Django DATABASES['default'] from ``sqlite:///path`` or ``postgres://user:pass@host/db``.

    A relative SQLite path is taken from ``base_dir`` (``sqlite:///var/x.sqlite3``); an absolute
    one has four slashes (``sqlite:////srv/x.sqlite3``).
    """
    raw = env.get(name, "").strip() or "sqlite:///var/newsdesk.sqlite3"
    parts = urlsplit(raw)
    if parts.scheme == "sqlite":
        path = parts.path[1:] if parts.path.startswith("/") else parts.path
        if not path:
            raise ConfigError(f"{name}: a sqlite URL needs a file path, as in sqlite:///var/db")
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(base_dir / path) if not Path(path).is_absolute() else path,
            # WAL lets readers go on while the worker writes; IMMEDIATE stops the
            # "database is locked" upgrade race between two writers.
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
            # Reopening the file and replaying the PRAGMAs cost ~0.9 ms a request.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
        }
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        database = unquote(parts.path.lstrip("/"))
        if not database:
            raise ConfigError(
                f"{name}: a postgres URL needs a database name, as in postgres://host/db"
            )
        try:
            port = parts.port
        except ValueError:
            raise ConfigError(f"{name}: the port in {raw!r} is not a number") from None
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": database,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": unquote(parts.hostname or ""),
            "PORT": str(port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ConfigError(
        f"{name}: expected sqlite:///path or postgres://user:pass@host:port/db, got {raw!r}"
    )


def cache_config(env: Mapping[str, str], name: str) -> dict[str, Any]:
    raw = env.get(name, "").strip() or "locmem://"
    parts = urlsplit(raw)
    if parts.scheme == "locmem":
        # Django's default of 300 entries would drop most pages of a large archive.
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "newsdesk",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    if parts.scheme in {"redis", "rediss"}:
        if not parts.hostname:
            raise ConfigError(f"{name}: a redis URL needs a host, as in redis://127.0.0.1:6379/0")
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": raw}
    raise ConfigError(f"{name}: expected locmem:// or redis://host:port/db, got {raw!r}")


@dataclass(frozen=True)
class EmailConfig:
    transport: str  # "outbox" or "smtp"
    host: str = ""
    port: int = 0
    username: str = ""
    password: str = ""
    use_tls: bool = False  # STARTTLS after connecting
    use_ssl: bool = False  # TLS from the first byte


_SMTP_SCHEMES = {
    "smtp": (25, False, False),
    "smtp+tls": (587, True, False),
    "smtps": (465, False, True),
}


def email_config(env: Mapping[str, str], name: str) -> EmailConfig:
    raw = env.get(name, "").strip() or "outbox://"
    parts = urlsplit(raw)
    if parts.scheme == "outbox":
        return EmailConfig(transport="outbox")
    if parts.scheme in _SMTP_SCHEMES:
        default_port, use_tls, use_ssl = _SMTP_SCHEMES[parts.scheme]
        if not parts.hostname:
            raise ConfigError(f"{name}: an SMTP URL needs a host, as in smtp://user:pass@host:25")
        try:
            port = parts.port or default_port
        except ValueError:
            raise ConfigError(f"{name}: the port in {raw!r} is not a number") from None
        return EmailConfig(
            transport="smtp",
            host=parts.hostname,
            port=port,
            username=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            use_tls=use_tls,
            use_ssl=use_ssl,
        )
    raise ConfigError(f"{name}: expected outbox://, smtp://, smtp+tls:// or smtps://, got {raw!r}")


def secret_key(env: Mapping[str, str], name: str, file_name: str, fallback_file: Path) -> str:
    """The signing key: from the variable, from a file it names, or generated once and kept."""
    if value := env.get(name, "").strip():
        if len(value) < 32:
            raise ConfigError(f"{name}: must be at least 32 characters long")
        return value
    if path_value := env.get(file_name, "").strip():
        try:
            value = Path(path_value).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"{file_name}: cannot read {path_value}: {exc.strerror}") from None
        if len(value) < 32:
            raise ConfigError(
                f"{file_name}: the key in {path_value} must be at least 32 characters"
            )
        return value
    try:
        return fallback_file.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        pass
    fallback_file.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(50)
    try:
        # O_EXCL: when two processes start at once, one writes and the other reads its key.
        with fallback_file.open("x", encoding="utf-8") as handle:
            handle.write(value)
        fallback_file.chmod(0o600)
    except FileExistsError:
        return fallback_file.read_text(encoding="utf-8").strip()
    return value


def host_of(url: str) -> str:
    return urlsplit(url).hostname or "localhost"
