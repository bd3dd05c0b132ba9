"""Local development: DEBUG on, a throw-away secret, console e-mail."""

from .base import *  # noqa: F401,F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

CAPTCHA_TEST_MODE = env_bool("CAPTCHA_TEST_MODE", False)
