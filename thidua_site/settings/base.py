"""Settings shared by every environment.

Anything that differs between a laptop and the portal's servers comes from an
environment variable, so one code base runs on SQLite or PostgreSQL, with or
without Redis and Elasticsearch.
"""

import datetime
import os
import shutil
from pathlib import Path

import dj_database_url

from thidua_site import formats as _formats

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",
    "users",
    "images",
    "news",
    "importer",
    "search",
    "stats",
    "ratings",
    "axes",
    "captcha",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "news.review.ReviewFeedbackMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thidua_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "thidua_site.wsgi.application"

# --- Database -------------------------------------------------------------
# SQLite by default (no server needed); PostgreSQL in production through
# DATABASE_URL. WAL + IMMEDIATE transactions let SQLite take concurrent
# readers and serialise writers instead of failing with "database is locked".
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "users.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Caches ---------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "thidua"),
        },
        "renditions": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "thidua") + "-rend",
            "TIMEOUT": 60 * 60 * 24,
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "renditions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "renditions",
            "TIMEOUT": 60 * 60,
        },
    }

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# The admin is Vietnamese only: no per-user switch back to Wagtail's English.
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt")]
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]
WAGTAIL_I18N_ENABLED = False
WAGTAIL_USER_TIME_ZONES = ["Asia/Ho_Chi_Minh"]
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
# Typed dates are read day first in every admin language (never month/day);
# thidua_site/formats/ holds the lists, also used when no language is active.
FORMAT_MODULE_PATH = ["thidua_site.formats"]
DATE_INPUT_FORMATS = _formats.DATE_INPUT_FORMATS
DATETIME_INPUT_FORMATS = _formats.DATETIME_INPUT_FORMATS
TIME_INPUT_FORMATS = _formats.TIME_INPUT_FORMATS

# --- Static and media -----------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "thidua_site" / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Wagtail --------------------------------------------------------------
WAGTAIL_SITE_NAME = "Thi đua – Khen thưởng"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "images.CustomImage"
# Images and documents readers already see change only through a reviewer (images/review.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "images.forms.ReviewedImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "images.forms.ReviewedDocumentForm"
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: it is unreachable from the office network and would receive hashes of staff e-mails.
# Avatars are the uploaded picture, else Wagtail's default silhouette.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_USER_LOGIN_FORM = "users.forms.AdminLoginForm"
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
WAGTAILEMBEDS_RESPONSIVE_HTML = True
TAGGIT_CASE_INSENSITIVE = True

LOGIN_URL = "/dang-nhap/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL

# Repeated failed logins (site and admin) lock the account from that address for a while.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "ratings/lockout.html"

# Captcha images are drawn locally (django-simple-captcha); test mode only outside production.
# Readable by eye at the first try (little rotation, dots but no crossing arcs, big letters, no
# look-alike letters), still not plain text for a machine; an audio version is spoken by flite
# (Debian package ``flite``) when it is installed – the widget checks at render time.
CAPTCHA_TEST_MODE = False
CAPTCHA_LENGTH = 5
CAPTCHA_IMAGE_SIZE = (170, 60)
CAPTCHA_FONT_SIZE = 38
CAPTCHA_LETTER_ROTATION = (-12, 12)
CAPTCHA_NOISE_FUNCTIONS = ("ratings.captcha.light_dots",)
CAPTCHA_CHALLENGE_FUNCT = "ratings.captcha.readable_challenge"
CAPTCHA_FLITE_PATH = os.environ.get("CAPTCHA_FLITE_PATH") or shutil.which("flite")
RATINGS_PER_MINUTE = int(os.environ.get("RATINGS_PER_MINUTE", "10"))

# Raw IPs are never stored; sessions only for logged-in staff.
SESSION_COOKIE_HTTPONLY = True

# Elasticsearch for public search at scale; empty means the embedded engine.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
# Where the embedded search engine keeps its index snapshot (one file per database).
SEARCH_INDEX_DIR = os.environ.get("SEARCH_INDEX_DIR", str(BASE_DIR / "var" / "search"))

# Visitor statistics: figure carried over from the old portal's "Tất cả" counter.
STATS_START_TOTAL = int(os.environ.get("STATS_START_TOTAL", "0") or 0)
STATS_REDIS_PREFIX = os.environ.get("STATS_REDIS_PREFIX", "thidua:stats:")
