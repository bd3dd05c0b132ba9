"""A TCP relay in front of the machine's Redis that a test can cut, so Redis itself is never stopped."""

import contextlib
import socket
import threading


class Relay:
    """Accepts on 127.0.0.1:<random> and forwards to ``upstream``.

    ``cut()`` drops every open connection and makes new ones close at once
    (connection refused/reset); ``hang()`` accepts and never answers (timeouts);
    ``restore()`` forwards again.
    """

    def __init__(self, upstream=("127.0.0.1", 6379)):
        self.upstream = upstream
        self.mode = "forward"
        self._sockets = set()
        self._lock = threading.Lock()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = self._listener.getsockname()[1]
        self._running = True
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def _track(self, *socks):
        with self._lock:
            self._sockets.update(socks)

    def _accept(self):
        while self._running:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self.mode == "refuse":
                client.close()
                continue
            self._track(client)
            if self.mode == "hang":
                continue
            try:
                upstream = socket.create_connection(self.upstream, timeout=2)
            except OSError:
                client.close()
                continue
            self._track(upstream)
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                self._close(sock)

    def _close(self, sock):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()
        with self._lock:
            self._sockets.discard(sock)

    def drop_connections(self):
        with self._lock:
            open_sockets = list(self._sockets)
        for sock in open_sockets:
            self._close(sock)

    def cut(self):
        self.mode = "refuse"
        self.drop_connections()

    def hang(self):
        self.mode = "hang"
        self.drop_connections()

    def restore(self):
        self.mode = "forward"

    def close(self):
        self._running = False
        self.drop_connections()
        self._listener.close()


def dead_port():
    """A port nothing listens on: bound by us, then released."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def redis_available(url="redis://127.0.0.1:6379/0"):
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001 - any failure means "no Redis here"
        return False
