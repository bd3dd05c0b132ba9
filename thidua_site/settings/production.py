"""Production: everything secret or host-specific comes from the environment.

Refuses to start without SECRET_KEY, keeps DEBUG off unless asked, and turns on
the HTTPS protections a public government portal needs.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import REDIS_URL, SECRET_KEY, env_bool

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")

DEBUG = env_bool("DEBUG", False)

if env_bool("CAPTCHA_TEST_MODE", False):
    raise ImproperlyConfigured("CAPTCHA_TEST_MODE is for automated tests only and is refused in production.")
CAPTCHA_TEST_MODE = False

# Several worker processes (gunicorn -w N, several hosts) must share the cache, the
# rate limits and the statistics: a per-process memory cache would give each worker
# its own truth. Redis is required; when it blinks the site keeps answering
# (core.cache_backends.ResilientRedisCache).
if not REDIS_URL:
    raise ImproperlyConfigured(
        "REDIS_URL must be set in production (e.g. redis://127.0.0.1:6379/0): "
        "worker processes share the cache, rate limits and statistics through it."
    )

# Production runs behind a reverse proxy (see SECURE_PROXY_SSL_HEADER): one trusted proxy
# unless told otherwise, so lockouts are keyed on the visitor's address, not the proxy's.
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_IPWARE_PROXY_COUNT", "1") or 0)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False}},
}
