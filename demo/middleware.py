"""While `make demo`'s second process is still finishing the demo world (demo/build.py), a
visitor of #MyWe pages is told why CPD, suggested follows and word clouds are not there yet,
rather than meet empty pages without a word."""

from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache

from .models import Build

NOTICE = (
    "The demo world is still being finished in the background: Tweetchat CPD, Suggested Follows, "
    "word clouds and chat networks appear within a few minutes."
)
# Asked at most this often: the answer changes once, when the build finishes.
CHECK_SECONDS = 5
PATHS = ("/mywe/", "/chats/")


def later_part_pending() -> bool:
    pending = cache.get("demo:later-part-pending")
    if pending is None:
        pending = Build.objects.unfinished().exists()
        cache.set("demo:later-part-pending", pending, CHECK_SECONDS)
    return pending


class UnfinishedWorldNotice:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET" and request.path.startswith(PATHS) and later_part_pending():
            messages.info(request, NOTICE, extra_tags="demo-build")
        return self.get_response(request)
