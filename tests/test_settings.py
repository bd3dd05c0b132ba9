"""Settings come from the environment; production refuses unsafe defaults."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import json, django; from django.conf import settings; django.setup();"
    "db = settings.DATABASES['default'];"
    "print(json.dumps({'db': db['ENGINE'], 'name': str(db['NAME']),"
    "'cache': settings.CACHES['default']['BACKEND'], 'debug': settings.DEBUG, 'hosts': settings.ALLOWED_HOSTS,"
    "'lang': settings.LANGUAGE_CODE, 'tz': settings.TIME_ZONE, 'media': str(settings.MEDIA_ROOT),"
    "'es': settings.ELASTICSEARCH_URL, 'ssl': getattr(settings, 'SECURE_SSL_REDIRECT', False)}))"
)


# What production requires besides its services (thidua_site/settings/production.py).
PRODUCTION_MAIL = {
    "WAGTAILADMIN_BASE_URL": "https://thidua.example.gov.vn",
    "EMAIL_URL": "smtp://thidua:secret@mail.example.gov.vn:587",
    "DEFAULT_FROM_EMAIL": "no-reply@thidua.example.gov.vn",
    "ADMINS": "kythuat@thidua.example.gov.vn",
}


def load(settings_module, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL"}}
    clean.update(env, DJANGO_SETTINGS_MODULE=settings_module)
    result = subprocess.run(
        [sys.executable, "-B", "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )
    return result


def test_default_is_sqlite_in_the_project_with_vietnamese_locale():
    result = load("thidua_site.settings.dev")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["db"] == "django.db.backends.sqlite3"
    assert values["name"] == str(ROOT / "db.sqlite3")
    assert (values["lang"], values["tz"]) == ("vi", "Asia/Ho_Chi_Minh")


def test_production_refuses_to_start_without_a_secret_key():
    result = load("thidua_site.settings.production", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_reads_services_from_the_environment():
    result = load(
        "thidua_site.settings.production",
        SECRET_KEY="x" * 50,
        **PRODUCTION_MAIL,
        DATABASE_URL="postgres://thidua:secret@db.internal:5432/thidua",
        REDIS_URL="redis://cache.internal:6379/1",
        ELASTICSEARCH_URL="http://search.internal:9200",
        ALLOWED_HOSTS="thidua.gov.vn,www.thidua.gov.vn",
        MEDIA_ROOT="/srv/thidua/media",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["db"] == "django.db.backends.postgresql"
    assert values["cache"] == "core.cache_backends.ResilientRedisCache"
    assert values["debug"] is False and values["ssl"] is True
    assert values["hosts"] == ["thidua.gov.vn", "www.thidua.gov.vn"]
    assert values["media"] == "/srv/thidua/media"
    assert values["es"] == "http://search.internal:9200"


SHARED_PROBE = (
    "import json, django; from django.conf import settings; django.setup();"
    "print(json.dumps({'caches': {k: v['BACKEND'] for k, v in settings.CACHES.items()},"
    "'sessions': settings.SESSION_ENGINE, 'ratelimit': settings.RATELIMIT_USE_CACHE,"
    "'proxies': settings.AXES_IPWARE_PROXY_COUNT, 'order': settings.AXES_IPWARE_META_PRECEDENCE_ORDER}))"
)


def probe_shared(settings_module, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "AXES_IPWARE_PROXY_COUNT"}}
    clean.update(env, DJANGO_SETTINGS_MODULE=settings_module)
    return subprocess.run(
        [sys.executable, "-c", SHARED_PROBE], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


def test_production_refuses_to_start_without_a_shared_redis():
    result = probe_shared("thidua_site.settings.production", SECRET_KEY="x" * 50, **PRODUCTION_MAIL)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "REDIS_URL must be set" in result.stderr


def test_production_shares_cache_and_rate_limits_through_redis_and_keeps_sessions_in_the_database():
    result = probe_shared(
        "thidua_site.settings.production", SECRET_KEY="x" * 50, REDIS_URL="redis://cache:6379/0", **PRODUCTION_MAIL
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["caches"] == {
        "default": "core.cache_backends.ResilientRedisCache",
        "renditions": "core.cache_backends.ResilientRedisCache",
        "ratelimit": "core.cache_backends.ResilientRedisCache",
    }
    assert values["ratelimit"] == "ratelimit"
    assert values["sessions"] == "django.contrib.sessions.backends.db"
    assert values["proxies"] == 1  # production sits behind one reverse proxy unless told otherwise
    assert values["order"] == ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]


def test_proxy_count_comes_from_the_environment():
    result = probe_shared(
        "thidua_site.settings.production",
        SECRET_KEY="x" * 50,
        REDIS_URL="redis://c/0",
        AXES_IPWARE_PROXY_COUNT="2",
        **PRODUCTION_MAIL,
    )
    assert json.loads(result.stdout)["proxies"] == 2


def test_without_redis_the_rate_limit_counters_are_in_the_database():
    result = probe_shared("thidua_site.settings.dev")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["caches"]["ratelimit"] == "core.cache_backends.DatabaseCounterCache"
    assert values["proxies"] == 0
