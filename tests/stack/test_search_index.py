"""The tantivy index as deployed: one index on disk under two gunicorn workers, fed by
the outbox, rebuilt by ``manage.py search_index rebuild`` while readers keep searching.

An archive of a few thousand stories (so a rebuild takes seconds, not milliseconds),
indexed by ``search_index rebuild`` as an operator does after an import. Readers ask
known queries and every answer (count and first-page addresses) must be one that a
complete generation gives: the one live before, or the new one once both workers read
it. Not a single fixed answer: BM25 weighs words by how many documents hold them, so a
story added anywhere, or a rebuild that leaves out deleted documents, shifts every score
a little, and near-identical demo stories can swap places on the first page. Counts do
not move: the stories these tests publish share no word with the known queries.
"""

import contextlib
import fcntl
import json
import os
import re
import signal
import subprocess
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests import servers

from .harness import admin_post, admin_session, database_kinds, prepared_database, running_stack

pytestmark = pytest.mark.slow

ARTICLES = 4000  # a full rebuild: ~5 s recomputing documents, ~1 s filling the index
QUERIES = ["thi đua", "khen thưởng", "điển hình tiên tiến", "lao động sáng tạo", "chuyển đổi số", "phụ nữ"]
WITHIN = 2.0  # seconds for a change to reach every worker
UNDER_LOAD = 5.0  # the same while reader threads keep both workers (and the machine) busy
SMALL_HEAP = 16_000_000  # bytes: tantivy's minimum, so a rebuild's fill flushes segments as it goes
PENDING = re.compile(r"Thay đổi đang chờ: (\d+) \(trong đó (\d+) đã thử lỗi\)")


@dataclass
class Archive:
    stack: object
    root: Path  # SEARCH_INDEX_DIR/<database digest>
    campaign_id: int
    campaign_url: str
    cookies: dict

    @property
    def database(self):
        return self.stack.database

    def manage(self, *args, check=True, timeout=180):
        return servers.manage(self.database.env(), *args, check=check, timeout=timeout)

    def current(self):
        return Path(os.readlink(self.root / "current")).name

    def generations(self):
        return {path.name for path in (self.root / "generations").iterdir()}


@pytest.fixture(scope="module", params=database_kinds())
def archive(request):
    with prepared_database(request.param, articles=ARTICLES) as database, running_stack(database, "archive") as stack:
        facts = stack.shell_json(
            """
import json
from news.models import CampaignPage
from search.engines import get_engine
campaign = CampaignPage.objects.live().order_by("pk").first()
print(json.dumps({"root": str(get_engine().root), "campaign_id": campaign.pk, "campaign_url": campaign.url}))
"""
        )
        yield Archive(
            stack=stack,
            root=Path(facts["root"]),
            campaign_id=facts["campaign_id"],
            campaign_url=facts["campaign_url"],
            cookies=admin_session(stack),
        )


# --- what readers see ----------------------------------------------------------------


def search_path(**params):
    return "/api/search/?" + urlencode(params)


def known_answers(stack):
    """Count and first-page addresses of every known query, relevance and newest first."""
    known = {}
    for query in QUERIES:
        for sort in ("relevance", "newest"):
            path = search_path(q=query, sort=sort)
            reply = stack.get(path)
            assert reply.status == 200, (path, reply.status)
            known[path] = answer(reply)
            assert known[path][0] > 10, (path, known[path])
    return known


def answer(reply):
    found = reply.json()
    return found["count"], frozenset(hit["url"] for hit in found["results"])


def counts(known):
    return {path: count for path, (count, _) in known.items()}


