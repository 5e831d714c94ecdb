"""The staff-only page on live archiving: buffer, consumers, stream, newest tweet, dead letters."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .pipeline import status as pipeline_status


@require_GET
def status(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.is_staff:
        raise PermissionDenied("Only staff can see the pipeline status.")
    return render(request, "tweets/pipeline_status.html", {"state": pipeline_status()})
