"""Running import_articles in a test as an operator runs it, with its two streams kept apart."""

import io

from django.core.management import call_command


def run(*args):
    """``import_articles --no-progress ARGS``: (stdout, stderr); a failure raises ``CommandError``."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import_articles", "--no-progress", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()
