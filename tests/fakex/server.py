"""A fake X on 127.0.0.1: a small threaded WSGI server that speaks the documented X API and
OAuth 2.0 protocol, so tests run the real tweepy and django-allauth against it.

Each part of the API lives in its own module and registers its routes on a FakeX instance
(`stream_api.install(fake)`, `oauth_api.install(fake)`, …). Tests read and steer `fake.state`.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import requests
from requests.adapters import HTTPAdapter

Handler = Callable[[dict, Callable], Iterable[bytes]]


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _QuietHandler(WSGIRequestHandler):
    # HTTP/1.1 so that clients keep connections and streaming responses can be long-lived.
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:  # tests read fake.requests instead
        pass


class FakeX:
    def __init__(self) -> None:
        self.routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self.state: dict[str, Any] = {}
        self.requests: list[tuple[str, str]] = []  # (method, path?query) in arrival order
        self._server: _ThreadingServer | None = None
        self._thread: threading.Thread | None = None

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
        for route_method, pattern, handler in self.routes:
            match = pattern.fullmatch(path)
            if route_method == method and match:
                environ["fakex.match"] = match
                return handler(environ, start_response)
        start_response("404 Not Found", [("Content-Type", "application/json")])
        return [b'{"title": "Not Found Error", "detail": "no such endpoint on the fake X"}']

    def start(self) -> FakeX:
        self._server = make_server(
            "127.0.0.1", 0, self, server_class=_ThreadingServer, handler_class=_QuietHandler
        )
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
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
