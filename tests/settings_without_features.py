"""Test settings without the optional features ``stats`` and ``ratings``: news must still render."""

from thidua_site.settings.test import *  # noqa: F401,F403
from thidua_site.settings.test import INSTALLED_APPS

INSTALLED_APPS = [app for app in INSTALLED_APPS if app not in {"stats", "ratings"}]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
