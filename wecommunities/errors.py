"""The site's error pages and what the log says about them.

With DEBUG off Django renders templates/400.html, 403.html, 404.html and 500.html itself. With
DEBUG on (the demo) it answers a 404 or a 400 with its technical page, which lists every URL of
the site to whoever mistypes one; `BrandedErrorsInDebugMiddleware` gives the demo the branded
pages too. A 500 keeps Django's traceback page in development: that one is for the developer.

A 403 is the site working as meant (a member on a staff page), yet Django logs it with a full
traceback; `QuietClientErrors` keeps the one line and drops the traceback."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest, MiddlewareNotUsed, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.views import defaults


class BrandedErrorsInDebugMiddleware:
    """Only with DEBUG: a 404 or 400 as the branded page, not Django's technical one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not settings.DEBUG:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # An address no URL matches fails in the resolver, before any middleware sees an
        # exception: resolve it here first (the demo only; production never runs this).
        try:
            resolve(request.path_info)
        except Resolver404 as missing:
            return defaults.page_not_found(request, missing)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Http404):
            return defaults.page_not_found(request, exception)
        if isinstance(exception, (BadRequest, SuspiciousOperation)):
            return defaults.bad_request(request, exception)
        return None


class QuietClientErrors(logging.Filter):
    """On `django.request`: a 4xx answer is logged as its one line, without the traceback of the
    PermissionDenied or Http404 that produced it. 5xx records keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if 400 <= getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
