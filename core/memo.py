"""Per-process answers that hold while the content version stays the same.

Some questions are asked on every request and change only when content does: which
``Site`` a host name means, which page a URL reaches, the portal's settings, whether a
page id is a public article. Publishing, unpublishing, moving, deleting, a privacy change
and saving a site or the portal settings all start a new content version
(``PAGE_CACHE_VERSION``, ``news.cache``), so an answer remembered under a version is
reused only while that version is current: in the process that made the change at once,
in the others within the version's one-second memo, the same bound as every cached
fragment and page.

A process keeps these in memory rather than in Redis: a lookup must cost less than the
query it saves (a Redis round trip costs about as much as a primary-key query), and the
answers are small. Each memo is bounded; when full it starts again empty.
"""

from django.conf import settings
from django.utils.module_loading import import_string


def current_version():
    name = getattr(settings, "PAGE_CACHE_VERSION", "")
    return import_string(name)() if name else 0


_memos = []


def clear_all():
    """Forget every memo of this process (a test that rolled the database back, a restore)."""
    for memo in _memos:
        memo.clear()


class VersionedMemo:
    """A dict emptied whenever the content version changes (or it reaches ``size`` entries).

    The (version, dict) pair is replaced whole, so a thread never reads a dict of one
    version under another; two threads may both compute a missing answer, and either
    result is right.
    """

    def __init__(self, size=10_000):
        self.size = size
        self._state = (None, {})
        _memos.append(self)

    def _answers(self):
        version = current_version()
        memo_version, answers = self._state
        if memo_version != version:
            answers = {}
            self._state = (version, answers)
        return answers

    def get(self, key, default=None):
        return self._answers().get(key, default)

    def set(self, key, value):
        answers = self._answers()
        if len(answers) >= self.size:
            answers = {}
            self._state = (self._state[0], answers)
        answers[key] = value

    def get_or_set(self, key, compute):
        answers = self._answers()
        if key in answers:
            return answers[key]
        value = compute()
        self.set(key, value)
        return value

    def discard(self, key):
        self._state[1].pop(key, None)

    def clear(self):
        self._state = (None, {})
