from . import admin_import  # noqa: F401
