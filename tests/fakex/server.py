"""A fake X on 127.0.0.1: a small threaded WSGI server that speaks the documented X API and
OAuth 2.0 protocol, so tests run the real tweepy and django-allauth against it.

Each part of the API lives in its own module and registers its routes on a FakeX instance
(`stream_api.install(fake)`, `oauth_api.install(fake)`, …). Tests read and steer `fake.state`.

`fake.served` counts what X would bill, per endpoint (the path with ids as `:id`): calls, and
the posts and users returned (`data`, and the `includes`), each stream line as it is sent.
"""

from __future__ import annotations

import json
import re
import socket
import struct
import sys
import threading
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer, make_server

import requests
from requests.adapters import HTTPAdapter

Handler = Callable[[dict, Callable], Iterable[bytes]]


class DropConnection(Exception):
    """Raised by a handler (or its response iterator) to cut the connection at once, without
    ending the response: the client sees a network error, as when X's stream goes away."""


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _ChunkedHandler(ServerHandler):
    """wsgiref answers HTTP/1.0 and ends a body of unknown length by closing. X answers HTTP/1.1
    and streams with chunked transfer encoding, so a response of unknown length is sent chunked
    here too: the client's chunk decoder is then what notices a connection cut mid-response."""

    http_version = "1.1"
    chunked = False

    def cleanup_headers(self) -> None:
        super().cleanup_headers()
        if "Content-Length" not in self.headers and self.environ.get("SERVER_PROTOCOL") == "HTTP/1.1":
            self.headers["Transfer-Encoding"] = "chunked"
            self.chunked = True
        # One request per connection (wsgiref's request handler serves one and closes).
        self.headers["Connection"] = "close"

    def write(self, data: bytes) -> None:
        assert type(data) is bytes, "write() argument must be a bytes instance"
        if not self.status:
            raise AssertionError("write() before start_response()")
        if not self.headers_sent:
            self.bytes_sent = len(data)
            self.send_headers()
        else:
            self.bytes_sent += len(data)
        if self.chunked:
            if data:  # an empty chunk would end the body
                self._write(b"%x\r\n%s\r\n" % (len(data), data))
        else:
            self._write(data)
        self._flush()

    def finish_content(self) -> None:
        if self.headers_sent and self.chunked:
            self._write(b"0\r\n\r\n")
            self._flush()
        else:
            super().finish_content()

    def handle_error(self) -> None:
        if isinstance(sys.exc_info()[1], DropConnection):
            self.request_handler.abort()
            return
        super().handle_error()


class _QuietHandler(WSGIRequestHandler):
    # HTTP/1.1 so that clients keep connections and streaming responses can be long-lived.
    protocol_version = "HTTP/1.1"

    def handle(self) -> None:
        # WSGIRequestHandler.handle, with the chunking handler above.
        self.raw_requestline = self.rfile.readline(65537)
        if len(self.raw_requestline) > 65536:
            self.send_error(414)
            return
        if not self.parse_request():
            return
        handler = _ChunkedHandler(
            self.rfile, self.wfile, self.get_stderr(), self.get_environ(), multithread=False
        )
        handler.request_handler = self
        handler.run(self.server.get_app())

    def abort(self) -> None:
        """Reset the connection (RST, no orderly end), like a network failure."""
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass

    def finish(self) -> None:
        try:
            super().finish()
        except OSError:  # the connection was aborted above
            pass

    def log_message(self, *args: Any) -> None:  # tests read fake.requests instead
        pass


class FakeX:
    def __init__(self) -> None:
        self.routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self.state: dict[str, Any] = {}
        self.requests: list[tuple[str, str]] = []  # (method, path?query) in arrival order
        self.served: dict[str, dict[str, int]] = {}  # endpoint → calls, posts, users
        self._served_lock = threading.Lock()
        self._server: _ThreadingServer | None = None
        self._thread: threading.Thread | None = None
        # Set by stop(): long-lived (streaming) handlers end their responses when they see it.
        self.stopped = threading.Event()

    def route(self, method: str, pattern: str) -> Callable[[Handler], Handler]:
        """Register a WSGI handler for METHOD and a path regex (matched in full)."""

        def register(handler: Handler) -> Handler:
            self.routes.append((method.upper(), re.compile(pattern), handler))
            return handler

        return register

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        query = environ.get("QUERY_STRING", "")
        self.requests.append((method, f"{path}?{query}" if query else path))
        endpoint = re.sub(r"(?<=.)/\d+(?=/|$)", "/:id", path)  # not the version, /2
        self.count(endpoint, calls=1)
        for route_method, pattern, handler in self.routes:
            match = pattern.fullmatch(path)
            if route_method == method and match:
                environ["fakex.match"] = match
                return self._serve(endpoint, handler, environ, start_response)
        start_response("404 Not Found", [("Content-Type", "application/json")])
        return [b'{"title": "Not Found Error", "detail": "no such endpoint on the fake X"}']

    def _serve(self, endpoint: str, handler: Handler, environ: dict, start_response: Callable) -> Iterable[bytes]:
        status: list[str] = []

        def starting(code: str, headers: list, *args: Any) -> Any:
            status.append(code)
            return start_response(code, headers, *args)

        body = handler(environ, starting)
        if isinstance(body, list) and status and status[0].startswith("2"):
            self.count_body(endpoint, b"".join(body))  # a whole answer; a stream counts its lines
        return body

    def count(self, endpoint: str, calls: int = 0, posts: int = 0, users: int = 0) -> None:
        with self._served_lock:
            row = self.served.setdefault(endpoint, {"calls": 0, "posts": 0, "users": 0})
            row["calls"] += calls
            row["posts"] += posts
            row["users"] += users

    def count_body(self, endpoint: str, raw: bytes) -> None:
        """Count the posts and users one answer (or one stream line) returned."""
        try:
            body = json.loads(raw)
        except ValueError:
            return
        if not isinstance(body, dict):
            return
        data = body.get("data") or []
        data = [data] if isinstance(data, dict) else data
        data = [item for item in data if isinstance(item, dict) and "id" in item]
        includes = body.get("includes") or {}
        posts, users = len(includes.get("tweets") or []), len(includes.get("users") or [])
        if endpoint.startswith("/2/users/"):
            users += len(data)
        else:
            posts += len(data)
        if posts or users:
            self.count(endpoint, posts=posts, users=users)

    def start(self) -> FakeX:
        self._server = make_server(
            "127.0.0.1", 0, self, server_class=_ThreadingServer, handler_class=_QuietHandler
        )
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopped.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"


class ToFakeX(HTTPAdapter):
    """A requests transport adapter that sends requests for a real X host to the fake instead.
    Mounted on tweepy's own session, it leaves tweepy's request, paging and back-off code as is."""

    def __init__(self, real_base: str, fake_base: str) -> None:
        super().__init__()
        self.real_base, self.fake_base = real_base.rstrip("/"), fake_base.rstrip("/")

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        if request.url and request.url.startswith(self.real_base):
            request.url = self.fake_base + request.url[len(self.real_base) :]
        return super().send(request, **kwargs)


def point_session_at(session: requests.Session, fake: FakeX, real_base: str = "https://api.twitter.com") -> None:
    session.mount(real_base, ToFakeX(real_base, fake.url))
