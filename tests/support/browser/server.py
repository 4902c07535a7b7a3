"""A tiny HTTP server on 127.0.0.1 for the browser test: serves files from memory and takes
the page's result back as a POST.

Loopback only (the suite blocks every other address), a random free port, one thread per
request, stopped when the ``with`` block ends.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0].lstrip("/") or "index.html"
        found = self.server.files.get(path)
        if found is None:
            self.send_error(404)
            return
        content_type, body = found
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        self.send_response(204)
        self.end_headers()
        if self.path.lstrip("/") == "result":
            self.server.result = body
            self.server.received.set()

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        self.server.requests.append(self.path)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, files: Mapping[str, tuple[str, bytes]]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.files = dict(files)
        self.result: bytes | None = None
        self.received = threading.Event()
        self.requests: list[str] = []

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"

    def wait_for_result(self, timeout: float) -> bytes | None:
        """The POSTed result, or None when none came within ``timeout`` seconds."""
        self.received.wait(timeout)
        return self.result


@contextmanager
def serve(files: Mapping[str, tuple[str, bytes]]) -> Iterator[_Server]:
    """Serve ``files`` (path → (content type, body)) on 127.0.0.1 until the block ends."""
    server = _Server(files)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
