"""Test settings: fast hashing, throw-away media, deterministic caches."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F401,F403
from .base import env_bool

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="thidua-test-media-")
_MEDIA_OWNER = os.getpid()


def _remove_media_root(path=MEDIA_ROOT):
    """Uploads made by tests go with the process that made the directory (not a forked child)."""
    if os.getpid() == _MEDIA_OWNER:
        shutil.rmtree(path, ignore_errors=True)


atexit.register(_remove_media_root)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "renditions": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    "ratelimit": {"BACKEND": "core.cache_backends.DatabaseCounterCache"},
}
# The Django page tier is off unless a test turns it on: tests that change rows directly and
# read the page again must not get a copy from before; no purging unless a test sets it up.
PAGE_CACHE_SECONDS = 0
WAGTAILFRONTENDCACHE = None
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tests get a fresh index directory each (root conftest); this one only backs stray use.
SEARCH_INDEX_DIR = str(Path(tempfile.gettempdir()) / f"thidua-test-search-{os.getpid()}")
SEARCH_INDEX_HEAP = 20_000_000
STATS_REDIS_URL = ""  # tests choose their store explicitly
# Tests choose their engine explicitly: the live Elasticsearch suite reads ELASTICSEARCH_URL
# from the environment itself (search/tests/conftest.py), every other test runs on tantivy.
ELASTICSEARCH_URL = ""

CAPTCHA_TEST_MODE = env_bool("CAPTCHA_TEST_MODE", False)
