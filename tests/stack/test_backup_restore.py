"""A backup taken while the site serves (and, here, while a writer keeps saving) restores into a
fresh database and an empty media directory, and the restored site serves the same article with
every one of its photos; a restore over a database that already holds data is refused.

The restored copy runs as a second deployment would: its own database (SQLite file or new
PostgreSQL database), MEDIA_ROOT, search index, collected static files and Redis prefix, real
gunicorn with production settings. Production leaves /media/ to the web server, so the photos are
fetched from a plain file server on the restored MEDIA_ROOT, as nginx's ``alias`` would serve them.
"""

import contextlib
import functools
import io
import json
import re
import subprocess
import threading
import time
import uuid
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode, urlsplit

import pytest
import requests
from bs4 import BeautifulSoup
from PIL import Image

from tests import servers

from .harness import BROWSER

pytestmark = pytest.mark.slow

WRITER = """
import os, pathlib, time
from taggit.models import Tag
started, stop = pathlib.Path(os.environ["WRITER_STARTED"]), pathlib.Path(os.environ["WRITER_STOP"])
written = 0
while not stop.exists():
    Tag.objects.create(name=f"ghi-trong-luc-sao-luu-{written}", slug=f"ghi-trong-luc-sao-luu-{written}")
    written += 1
    if written == 20:
        started.touch()
    time.sleep(0.005)
print(written)
"""


