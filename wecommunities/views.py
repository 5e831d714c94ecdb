"""Site-wide pages: the home page with the communities."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tweets.models import Community


def home(request: HttpRequest) -> HttpResponse:
    communities = Community.objects.with_archive_counts()
    return render(request, "home.html", {"communities": communities})
