"""The uncached pages' ceiling: a WSGI app with no framework, answering the site's own bytes.

``gunicorn benchmarks.bare_wsgi:application`` with ``BARE_WSGI_DIR`` pointing at a directory
written by ``benchmarks.http`` (or ``BARE_WSGI_BODY`` naming one saved page, for
``benchmarks.render_speed``) (``manifest.json``: request path with query string → file,
content type, status). Run in the same gunicorn with the same workers and worker class as
the site, it measures what the server, the sockets and the two cores can do at all: the
site's uncached throughput divided by this is the share left after Django, Wagtail, the
database and the templates. The bytes are read once at start-up, so the app does no I/O.
"""

import json
import os
from pathlib import Path


def load(directory):
    directory = Path(directory)
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    return {
        target: (
            f"{entry['status']} {entry.get('reason', 'OK')}",
            entry["content_type"],
            (directory / entry["file"]).read_bytes(),
        )
        for target, entry in manifest.items()
    }


def make_app(pages):
    def application(environ, start_response):
        target = environ.get("PATH_INFO", "/")
        query = environ.get("QUERY_STRING", "")
        if query:
            target += "?" + query
        page = pages.get(target)
        if page is None:
            start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "0")])
            return [b""]
        status, content_type, body = page
        headers = [("Content-Length", str(len(body)))]
        if content_type:
            headers.append(("Content-Type", content_type))
        start_response(status, headers)
        # The request body (the beacon's form) is read as the site reads it.
        length = environ.get("CONTENT_LENGTH") or "0"
        if length.isdigit() and int(length):
            environ["wsgi.input"].read(min(int(length), 1024))
        return [body]

    return application


def one_page_app(path):
    """Every request answered with one saved page (``BARE_WSGI_BODY``: benchmarks.render_speed)."""
    body = Path(path).read_bytes()
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))]

    def application(environ, start_response):
        start_response("200 OK", headers)
        return [body]

    return application


if os.environ.get("BARE_WSGI_DIR"):
    application = make_app(load(os.environ["BARE_WSGI_DIR"]))
elif os.environ.get("BARE_WSGI_BODY"):
    application = one_page_app(os.environ["BARE_WSGI_BODY"])
else:
    application = None
