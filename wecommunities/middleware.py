"""Site-wide middleware: security headers on every response, and requests that carry a NUL
character turned away before any view passes it to the database (PostgreSQL refuses NUL in
text, which would otherwise be a 500)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest

# Every script and stylesheet is a file of ours (static/); no page has an inline script. Style
# attributes stay allowed (bar widths and community colours are set that way; they cannot run
# code), <style> elements do not. Images: avatars and members' Markdown images come from
# anywhere on https; word clouds are SVG data: images (dashboards/wordclouds.py).
_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "style-src-attr": "'unsafe-inline'",
    "img-src": "'self' data: https:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    # Forms post to us; logging in with X redirects the form's request to X's consent page, which
    # form-action covers too (added per request from X_OAUTH_AUTHORIZE_URL).
    "form-action": "'self'",
}
# Nothing here uses these; a page (or something injected into one) should not ask for them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone", "payment", "usb",
    )
)  # fmt: skip


def content_security_policy() -> str:
    directives = dict(_CSP)
    x = urlsplit(settings.X_OAUTH_AUTHORIZE_URL)
    if x.scheme and x.netloc:
        directives["form-action"] += f" {x.scheme}://{x.netloc}"
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", content_security_policy())
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class RejectNulMiddleware:
    """A NUL in the path is a 404 (no URL of ours has one); in a query parameter, a 400 that
    says so. Views validate their own parameters too; this makes "never a 500" hold for all."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            raise Http404("No such page")
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return HttpResponseBadRequest(
                    "This address has a NUL character in its query, which no page here accepts.",
                    content_type="text/plain; charset=utf-8",
                )
        return self.get_response(request)
