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
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

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
    # Before core: core.frontend_cache replaces the receivers this app connects when ready.
    "wagtail.contrib.frontend_cache",
    "core",
    "users",
    "images",
    "news",
    "importer",
    "search",
    "stats",
    "ratings",
    "honours",
    "axes",
    "captcha",
    "csp",
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
    "core.middleware.ContentLengthMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything touches the database: an address over its limit costs one counter increment.
    "core.ratelimits.RateLimitMiddleware",
    # Anonymous pages served whole from the Django tier keep the CSP header they were stored with.
    "core.pagecache.PageCacheMiddleware",
    # Outside every view (and outside any per-view cache): the nonce in the header is the one the
    # template wrote into this response's body.
    "core.csp.SiteCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "news.review.ReviewFeedbackMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last: the Site for the host and, for a URL served before, its page, without walking the tree.
    "core.routing.RouteMemoMiddleware",
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
# With REDIS_URL every process shares one cache (pages, renditions, rate limits);
# core.cache_backends.ResilientRedisCache turns an unreachable Redis into cache
# misses instead of errors. Without it (``make run``) each process has its own
# memory cache, which is fine for what is only a cache, and the rate-limit
# counters live in the database so every process sees the same count.
# Sessions stay in the database either way: staff can log in while Redis is down.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Visitor statistics may live in a Redis of their own (no eviction, AOF persistence) while REDIS_URL's
# holds caches that may be evicted (maxmemory + allkeys-lru); empty = REDIS_URL.
STATS_REDIS_URL = os.environ.get("STATS_REDIS_URL", "")
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "thidua")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache_backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        },
        "renditions": {
            "BACKEND": "core.cache_backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX + "-rend",
            "TIMEOUT": 60 * 60 * 24,
        },
        "ratelimit": {
            "BACKEND": "core.cache_backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX + "-rl",
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
        "ratelimit": {"BACKEND": "core.cache_backends.DatabaseCounterCache"},
    }
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Page cache (core.pagecache, core.frontend_cache; README "Bộ nhớ đệm trang") ---------
# Django tier: anonymous pages kept this many seconds in the default cache under the content
# version (a publish starts new keys at once); 0 turns it off (benchmarks of rendering).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600") or 0)
PAGE_CACHE_VERSION = "news.cache.content_version"
# nginx tier: X-Accel-Expires on cacheable answers (60 s at most for 301/404). Purges keep
# pages exact; this bounds what purging cannot reach (menu, "Tin liên quan" on other stories).
PAGE_CACHE_PROXY_SECONDS = int(os.environ.get("PAGE_CACHE_PROXY_SECONDS", "300") or 0)
PAGE_CACHE_EXCLUDED_PATHS = ["/admin/", "/documents/", "/api/", "/captcha/", "/media/"]
PAGE_CACHE_QUERY_PARAMS = ["trang", "p"]  # page numbers: the only parameters pages read
PAGE_CACHE_IGNORED_PARAMS = ["fbclid", "gclid", "zarsrc", "zarsrcid"]  # and utm_*: tracking only
# nginx's cache, purged on publish, unpublish, move, delete and privacy changes: PURGE <path>
# with the page's Host header to this address (e.g. http://127.0.0.1:8080). Unset: no purging.
FRONTEND_CACHE_URL = os.environ.get("FRONTEND_CACHE_URL", "")
if FRONTEND_CACHE_URL:
    WAGTAILFRONTENDCACHE = {
        "nginx": {
            "BACKEND": "core.frontend_cache.PurgeHTTPBackend",
            "LOCATION": FRONTEND_CACHE_URL,
            "TIMEOUT": float(os.environ.get("FRONTEND_CACHE_TIMEOUT", "2")),
        }
    }
# django-ratelimit (ratings): counters in the "ratelimit" cache. If that store is
# unreachable the limit is not applied (ratings still need a login and a captcha).
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_FAIL_OPEN = True

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
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
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
# Decoding costs memory by pixels, not by bytes: an 11000×11000 PNG of 353 KB took a worker to
# 2.8 GB. 40 Mpx is above any camera photo an editor uploads (a 45 Mpx full-frame RAW is exported
# smaller for the web) and bounds one decode to about 160 MB (RGBA). Images already stored above it
# (importer, older rows) are never decoded either: images.models.CustomImage refuses the rendition.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(os.environ.get("WAGTAILIMAGES_MAX_IMAGE_PIXELS", 40_000_000))
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(os.environ.get("WAGTAILIMAGES_MAX_UPLOAD_SIZE", 20 * 1024 * 1024))
# Documents readers download: office formats, PDF, plain text and ZIP. Nothing a browser would run
# or render as a page from our origin (html, htm, svg, js, xml, swf…), no executables, no RAR
# (proprietary, needs extra software to open; ZIP covers archives).
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "ppt",
    "pptx",
    "odt",
    "ods",
    "odp",
    "rtf",
    "txt",
    "csv",
    "zip",
]
# Wagtail's background work (admin search index, reference index) runs at once, except inside
# an import, where it waits and runs once per object (core/tasks.py).
TASKS = {"default": {"BACKEND": "core.tasks.BulkAwareImmediateBackend"}}
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
AXES_LOCKOUT_TEMPLATE = "users/lockout.html"
# Behind a reverse proxy REMOTE_ADDR is the proxy: AXES_IPWARE_PROXY_COUNT (number of trusted
# proxies in front, 0 = none) makes the client address come from X-Forwarded-For (core.client_ip).
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_IPWARE_PROXY_COUNT", "0") or 0)
AXES_IPWARE_META_PRECEDENCE_ORDER = env_list("AXES_IPWARE_META_PRECEDENCE_ORDER", "HTTP_X_FORWARDED_FOR,REMOTE_ADDR")
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"

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

