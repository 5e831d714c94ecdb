"""The visitor's address, for per-IP limits, with or without reverse proxies in front.

Behind TRUSTED_PROXY_COUNT proxies (settings), each appending the address it saw to
X-Forwarded-For, the visitor is the entry that many places from the right: entries further left
are whatever the client sent and prove nothing. With no proxies the header is ignored for the
same reason, and the socket's address is the visitor.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
        # Fewer entries than proxies: a request that reached us some other way (a health check
        # on the private network). Its socket address is as good as we have.
    return request.META.get("REMOTE_ADDR") or "unknown"
