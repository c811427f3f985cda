"""Settings for every deployment, read from NEWSDESK_* environment variables.

The variables and their defaults are part of the public contract (shared/CONTRACT.md).
"""

from __future__ import annotations

import os
from pathlib import Path

from newsdesk.lib import env as envparse

BASE_DIR = Path(os.environ.get("NEWSDESK_HOME", Path.cwd())).resolve()
VAR_DIR = BASE_DIR / "var"
_env = os.environ

DEBUG = envparse.env_bool(_env, "NEWSDESK_DEBUG")
SECRET_KEY = envparse.secret_key(
    _env, "NEWSDESK_SECRET_KEY", "NEWSDESK_SECRET_KEY_FILE", VAR_DIR / "secret_key"
)
SITE_URL = envparse.env_url(_env, "NEWSDESK_SITE_URL", "http://127.0.0.1:8000")
SITE_NAME = _env.get("NEWSDESK_SITE_NAME", "Newsdesk")

ALLOWED_HOSTS = ["*"] if DEBUG else [envparse.host_of(SITE_URL), "127.0.0.1", "localhost"]
ALLOWED_HOSTS += [h for h in _env.get("NEWSDESK_ALLOWED_HOSTS", "").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [SITE_URL]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "newsdesk.accounts",
    "newsdesk.publishing",
    "newsdesk.newsletter",
    "newsdesk.ingest",
    "newsdesk.discovery.related",
    "newsdesk.discovery.search",
    "newsdesk.knowledge",
    "newsdesk.api",
    "newsdesk.ops",
    "newsdesk.theme",
]

MIDDLEWARE = [
    "newsdesk.publishing.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "newsdesk.urls"
WSGI_APPLICATION = "newsdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsdesk.theme.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": envparse.database_config(_env, "NEWSDESK_DATABASE_URL", BASE_DIR)}
CACHES = {"default": envparse.cache_config(_env, "NEWSDESK_CACHE_URL")}
EMAIL = envparse.email_config(_env, "NEWSDESK_EMAIL_URL")

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "admin:login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = _env.get("NEWSDESK_TIME_ZONE", "UTC")
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(_env.get("NEWSDESK_MEDIA_ROOT", "").strip() or VAR_DIR / "media").resolve()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A 5 MB article body must save through the admin form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 16 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 4 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = SITE_URL.startswith("https://")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"

# How long an anonymous page stays in the full-page cache when nothing invalidates it first.
# 0 turns the cache off (benchmarks measure the uncached path this way).
PAGE_CACHE_SECONDS = envparse.env_int(_env, "NEWSDESK_PAGE_CACHE_SECONDS", 600, minimum=0)
# The worker's idle sleep between polls for due work.
WORKER_POLL_SECONDS = 2.0

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"newsdesk": {"level": "INFO"}},
}

# What `newsdesk worker` does, in order, on every turn. Each returns truthy when it did work.
WORKER_JOBS = [
    "newsdesk.publishing.services.publish_one_due",
    "newsdesk.ops.tasks.run_one",
    "newsdesk.newsletter.delivery.work",
]