# --- Rate limits per client address (core.ratelimits) ----------------------------
# Counters in the "ratelimit" cache like the ratings' limit (Redis in production). Over the limit:
# 429 with a Vietnamese message. Generous for a person, tight for a script.
RATE_LIMITS = {
    "search": os.environ.get("RATE_LIMIT_SEARCH", "60/m"),  # /tim-kiem/ and /api/search/
    "suggest": os.environ.get("RATE_LIMIT_SUGGEST", "120/m"),  # typing in the search box
    "captcha": os.environ.get("RATE_LIMIT_CAPTCHA", "20/m"),  # /captcha/refresh/ (each makes a row)
    "login": os.environ.get("RATE_LIMIT_LOGIN", "30/5m"),  # POSTs to /dang-nhap/ and /admin/login/
    # Comments POSTed to a public consultation (honours.consultation_views), counted before the captcha.
    "consultation": os.environ.get("RATE_LIMIT_CONSULTATION", "5/10m"),
}
# New visitor ids the beacon mints for one address (stats.beacon): above it hits are answered
# but not counted, so one script cannot add thousands of "visitors". An office behind one NAT
# address stays well below it.
STATS_NEW_VISITORS_PER_IP = os.environ.get("STATS_NEW_VISITORS_PER_IP", "60/10m")

# --- Content-Security-Policy (django-csp 4) and Permissions-Policy -------------------
# Public pages: scripts and styles only from this site, inline ones only with the response's nonce
# (templates/base.html), no plugins, nobody frames them (frame-ancestors 'none', as X-Frame-Options
# DENY). Embeds (news/blocks.py) are iframes from the video players below; a social-network embed
# that needs its own script shows as its fallback link. The admin (core.csp.ADMIN_PREFIX) gets
# ADMIN_CONTENT_SECURITY_POLICY instead: Wagtail 8 still writes inline scripts (inline panels, date
# pickers) and inline styles, and frames its own previews.
EMBED_FRAME_SOURCES = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://www.facebook.com",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "frame-src": [SELF, *EMBED_FRAME_SOURCES],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "media-src": [SELF, "blob:"],
        "frame-src": [SELF, *EMBED_FRAME_SOURCES],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
# Powerful browser features nobody on this site needs are switched off for the page and every
# frame in it (django-permissions-policy); full screen stays for the embedded video players.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "ambient-light-sensor": [],
    "autoplay": [],
    "bluetooth": [],
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "encrypted-media": [],
    "fullscreen": ["self", *EMBED_FRAME_SOURCES],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "idle-detection": [],
    "interest-cohort": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "publickey-credentials-get": [],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}

# Elasticsearch for public search at scale; empty means the embedded tantivy index.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
# The alias searches and writes go through; rebuilds point it at a new <alias>-<timestamp> index.
ELASTICSEARCH_INDEX = os.environ.get("ELASTICSEARCH_INDEX", "thidua-articles")
# Seconds a search or an outbox drain waits for the cluster (rebuilds wait longer).
ELASTICSEARCH_TIMEOUT = float(os.environ.get("ELASTICSEARCH_TIMEOUT", "5"))
ELASTICSEARCH_REPLICAS = int(os.environ.get("ELASTICSEARCH_REPLICAS", "0"))
# Where the embedded (tantivy) search index lives: outside the code tree, writable by
# every worker (production: /var/lib/thidua/search). One subdirectory per database.
SEARCH_INDEX_DIR = os.environ.get(
    "SEARCH_INDEX_DIR",
    str(Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / "thidua" / "search"),
)
# Memory the rebuild's tantivy writer may use for buffering (bytes).
SEARCH_INDEX_HEAP = int(os.environ.get("SEARCH_INDEX_HEAP", 256_000_000))

# Visitor statistics: figure carried over from the old portal's "Tất cả" counter.
STATS_START_TOTAL = int(os.environ.get("STATS_START_TOTAL", "0") or 0)
STATS_REDIS_PREFIX = os.environ.get("STATS_REDIS_PREFIX", "thidua:stats:")
# "database" keeps visitor statistics in the database even when Redis is configured (benchmarks).
STATS_STORE = os.environ.get("STATS_STORE", "")
