"""Bulk jobs: work that follows every single change waits until the job ends.

A publish pushes the page to the search engine as soon as its transaction commits, which
is right for an editor and wasteful for an import of a thousand files: a thousand engine
commits where one would do. Code that runs many changes in a row wraps them in
``bulk_job()``; apps that do follow-up work (``search``) hold it while ``in_bulk_job()`` is
true and do it once when ``bulk_job_finished`` is sent. Nothing is skipped: every change is
still recorded in its own transaction (the search outbox), only the draining waits.
"""

import threading
from contextlib import contextmanager

from django.dispatch import Signal

bulk_job_finished = Signal()
_state = threading.local()


def in_bulk_job():
    return getattr(_state, "depth", 0) > 0


@contextmanager
def bulk_job():
    _state.depth = getattr(_state, "depth", 0) + 1
    try:
        yield
    finally:
        _state.depth -= 1
        if _state.depth == 0:
            bulk_job_finished.send(sender=None)