class Readers:
    """Threads asking the known queries back to back until stopped; ``assert_all_correct``
    judges every answer against the complete generations' answers (``also_accept``)."""

    def __init__(self, stack, known, threads=3):
        self.stack, self.paths = stack, list(known)
        self.accepted = {path: {expected} for path, expected in known.items()}
        self.probe = uuid.uuid4().hex
        self.results = []  # (path, status or None, (count, first-page addresses) or error)
        self._stop = threading.Event()
        self._guard = threading.Lock()
        self._threads = [threading.Thread(target=self._read, args=(n,), daemon=True) for n in range(threads)]

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=90)

    def also_accept(self, known):
        for path, expected in known.items():
            self.accepted[path].add(expected)

    def _read(self, offset):
        turn = offset
        while not self._stop.is_set():
            path = self.paths[turn % len(self.paths)]
            turn += 1
            try:
                reply = self.stack.get(path, probe=self.probe)
                result = (path, reply.status, answer(reply) if reply.status == 200 else reply.text[:200])
            except Exception as error:  # noqa: BLE001 - a dropped connection is a failure too
                result = (path, None, repr(error))
            with self._guard:
                self.results.append(result)

    def answered(self):
        with self._guard:
            return len(self.results)

    def wait_for_more(self, count, seconds=1.5, timeout=30):
        """Until ``count`` more answers have come back and ``seconds`` have passed: long
        enough for every worker to have looked at ``current`` again (twice a second)."""
        target, until = self.answered() + count, time.monotonic() + seconds
        wait_for(lambda: self.answered() >= target and time.monotonic() >= until, timeout, f"{count} more answers")

    def assert_all_correct(self, minimum):
        errors = [r for r in self.results if r[1] != 200]
        wrong = [
            (path, found[0])
            for path, status, found in self.results
            if status == 200 and found not in self.accepted[path]
        ]
        assert len(self.results) >= minimum, f"only {len(self.results)} answers"
        assert not errors, f"{len(errors)} of {len(self.results)} failed: {errors[:5]}"
        expected = {path: sorted(count for count, _ in answers) for path, answers in self.accepted.items()}
        assert not wrong, f"{len(wrong)} of {len(self.results)} wrong (path, count): {wrong[:5]}; expected {expected}"
        workers = self.stack.workers_that_answered(self.probe, len(self.results))
        assert len(workers) == 2, workers


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout} s for {what}")
        time.sleep(0.02)


def every_worker_finds(stack, path, url, since, within=WITHIN):
    """Seconds from ``since`` until a burst of 20 searches, answered by both workers, all
    list ``url``; fails if such a burst has not started ``within`` seconds."""
    seen = []
    while True:
        started = time.monotonic() - since
        if started > within:
            status = servers.manage(stack.database.env(), "search_index", "status").stdout
            pytest.fail(
                f"{path}: not found by every worker within {within} s (bursts: {seen[-5:]})\n"
                f"{status}\nserver log:\n{stack.server.log()[-3000:]}"
            )
        replies, workers = stack.burst(path)
        found = sum(r.status == 200 and any(h["url"] == url for h in r.json()["results"]) for r in replies)
        seen.append(f"{found}/20 from {len(workers)} workers at {started:.2f} s")
        if found == len(replies) and len(workers) == 2:
            return started


def no_worker_finds(stack, path, url):
    replies, workers = stack.burst(path)
    assert len(workers) == 2, workers
    assert [r.status for r in replies] == [200] * len(replies), path
    assert not [r for r in replies if any(h["url"] == url for h in r.json()["results"])], f"{path} lists {url}"


# --- what editors and operators do ---------------------------------------------------------


def publish_story(archive):
    """A new story published through the Wagtail admin, i.e. inside one gunicorn worker
    (its outbox drain runs there after commit). Its words are unknown to every query."""
    token = "ztk" + uuid.uuid4().hex[:10]
    slug = f"ban-tin-{token}"
    reply = admin_post(
        archive.stack,
        archive.cookies,
        f"/admin/pages/add/news/articlepage/{archive.campaign_id}/",
        {
            "title": f"Bản tin {token}",
            "slug": slug,
            "dateline": "Hà Nội",
            "sapo": f"Ghi chép {token}.",
            "body-count": "0",
            "tags": "",
            "action-publish": "1",
        },
    )
    assert reply.status == 302, f"publish answered {reply.status}: {reply.text[:1500]}"
    return {"token": token, "slug": slug, "url": f"{archive.campaign_url}{slug}/", "path": search_path(q=token)}


