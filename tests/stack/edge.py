"""Helpers for the edge tests: an upstream double that speaks the page-cache contract, raw
HTTP requests (PURGE, exact headers) and misbehaving clients.

The contract between the application and nginx (deploy/nginx/): an answer nginx may keep
carries ``X-Accel-Expires: <seconds>``; one it must not says ``Cache-Control: private,
no-store``. The double answers both ways so the edge is tested on its own; the tests against
the real application (test_edge_site.py) check the same rules where the application applies them.
"""

import contextlib
import http.client
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tools import stack as tools_stack

# Words to make an HTML body worth compressing and recognisable.
FILLER = "Phong trào thi đua yêu nước, khen thưởng kịp thời, nêu gương người tốt việc tốt. " * 40


def require_nginx():
    reason = tools_stack.nginx_missing()
    if reason:
        pytest.skip(reason + " – make test-stack installs it")


@dataclass
class Seen:
    method: str
    path: str
    headers: dict


@dataclass
class UpstreamDouble:
    """A tiny application: ``/trang/…`` cacheable (``X-Accel-Expires``), ``/rieng/…`` private,
    ``/cookie/…`` cacheable but setting a cookie, ``/cham/…`` cacheable after 0.5 s; every
    answer numbers itself so a test can tell a stored copy from a fresh one."""

    failing: bool = False
    lifetime: int = 60
    seen: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, path, method=None):
        with self.lock:
            return sum(1 for s in self.seen if s.path.split("?")[0] == path and (method is None or s.method == method))

    def handler(double):  # noqa: N805 - the handler class closes over the double
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                with double.lock:
                    double.seen.append(Seen(self.command, self.path, dict(self.headers)))
                    number = len(double.seen)
                if double.failing:
                    return self.reply(500, "<h1>Lỗi máy chủ</h1>", {"Cache-Control": "private, no-store"})
                headers = {"Vary": "Cookie"}
                if self.path.startswith("/cham/"):
                    time.sleep(0.5)
                if self.path.startswith("/rieng/") or self.command == "POST":
                    headers["Cache-Control"] = "private, no-store"
                else:
                    headers["X-Accel-Expires"] = str(double.lifetime)
                    headers["Cache-Control"] = "max-age=0"
                if self.path.startswith("/cookie/"):
                    headers["Set-Cookie"] = "csrftoken=abc; Path=/"
                body = f"<!DOCTYPE html><title>Trang</title><p id=n>{number}</p><p>{FILLER}</p>"
                self.reply(200, body, headers)

            def reply(self, status, body, headers):
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_HEAD = do_POST = answer

        return Handler


def number_in(body):
    """The upstream's answer number printed in a double's page."""
    return int(body.split("<p id=n>", 1)[1].split("<", 1)[0])


class RunningDouble:
    def __init__(self):
        self.double = UpstreamDouble()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.double.handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def address(self):
        return f"127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Raw:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")

    @property
    def cache(self):
        return self.headers.get("X-Cache-Status")


def request(base_url, method, path, headers=None, body=None, timeout=15):
    """One request on a fresh connection, nothing added or undone (no redirects, no decompression)."""
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Raw(response.status, response.headers, response.read())
    finally:
        connection.close()


# --- misbehaving clients ------------------------------------------------------------------------


class SlowClients:
    """Connections that hold a server's attention without finishing: request heads trickled a
    byte at a time, request bodies trickled (to the visitor beacon, which reads its body before
    anything else: a view that refuses first, like a login without its CSRF cookie, would let go),
    and answers never read (many requests sent on one connection with a tiny receive window,
    nothing read back)."""

    def __init__(self, port, *, heads=4, bodies=3, readers=3, big_path="/", post_path="/api/stats/hit/"):
        self.port = port
        self.big_path = big_path
        self.post_path = post_path
        self.plan = ["head"] * heads + ["body"] * bodies + ["reader"] * readers
        self.stop = threading.Event()
        self.sockets = []
        self.threads = []

    def __enter__(self):
        for kind in self.plan:
            thread = threading.Thread(target=self._run, args=(kind,), daemon=True)
            thread.start()
            self.threads.append(thread)
        time.sleep(1.0)  # let every one of them get its foot in the door
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.close()
        for thread in self.threads:
            thread.join(timeout=5)

    def _connect(self, small_window=False):
        sock = socket.socket()
        if small_window:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect(("127.0.0.1", self.port))
        self.sockets.append(sock)
        return sock

    def _trickle(self, sock, data, pause=0.3):
        for byte in data:
            if self.stop.wait(pause):
                return
            sock.sendall(bytes([byte]))

    def _run(self, kind):
        try:
            if kind == "head":
                sock = self._connect()
                head = f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nUser-Agent: cham/1.0\r\n"
                head += "X-Padding: " + "a" * 400 + "\r\n\r\n"
                self._trickle(sock, head.encode())
            elif kind == "body":
                sock = self._connect()
                sock.sendall(
                    (
                        f"POST {self.post_path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
                        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n"
                    ).encode()
                )
                self._trickle(sock, b"page=" + b"1" * 995)
            else:
                sock = self._connect(small_window=True)
                one = (
                    f"GET {self.big_path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nAccept-Encoding: identity\r\n\r\n"
                )
                sock.setblocking(False)
                sent = 0
                while not self.stop.wait(0.05) and sent < 200:
                    try:
                        sock.send(one.encode())
                        sent += 1
                    except BlockingIOError:
                        continue
                self.stop.wait()
        except OSError:
            pass  # the server hung up on a slow client: that is its right


def normal_requests(base_url, path, *, duration, interval=0.4, timeout=3):
    """GET ``path`` every ``interval`` seconds for ``duration`` seconds; returns a list of
    statuses, with ``None`` for a request not answered within ``timeout`` seconds."""
    results = []
    deadline = time.monotonic() + duration
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            results.append(request(base_url, "GET", path, {"User-Agent": "binh-thuong/1.0"}, timeout=timeout).status)
        except OSError:
            results.append(None)
        time.sleep(max(0.0, interval - (time.monotonic() - started)))
    return results