@contextlib.contextmanager
def media_server(root):
    """/media/ as the web server serves it in production: the files under MEDIA_ROOT, nothing else."""
    handler = functools.partial(QuietFiles, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class QuietFiles(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def page(base_url, path):
    response = requests.get(base_url + path, headers={"User-Agent": BROWSER}, timeout=60)
    assert response.status_code == 200, (path, response.status_code, response.text[:500])
    return BeautifulSoup(response.text, "html.parser")


def text_of(node):
    return re.sub(r"\s+", " ", node.get_text(" ")).strip()


def reading(document):
    """What a reader gets from the article page: the words, and every photo address."""
    article = document.select_one("article.article")
    photos = set()
    for node in article.select(".article__body img[src], .article__body source[srcset], .article__body img[srcset]"):
        if node.get("src"):
            photos.add(node["src"])
        for candidate in (node.get("srcset") or "").split(","):
            if candidate.strip():
                photos.add(candidate.split()[0])
    share = document.select_one('meta[property="og:image"]')
    if share:
        photos.add(share["content"])
    return {
        "title": text_of(article.select_one(".article__title")),
        "sapo": text_of(article.select_one(".article__sapo")),
        "body": text_of(article.select_one(".article__body")),
        "captions": [text_of(caption) for caption in article.select(".article__body figcaption")],
        "photos": sorted(urlsplit(url).path for url in photos),
    }


def an_article_with_photos(database):
    return database.shell_json(
        """
import json
from news.models import ArticlePage
article = next(a for a in ArticlePage.objects.live().public().order_by("pk") if a.photo_count >= 2)
print(json.dumps({"path": article.url, "title": article.title, "photos": article.photo_count}))
"""
    )


def written_during_backup(env):
    code = "from taggit.models import Tag; print(Tag.objects.filter(slug__startswith='ghi-trong-luc-sao-luu-').count())"
    return int(servers.manage(env, "shell", "--no-imports", "-c", code).stdout.strip().splitlines()[-1])


def back_up_while_writing(stack, destination):
    """``backup_site`` with the server answering readers and another process saving rows meanwhile."""
    database = stack.database
    started, stop = database.workdir / "writer-started", database.workdir / "writer-stop"
    writer = subprocess.Popen(
        servers.python("manage.py", "shell", "--no-imports", "-c", WRITER),
        cwd=servers.ROOT,
        env=database.env(WRITER_STARTED=started, WRITER_STOP=stop),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    readers_ok, reading_stopped = [], threading.Event()

    def read():
        while not reading_stopped.is_set():
            readers_ok.append(stack.get("/").status == 200)

    reader = threading.Thread(target=read)
    try:
        deadline = time.monotonic() + 60
        while not started.exists():
            assert writer.poll() is None, writer.communicate()
            assert time.monotonic() < deadline, "the writer never started"
            time.sleep(0.05)
        reader.start()
        clock = time.monotonic()
        result = servers.manage(database.env(), "backup_site", str(destination), "--keep", "2")
        seconds = time.monotonic() - clock
    finally:
        stop.touch()
        reading_stopped.set()
        if reader.is_alive():
            reader.join()
        output, errors = writer.communicate(timeout=60)
    assert writer.returncode == 0, errors[-3000:]
    assert readers_ok and all(readers_ok)
    return result.stdout, seconds, int(output.strip().splitlines()[-1])


def test_a_backup_taken_while_the_site_writes_restores_into_a_fresh_database_with_the_same_article_and_photos(
    stack,
):
    article = an_article_with_photos(stack.database)
    before = reading(page(stack.base_url, article["path"]))
    assert before["title"] == article["title"] and before["sapo"] and before["body"]
    assert len(before["captions"]) == article["photos"] >= 2
    assert before["photos"] and all(path.startswith("/media/images/") for path in before["photos"])

    destination = stack.database.workdir / "backups"
    output, backup_seconds, written = back_up_while_writing(stack, destination)
    assert "Đã sao lưu vào" in output, output
    (backup,) = destination.glob("thidua-*")
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["database"]["vendor"] == stack.database.kind
    assert not any(name.startswith("images/") for name in tarred_names(backup)), "renditions are derived data"

    prefix = f"thidua-restore-{uuid.uuid4().hex[:10]}"
    with (
        servers.scratch_directory("thidua-restore-") as workdir,
        servers.throwaway_database(stack.database.kind, workdir, label="restore") as url,
    ):
        env = servers.production_env(
            url,
            workdir,
            REDIS_URL=servers.REDIS_URL,
            CACHE_KEY_PREFIX=prefix,
            STATS_REDIS_PREFIX=f"{prefix}:stats:",
        )
        try:
            clock = time.monotonic()
            restored = servers.manage(env, "restore_site", str(backup))
            restore_seconds = time.monotonic() - clock
            assert "Đã phục hồi" in restored.stdout, restored.stdout

            again = servers.manage(env, "restore_site", str(backup), check=False)
            assert again.returncode != 0
            assert "Cơ sở dữ liệu đích đã có dữ liệu" in again.stderr, again.stderr[-2000:]

            # Rows the writer committed before the snapshot are in it; none is half there.
            assert 20 <= written_during_backup(env) <= written

            servers.manage(env, "collectstatic", "--noinput", "-v", "0")
            with servers.gunicorn(env, workdir / "restored.log") as server, media_server(workdir / "media") as media:
                after = reading(page(server.base_url, article["path"]))
                assert after == before
                for path in after["photos"]:
                    response = requests.get(media + path.removeprefix("/media"), timeout=30)
                    assert response.status_code == 200, path
                    assert response.headers["Content-Type"].startswith("image/"), path
                    Image.open(io.BytesIO(response.content)).verify()
                found = requests.get(
                    server.base_url + "/api/search/?" + urlencode({"q": article["title"]}),
                    headers={"User-Agent": BROWSER},
                    timeout=60,
                ).json()
                assert article["path"] in [hit["url"] for hit in found["results"]], found
        finally:
            servers.forget_redis_keys(servers.REDIS_URL, prefix)
    sizes = {name: info["bytes"] for name, info in manifest["files"].items()}
    inner = re.search(r"Đã phục hồi trong ([\d.]+) giây", restored.stdout).group(1)
    print(
        f"\n[{stack.database.kind}] backup {manifest['seconds']} s ({backup_seconds:.1f} s with Django's start), "
        f"restore {inner} s ({restore_seconds:.1f} s), files {sizes}, {len(after['photos'])} photo addresses "
        f"checked, {written} rows written during the backup"
    )


def test_a_restore_over_a_database_that_holds_data_is_refused_and_leaves_it_untouched(stack, tmp_path):
    """The live site's own database is the one a mistaken restore would destroy."""
    destination = tmp_path / "backups"
    servers.manage(stack.database.env(), "backup_site", str(destination), "--no-media")
    (backup,) = destination.glob("thidua-*")
    pages_before = stack.shell("from wagtail.models import Page; print(Page.objects.count())")
    refused = servers.manage(stack.database.env(), "restore_site", str(backup), check=False)
    assert refused.returncode != 0
    assert "Cơ sở dữ liệu đích đã có dữ liệu" in refused.stderr and "--force" in refused.stderr
    assert stack.shell("from wagtail.models import Page; print(Page.objects.count())") == pages_before
    assert stack.get("/").status == 200


def tarred_names(backup):
    import tarfile

    with tarfile.open(backup / "media.tar") as archive:
        return archive.getnames()
