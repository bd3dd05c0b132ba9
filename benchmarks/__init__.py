"""Benchmarks, load tests and their charts: tooling, kept out of the app packages.

Run each as a module from the project root, e.g. ``python -m benchmarks.pages``
(the Makefile's ``bench-*`` targets do). Scripts that need the ORM call
``run_command`` which sets Django up with the settings in
``DJANGO_SETTINGS_MODULE`` (default: the development settings), then parses the
command line like a management command.
"""

import os
import sys


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua_site.settings.dev")
    import django

    django.setup()


def run_command(command_class, argv=None):
    """Run a ``BaseCommand`` subclass from the command line without registering it with ``manage.py``."""
    setup_django()
    argv = sys.argv if argv is None else argv
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    module = spec.name if spec is not None else command_class.__module__
    command_class().run_from_argv([f"python -m {module}", "", *argv[1:]])
