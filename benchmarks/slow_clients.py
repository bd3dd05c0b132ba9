"""Slow clients holding connections to nginx while the benchmark runs (the "slowloris" shape).

Three kinds, as a slow mobile network or a hostile client produces them:

- ``headers``: sends a request line, then one header line every couple of seconds, never
  finishing the request;
- ``body``: a beacon POST announcing a body it sends one byte at a time;
- ``no-read``: asks for a page over and over (pipelined) and never reads the answers, so
  the server's send buffer fills and stays full.

Each client reconnects when nginx gives up on it (timeouts are nginx's job: gunicorn's sync
workers must never see these connections). Whatever nginx answers them is parsed for
status lines: a status ≥ 500 is a failure of the stack, a 408 or a closed connection is the
expected defence. Runs in its own thread with its own asyncio loop.
"""

import asyncio
import contextlib
import re
import socket
import threading
from collections import Counter
from urllib.parse import urlsplit

STATUS_LINE = re.compile(rb"HTTP/1\.[01] (\d{3})")
KINDS = ("headers", "body", "no-read")


class SlowClients:
    def __init__(self, url, count=10, page="/", interval=2.0):
        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.count = count
        self.page = page
        self.interval = interval
        self.statuses = Counter()
        self.connections = Counter()
        self.errors = Counter()
        self.open_now = 0
        self.max_open = 0
        self._stop = None
        self._loop = None
        self._thread = None

    # --- the clients ------------------------------------------------------------
    async def _connect(self):
        reader, writer = await asyncio.open_connection(self.host, self.port)
        sock = writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        return reader, writer

    async def _client(self, kind, number):
        while not self._stop.is_set():
            try:
                reader, writer = await self._connect()
            except OSError as error:
                self.errors[f"{kind}: {type(error).__name__}"] += 1
                await self._sleep(1)
                continue
            self.connections[kind] += 1
            self.open_now += 1
            self.max_open = max(self.max_open, self.open_now)
            received = b""
            try:
                received = await getattr(self, "_" + kind.replace("-", "_"))(reader, writer, number)
            except (ConnectionError, OSError):
                pass  # nginx closed it: the defence working; reconnect
            finally:
                self.open_now -= 1
                for status in STATUS_LINE.findall(received or b""):
                    self.statuses[int(status)] += 1
                writer.close()
                with contextlib.suppress(OSError, TimeoutError):
                    await asyncio.wait_for(writer.wait_closed(), 2)

    async def _sleep(self, seconds):
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), seconds)

    async def _until_closed(self, reader, writer, trickle):
        """Send ``trickle()`` every interval until stopped or nginx answers/closes; return what nginx sent."""
        received = b""
        while not self._stop.is_set():
            writer.write(trickle())
            await writer.drain()
            try:
                chunk = await asyncio.wait_for(reader.read(65536), self.interval)
            except TimeoutError:
                continue
            if not chunk:
                break
            received += chunk
        return received

    async def _headers(self, reader, writer, number):
        writer.write(f"GET {self.page} HTTP/1.1\r\nHost: {self.host}\r\nUser-Agent: slow-client\r\n".encode())
        counter = iter(range(10**9))
        return await self._until_closed(reader, writer, lambda: f"X-Slow-{next(counter)}: {number}\r\n".encode())

    async def _body(self, reader, writer, number):
        writer.write(
            (
                f"POST /api/stats/hit/ HTTP/1.1\r\nHost: {self.host}\r\nUser-Agent: Mozilla/5.0 slow\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n"
            ).encode()
        )
        return await self._until_closed(reader, writer, lambda: b"p")

    async def _no_read(self, reader, writer, number):
        request = f"GET {self.page} HTTP/1.1\r\nHost: {self.host}\r\nUser-Agent: slow-client\r\n\r\n".encode()
        writer.transport.set_write_buffer_limits(high=0)
        for _ in range(50):
            writer.write(request)
        while not self._stop.is_set():
            await self._sleep(self.interval)
            if writer.transport.is_closing() or reader.at_eof():
                break
        # What nginx managed to send before giving up (or before the benchmark ended).
        received = b""
        try:
            while True:
                chunk = await asyncio.wait_for(reader.read(1 << 20), 0.5)
                if not chunk:
                    break
                received += chunk
        except (TimeoutError, OSError):
            pass
        return received

    # --- running in the background -------------------------------------------------
    async def _main(self, ready):
        self._stop = asyncio.Event()
        ready.set()
        await asyncio.gather(*(self._client(KINDS[n % len(KINDS)], n) for n in range(self.count)))

    def start(self):
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_until_complete, args=(self._main(ready),), name="slow-clients", daemon=True
        )
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self):
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
            self._thread.join(30)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def summary(self):
        return {
            "clients": self.count,
            "kinds": {kind: sum(1 for n in range(self.count) if KINDS[n % len(KINDS)] == kind) for kind in KINDS},
            "connections_opened": dict(self.connections),
            "max_open_at_once": self.max_open,
            "statuses": {str(code): count for code, count in sorted(self.statuses.items())},
            "server_errors": sum(count for code, count in self.statuses.items() if code >= 500),
            "connect_errors": dict(self.errors),
        }
