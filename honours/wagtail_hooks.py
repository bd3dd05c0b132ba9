from . import admin_consultation  # noqa: F401
