"""A real HTTP server for the demo site on 127.0.0.1 (a free port), with a request log.

- Files come from ``public/``; a directory serves its ``index.html``.
- ``__BASE__`` in XML files and robots.txt becomes the server's own base URL (feeds need absolute URLs).
- Every response carries an ``ETag`` and ``Last-Modified``; conditional requests get ``304``.
- ``routes`` overrides paths with fixed responses, so tests can inject faults.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PUBLIC = Path(__file__).parent / "public"
LAST_MODIFIED = "Tue, 10 Aug 2021 12:00:00 GMT"
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".pdf": "application/pdf",
}


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]
    status: int


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up early (size caps, timeouts) are part of the tests


class SiteServer:
    def __init__(self, root: Path = PUBLIC, routes: dict[str, Response] | None = None, *, port: int = 0) -> None:
        self.root = root
        self.routes = dict(routes or {})
        self.log: list[Request] = []
        self._lock = threading.Lock()
        try:
            self._httpd = _QuietServer(("127.0.0.1", port), self._handler())
        except OSError:  # the preferred port is taken: any free one
            self._httpd = _QuietServer(("127.0.0.1", 0), self._handler())
        self.base_url = f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def paths(self) -> list[str]:
        with self._lock:
            return [r.path for r in self.log]

    def _record(self, request: Request) -> None:
        with self._lock:
            self.log.append(request)

    def _resolve(self, path: str) -> Response:
        if path in self.routes:
            return self.routes[path]
        file = (self.root / path.lstrip("/")).resolve()
        if not file.is_relative_to(self.root.resolve()):
            return Response(404, b"not found")
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            return Response(404, b"<html><body><h1>Page not found</h1></body></html>", {"Content-Type": TYPES[".html"]})
        body = file.read_bytes()
        if file.suffix == ".xml" or file.name == "robots.txt":
            body = body.replace(b"__BASE__", self.base_url.encode())
        ctype = TYPES.get(file.suffix, "application/octet-stream")
        return Response(200, body, {"Content-Type": ctype})

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                response = server._resolve(path)
                headers = dict(response.headers)
                status = response.status
                body = response.body
                if status == 200:
                    etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                    headers.setdefault("ETag", etag)
                    headers.setdefault("Last-Modified", LAST_MODIFIED)
                    if self.headers.get("If-None-Match") == etag or (
                        "If-None-Match" not in self.headers and self.headers.get("If-Modified-Since") == LAST_MODIFIED
                    ):
                        status, body = 304, b""
                server._record(Request(path, {k.lower(): v for k, v in self.headers.items()}, status))
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler

    def start(self) -> SiteServer:
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@contextmanager
def serve_site(
    root: Path = PUBLIC, routes: dict[str, Response] | None = None, *, port: int = 0
) -> Iterator[SiteServer]:
    server = SiteServer(root, routes, port=port).start()
    try:
        yield server
    finally:
        server.stop()
