from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.lib import env


def test_it_parses_a_relative_sqlite_url(tmp_path: Path) -> None:
    config = env.database_config({"DB": "sqlite:///var/x.sqlite3"}, "DB", tmp_path)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "var/x.sqlite3")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_it_parses_an_absolute_sqlite_url(tmp_path: Path) -> None:
    config = env.database_config({"DB": "sqlite:////srv/db.sqlite3"}, "DB", tmp_path)
    assert config["NAME"] == "/srv/db.sqlite3"


def test_it_parses_a_postgres_url_with_escapes(tmp_path: Path) -> None:
    url = "postgres://news%40desk:p%2Fss@db.internal:6543/news?sslmode=require"
    config = env.database_config({"DB": url}, "DB", tmp_path)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"]) == ("news@desk", "p/ss")
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", "6543", "news")
    assert config["OPTIONS"] == {"sslmode": "require"}


@pytest.mark.parametrize(
    "value",
    ["mysql://x/y", "postgres://host", "postgres://host:port/db", "sqlite://", "nonsense"],
)
def test_it_rejects_bad_database_urls_naming_the_variable(value: str, tmp_path: Path) -> None:
    with pytest.raises(env.ConfigError, match=r"^NEWSDESK_DATABASE_URL: "):
        env.database_config({"NEWSDESK_DATABASE_URL": value}, "NEWSDESK_DATABASE_URL", tmp_path)


def test_it_parses_email_urls() -> None:
    assert env.email_config({}, "E").transport == "outbox"
    smtp = env.email_config({"E": "smtp+tls://me%40x.org:secret@mail.x.org"}, "E")
    assert (smtp.host, smtp.port, smtp.use_tls, smtp.use_ssl) == ("mail.x.org", 587, True, False)
    assert (smtp.username, smtp.password) == ("me@x.org", "secret")
    assert env.email_config({"E": "smtps://mail.x.org"}, "E").port == 465
    with pytest.raises(env.ConfigError, match=r"^E: "):
        env.email_config({"E": "pop3://x"}, "E")


def test_it_parses_cache_urls() -> None:
    assert "LocMemCache" in env.cache_config({}, "C")["BACKEND"]
    assert "RedisCache" in env.cache_config({"C": "redis://127.0.0.1:6379/1"}, "C")["BACKEND"]
    with pytest.raises(env.ConfigError, match=r"^C: "):
        env.cache_config({"C": "memcached://x"}, "C")


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("off", False), ("", False)])
def test_it_parses_booleans(raw: str, expected: bool) -> None:
    assert env.env_bool({"B": raw}, "B") is expected


def test_it_rejects_a_vague_boolean() -> None:
    with pytest.raises(env.ConfigError, match=r"^B: "):
        env.env_bool({"B": "maybe"}, "B")


def test_it_requires_an_absolute_site_url() -> None:
    assert env.env_url({"U": "https://news.example.org/"}, "U", "x") == "https://news.example.org"
    with pytest.raises(env.ConfigError, match=r"^U: "):
        env.env_url({"U": "news.example.org"}, "U", "x")


def test_it_generates_a_secret_key_once(tmp_path: Path) -> None:
    keyfile = tmp_path / "var" / "secret_key"
    first = env.secret_key({}, "K", "KF", keyfile)
    assert len(first) >= 50
    assert env.secret_key({}, "K", "KF", keyfile) == first
    assert keyfile.stat().st_mode & 0o777 == 0o600


def test_it_reads_the_secret_key_from_a_file(tmp_path: Path) -> None:
    (tmp_path / "k").write_text("s" * 40 + "\n")
    assert env.secret_key({"KF": str(tmp_path / "k")}, "K", "KF", tmp_path / "unused") == "s" * 40
    with pytest.raises(env.ConfigError, match=r"^KF: cannot read"):
        env.secret_key({"KF": str(tmp_path / "missing")}, "K", "KF", tmp_path / "unused")
    with pytest.raises(env.ConfigError, match=r"^K: "):
        env.secret_key({"K": "short"}, "K", "KF", tmp_path / "unused")
