"""A real HTTP server for the demo site on 127.0.0.1 (a free port), with a request log.

- Files come from ``public/``; a directory serves its ``index.html``.
- ``__BASE__`` in XML (gzipped too) and JSON files and robots.txt becomes the server's own base URL
  (feeds need absolute URLs).
- Every response carries an ``ETag`` and ``Last-Modified``; conditional requests get ``304``.
- A missing file is a 404, but under a folder with a ``404.html``: that page, status 200 (a *soft 404*, as
  many sites answer a page they do not have).
- ``routes`` overrides paths with responses, so tests can inject faults: a fixed :class:`Response`, or a
  list answered in turn (the last one repeats: ``[Response(503), Response(200, body)]``); a response may
  be slow (``delay_s``) or a redirect to itself.
- The request log keeps each request's path, headers, answer and arrival time (``time.monotonic()``).
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
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
    ".json": "application/feed+json; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".pdf": "application/pdf",
}


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0  # wait this long before answering
    trickle_s: float = 0.0  # send the body a byte at a time, this long apart (a server that never quite stalls)


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]
    status: int
    at: float = 0.0  # time.monotonic() when the request arrived


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up early (size caps, timeouts) are part of the tests


class SiteServer:
    def __init__(
        self,
        root: Path = PUBLIC,
        routes: dict[str, Response | list[Response]] | None = None,
        *,
        port: int = 0,
        page_delay_s: float = 0.0,
    ) -> None:
        self.root = root
        self.page_delay_s = page_delay_s  # every HTML page from ``root`` answers this slowly
        self.routes = dict(routes or {})
        self._answered: dict[str, int] = {}
        self.in_flight = 0
        self.max_in_flight = 0  # the most requests it was answering at once
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

    def requests(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.log if r.path == path]

    def _record(self, request: Request) -> None:
        with self._lock:
            self.log.append(request)

    def _resolve(self, path: str) -> Response:
        if path in self.routes:
            route = self.routes[path]
            if isinstance(route, Response):
                return route
            with self._lock:
                turn = self._answered[path] = self._answered.get(path, -1) + 1
            return route[min(turn, len(route) - 1)]
        file = (self.root / path.lstrip("/")).resolve()
        if not file.is_relative_to(self.root.resolve()):
            return Response(404, b"not found")
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            for folder in file.parents:  # the nearest folder's 404.html, up to the root
                if not folder.is_relative_to(self.root.resolve()):
                    break
                if (folder / "404.html").is_file():
                    return Response(200, (folder / "404.html").read_bytes(), {"Content-Type": TYPES[".html"]})
            return Response(404, b"<html><body><h1>Page not found</h1></body></html>", {"Content-Type": TYPES[".html"]})
        body = file.read_bytes()
        if file.suffix in (".xml", ".json") or file.name == "robots.txt":
            body = body.replace(b"__BASE__", self.base_url.encode())
        elif file.name.endswith(".xml.gz"):  # a gzipped sitemap
            body = gzip.compress(gzip.decompress(body).replace(b"__BASE__", self.base_url.encode()), mtime=0)
        ctype = TYPES.get(file.suffix, "application/octet-stream")
        return Response(200, body, {"Content-Type": ctype}, self.page_delay_s if file.suffix == ".html" else 0.0)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                with server._lock:
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                try:
                    self._answer()
                finally:
                    with server._lock:
                        server.in_flight -= 1

            def _answer(self) -> None:
                arrived = time.monotonic()
                path = self.path.split("?")[0]
                response = server._resolve(path)
                if response.delay_s:
                    time.sleep(response.delay_s)
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
                server._record(Request(path, {k.lower(): v for k, v in self.headers.items()}, status, arrived))
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if not response.trickle_s:
                    self.wfile.write(body)
                    return
                for index in range(len(body)):
                    try:
                        self.wfile.write(body[index : index + 1])
                        self.wfile.flush()
                    except OSError:  # the client gave up
                        return
                    time.sleep(response.trickle_s)

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
    root: Path = PUBLIC,
    routes: dict[str, Response | list[Response]] | None = None,
    *,
    port: int = 0,
    page_delay_s: float = 0.0,
) -> Iterator[SiteServer]:
    server = SiteServer(root, routes, port=port, page_delay_s=page_delay_s).start()
    try:
        yield server
    finally:
        server.stop()