@contextmanager
def rebuilding(archive):
    """``manage.py search_index rebuild`` running in the background, as an operator starts it,
    with the smallest indexing heap tantivy takes: the fill then writes a segment every
    thousand stories or so, and a second segment on disk shows it is under way and has
    read the document table (its files are all created up front, whatever the heap)."""
    with open(archive.database.workdir / f"rebuild-{uuid.uuid4().hex[:6]}.log", "w+") as log:
        process = subprocess.Popen(
            servers.python("manage.py", "search_index", "rebuild", "--no-progress"),
            cwd=servers.ROOT,
            env=archive.database.env(SEARCH_INDEX_HEAP=SMALL_HEAP),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        process.log = log
        try:
            yield process
        finally:
            if process.poll() is None:  # a failed test leaves no rebuild behind
                process.kill()
                process.wait(timeout=30)


def finished(process, timeout=120):
    process.wait(timeout=timeout)
    process.log.seek(0)
    return process.returncode, process.log.read()


@contextmanager
def write_lock_held(archive):
    """The engine's write lock, held by another process of the site (``manage.py shell``)
    through the engine's own ``write_lock``: the flock beside the index on SQLite, the
    advisory lock on PostgreSQL."""
    holder = subprocess.Popen(
        servers.python(
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "import sys\nfrom search.engines import get_engine\n"
            "with get_engine().write_lock(timeout=30):\n    print('held', flush=True)\n    sys.stdin.readline()\n",
        ),
        cwd=servers.ROOT,
        env=archive.database.env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )

    try:
        while (line := holder.stdout.readline()) and line.strip() != "held":
            pass  # whatever the site prints as it starts
        assert line, holder.stderr.read()[-2000:]
        yield
    finally:
        holder.stdin.close()  # readline() returns: the lock is let go as the block ends
        holder.wait(timeout=30)


def redate_quietly(stack, known, year):
    """A story's date corrected in the database without signals (as a bulk import does):
    only a rebuild brings it to the index, so once every worker finds it under ``year``,
    every worker reads the new generation. The story is on no known first page."""
    first_pages = sorted({url for _, urls in known.values() for url in urls})
    moved = stack.shell_json(
        f"""
import datetime as dt, json
from django.utils import timezone
from news.models import ArticlePage
taken = set({first_pages!r})
stories = ArticlePage.objects.live().filter(published_at__year__gte=2000).order_by("pk")
article = next(a for a in stories.iterator() if a.url not in taken)
moment = dt.datetime({year}, 9, 2, 8, tzinfo=timezone.get_current_timezone())
ArticlePage.objects.filter(pk=article.pk).update(published_at=moment)
print(json.dumps(article.url))
"""
    )
    path = search_path(year=year)
    no_worker_finds(stack, path, moved)
    return path, moved


def pending(archive):
    output = archive.manage("search_index", "status").stdout
    match = PENDING.search(output)
    assert match, output
    return int(match.group(1)), int(match.group(2)), output


def segments(archive, generation):
    """The committed segments of a generation (tantivy's meta.json is replaced atomically)."""
    try:
        return json.loads((archive.root / "generations" / generation / "meta.json").read_text())["segments"]
    except (OSError, ValueError, KeyError):
        return None


def filling(archive, before):
    """A generation that was not there before, once its fill has flushed a segment (with no
    commit yet: a rebuild paused or killed now has read the stories but switched nothing)."""
    for name in archive.generations() - before:
        directory = archive.root / "generations" / name
        with contextlib.suppress(OSError):
            if sum(path.suffix == ".idx" for path in directory.iterdir()) >= 2:
                return name
    return None


# --- the tests -------------------------------------------------------------------------


def test_a_story_published_edited_and_unpublished_in_one_worker_reaches_every_worker_within_two_seconds(archive):
    stack = archive.stack
    story = publish_story(archive)
    published = time.monotonic()
    every_worker_finds(stack, story["path"], story["url"], since=published)
    page_id = int(stack.shell(f"from wagtail.models import Page; print(Page.objects.get(slug={story['slug']!r}).pk)"))

    token = "ztk" + uuid.uuid4().hex[:10]
    reply = admin_post(
        stack,
        archive.cookies,
        f"/admin/pages/{page_id}/edit/",
        {
            "title": f"Bản tin {token}",
            "slug": story["slug"],
            "dateline": "Hà Nội",
            "sapo": f"Ghi chép {token}.",
            "body-count": "0",
            "tags": "",
            "action-publish": "1",
        },
    )
    assert reply.status == 302, reply.text[:1500]
    edited = time.monotonic()
    every_worker_finds(stack, search_path(q=token), story["url"], since=edited)
    no_worker_finds(stack, story["path"], story["url"])  # the old words left with the old version

    reply = admin_post(stack, archive.cookies, f"/admin/pages/{page_id}/unpublish/", {})
    assert reply.status == 302, reply.text[:1500]
    unpublished = time.monotonic()
    while True:  # gone from every worker within the same two seconds
        replies, workers = stack.burst(search_path(q=token))
        if len(workers) == 2 and all(r.status == 200 and r.json()["count"] == 0 for r in replies):
            break
        assert time.monotonic() - unpublished < WITHIN, "an unpublished story is still found"


def test_a_publish_while_another_process_holds_the_index_succeeds_and_search_index_drain_delivers_it(archive):
    stack = archive.stack
    with write_lock_held(archive):
        started = time.monotonic()
        # The admin commits a publish in several transactions; after each, the worker's drain
        # waits a moment for the lock, gives up and leaves the change pending.
        story = publish_story(archive)
        seconds = time.monotonic() - started
        assert seconds < 10, f"the editor waited {seconds:.1f} s for the publish"
        count, failed, output = pending(archive)
        assert count >= 1 and failed == 0, output
        no_worker_finds(stack, story["path"], story["url"])
    no_worker_finds(stack, story["path"], story["url"])  # nothing drains until asked

    output = archive.manage("search_index", "drain").stdout
    drained = time.monotonic()
    assert "cập nhật 1, gỡ 0, lỗi 0, còn chờ 0" in output, output
    every_worker_finds(stack, story["path"], story["url"], since=drained)


def test_a_publish_the_index_refuses_is_kept_with_its_error_and_delivered_by_a_later_drain(archive):
    """tantivy's own writer lock held elsewhere (a stuck writer): every write to the index fails."""
    stack = archive.stack
    lock_file = archive.root / "generations" / archive.current() / ".tantivy-writer.lock"
    descriptor = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        story = publish_story(archive)
        count, failed, output = pending(archive)
        assert count >= 1 and failed == count, output
        assert "Lỗi gần nhất" in output, output
        no_worker_finds(stack, story["path"], story["url"])
    finally:
        os.close(descriptor)

    output = archive.manage("search_index", "drain", "--retry-now").stdout
    drained = time.monotonic()
    assert "cập nhật 1, gỡ 0, lỗi 0, còn chờ 0" in output, output
    every_worker_finds(stack, story["path"], story["url"], since=drained)


def test_a_rebuild_under_continuous_searches_changes_no_answer_and_every_worker_moves_to_the_new_generation(
    archive,
):
    """The rebuild is paused mid-fill (SIGSTOP) while a story is published in a worker: the
    fill has read the stories already, so finding the story in the new generation afterwards
    proves the catch-up replay."""
    stack = archive.stack
    known = known_answers(stack)
    in_1999, moved = redate_quietly(stack, known, 1999)
    before, existing = archive.current(), archive.generations()

    with Readers(stack, known) as readers, rebuilding(archive) as rebuild:
        new = wait_for(lambda: filling(archive, existing), 90, "the rebuild's fill")
        rebuild.send_signal(signal.SIGSTOP)
        try:
            assert segments(archive, new) == [], "the rebuild was not paused mid-fill"
            assert archive.current() == before
            story = publish_story(archive)  # drained into the live generation
            every_worker_finds(stack, story["path"], story["url"], since=time.monotonic(), within=UNDER_LOAD)
            readers.also_accept(known_answers(stack))  # the live generation, with the story
        finally:
            rebuild.send_signal(signal.SIGCONT)
        returncode, output = finished(rebuild)
        switched = time.monotonic()
        assert returncode == 0, output
        assert archive.current() == new, output
        every_worker_finds(stack, in_1999, moved, since=switched, within=UNDER_LOAD)
        after = known_answers(stack)  # both workers read the new generation now
        assert counts(after) == counts(known)
        readers.also_accept(after)
        every_worker_finds(stack, story["path"], story["url"], since=time.monotonic(), within=UNDER_LOAD)
        readers.wait_for_more(30)
    readers.assert_all_correct(minimum=100)
    assert before in archive.generations()  # the previous generation is kept, the rest collected


def test_a_rebuild_killed_mid_way_leaves_search_serving_and_the_next_rebuild_cleans_up(archive):
    stack = archive.stack
    known = known_answers(stack)
    in_1998, moved = redate_quietly(stack, known, 1998)
    before, existing = archive.current(), archive.generations()

    with Readers(stack, known) as readers, rebuilding(archive) as rebuild:
        orphan = wait_for(lambda: filling(archive, existing), 90, "the rebuild's fill")
        rebuild.send_signal(signal.SIGKILL)
        returncode, output = finished(rebuild, timeout=30)
        assert returncode == -signal.SIGKILL, output
        readers.wait_for_more(60)  # served on, from the generation that was live
    readers.assert_all_correct(minimum=60)  # exactly as before: nothing else changed
    assert archive.current() == before
    assert segments(archive, orphan) == [], "the rebuild was not killed mid-fill"

    story = publish_story(archive)  # the kill left no lock held: the write goes through at once
    every_worker_finds(stack, story["path"], story["url"], since=time.monotonic())
    assert pending(archive)[0] == 0

    output = archive.manage("search_index", "rebuild", "--no-progress").stdout
    rebuilt = time.monotonic()
    assert "Đã lập chỉ mục" in output, output
    assert archive.current() not in (before, orphan), output
    assert orphan not in archive.generations()
    every_worker_finds(stack, in_1998, moved, since=rebuilt)
    every_worker_finds(stack, story["path"], story["url"], since=time.monotonic())
    after = known_answers(stack)
    assert counts(after) == counts(known)
    with Readers(stack, after) as readers:  # both workers answer alike from the new generation
        readers.wait_for_more(30)
    readers.assert_all_correct(minimum=30)
