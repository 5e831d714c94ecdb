"""The Suggested Follows page, dismissing a suggestion, and the opt-out from being suggested.
Each view parses the request, checks access, calls one thing in `panel` and renders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from . import panel


@login_required
@require_GET
def page(request: HttpRequest) -> HttpResponse:
    shown = panel.page(request.user.pk, request.GET.get("we", ""))
    return render(request, "suggestions/page.html", {"page": shown})


@login_required
@require_POST
def dismiss(request: HttpRequest, account_id: int) -> HttpResponse:
    panel.dismiss(request.user.pk, account_id)
    handle = request.POST.get("handle", "")
    messages.success(request, f"We will not suggest @{handle} again." if handle else "We will not suggest them again.")
    return redirect(_back(request, reverse("suggestions:page")))


@login_required
@require_POST
def opt_out(request: HttpRequest) -> HttpResponse:
    """The privacy page's checkbox: a ticked box (opt_out=1) keeps the member out of others'
    suggestions; an unticked one sends nothing and lets them be suggested again."""
    out = request.POST.get("opt_out") == "1"
    panel.set_opted_out(request.user.pk, out)
    messages.success(
        request, "We will not suggest you to others." if out else "Other members may see you among their suggestions."
    )
    return redirect(_back(request, reverse("members:privacy")))


def _back(request: HttpRequest, default: str) -> str:
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return back
    return default
