"""Test settings: the real settings, with var/ in a throwaway directory, never the checkout's."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

_HOME = Path(tempfile.mkdtemp(prefix="newsdesk-tests-"))
atexit.register(shutil.rmtree, _HOME, ignore_errors=True)
(_HOME / "var" / "static").mkdir(parents=True)
os.environ["NEWSDESK_HOME"] = str(_HOME)
os.environ.setdefault("NEWSDESK_DATABASE_URL", f"sqlite:///{_HOME}/test.sqlite3")

from newsdesk.settings import *  # noqa: E402, F403

# The hashed-name manifest exists only after collectstatic, which tests do not run.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405
