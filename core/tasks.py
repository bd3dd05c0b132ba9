"""The django-tasks backend Wagtail's background work runs on.

Wagtail 8 keeps its admin search index and its reference index ("used by") up to date
through django-tasks, one task per saved object. With no worker configured those tasks run
at once (``ImmediateBackend``), which is right for an editor's save. An import writes each
story three times (created, revision, publish) and would index it three times, twice for
nothing: 38 % of an import's time, measured. Inside ``core.bulk.bulk_job()`` this backend
holds the tasks, keeps one per (task, arguments), and runs them when the job ends. Outside a
bulk job it is ``ImmediateBackend`` unchanged. A process killed mid-import leaves the admin
indexes short of some stories until ``update_index`` / ``rebuild_references_index`` is run.
"""

import threading

from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id

from .bulk import bulk_job_finished, in_bulk_job

_held = threading.local()


class BulkAwareImmediateBackend(ImmediateBackend):
    def enqueue(self, task, args, kwargs):
        if not in_bulk_job():
            return super().enqueue(task, args, kwargs)
        self.validate_task(task)
        key = (task.module_path, repr(args), repr(sorted(kwargs.items())))
        pending = _pending()
        if key in pending:
            return pending[key][1]
        result = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        pending[key] = (self, result)
        return result


def _pending():
    if not hasattr(_held, "tasks"):
        _held.tasks = {}
    return _held.tasks


def run_held_tasks(sender, **kwargs):
    """A bulk job ended: each held task runs once, in the order it was first asked for."""
    pending = _pending()
    while pending:
        key = next(iter(pending))
        backend, result = pending.pop(key)
        backend._execute_task(result)


bulk_job_finished.connect(run_held_tasks, dispatch_uid="core.tasks.run_held_tasks")
