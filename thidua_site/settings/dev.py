"""Local development: DEBUG on, a throw-away secret, console e-mail."""

from .base import *  # noqa: F401,F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# The development server may run with DEBUG off (the browser tests do, to see the real 404/500
# pages): WhiteNoise then still finds static files in the apps, and SERVE_MEDIA lets Django serve
# uploads, which in production the web server does.
WHITENOISE_USE_FINDERS = True
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)

CAPTCHA_TEST_MODE = env_bool("CAPTCHA_TEST_MODE", False)
