"""Shows a member the badge levels they reached since their last visit, as messages that the
base template already displays."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages

from .notifications import take_new

SKIP_PREFIXES = tuple(p for p in (settings.STATIC_URL, settings.MEDIA_URL, "/admin/") if p)


class NewLevelsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET" and not request.path.startswith(SKIP_PREFIXES):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                for text in take_new(user.pk):
                    messages.success(request, text, extra_tags="badge-level")
        return self.get_response(request)
