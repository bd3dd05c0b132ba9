"""A TCP relay the test controls, standing between the server and the machine's Redis.

Cutting it drops every open connection and refuses new ones, as a Redis restart or a
network failure would look to the server; the machine's Redis itself is never touched.
"""

import contextlib
import select
import socket
import threading

from tests.servers import free_port


class TcpRelay:
    def __init__(self, target_host="127.0.0.1", target_port=6379):
        self.target = (target_host, target_port)
        self.port = free_port()
        self._lock = threading.Lock()
        self._sockets = set()
        self._listener = None
        self._stop = threading.Event()
        self._acceptor = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        self._listener = listener
        self._stop = threading.Event()
        self._acceptor = threading.Thread(target=self._accept, args=(listener, self._stop), daemon=True)
        self._acceptor.start()

    def cut(self):
        """Stop listening (new connections are refused) and drop every open connection."""
        self._stop.set()
        self._acceptor.join(timeout=5)
        self._listener.close()
        with self._lock:
            sockets, self._sockets = list(self._sockets), set()
        for sock in sockets:
            _close(sock)

    def restore(self):
        if self._stop.is_set():
            self.start()

    def close(self):
        if self._listener is not None and not self._stop.is_set():
            self.cut()

    def _accept(self, listener, stop):
        while not stop.is_set():
            ready, _, _ = select.select([listener], [], [], 0.05)
            if not ready or stop.is_set():
                continue
            try:
                client, _ = listener.accept()
            except OSError:
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                _close(client)
                continue
            with self._lock:
                if stop.is_set():
                    _close(client)
                    _close(upstream)
                    continue
                self._sockets |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with self._lock:
                self._sockets -= {source, sink}
            _close(source)
            _close(sink)


def _close(sock):
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
