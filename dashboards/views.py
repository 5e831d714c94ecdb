"""#MyWe pages: the member's home and dashboards (private), sharing, public pages and the
preview image. Each view parses the request, checks access, calls one thing and renders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from badges.definitions import BY_SLUG

from . import leaderboard, pages, preview
from .boards import BOARDS


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboards/home.html", {"home": pages.home(request.user.pk), "boards": BOARDS})


@login_required
@require_GET
def dashboard(request: HttpRequest, badge: str) -> HttpResponse:
    return render(request, "dashboards/dashboard.html", {"page": pages.own_page(request.user, badge)})


@login_required
@require_POST
def share(request: HttpRequest, badge: str) -> HttpResponse:
    """The "Share this" switch: POST share=1 to share, share=0 to stop."""
    board = pages.board_or_404(badge)
    wanted = request.POST.get("share")
    if wanted not in {"0", "1"}:
        return HttpResponseBadRequest("share must be 0 or 1")
    pages.set_shared(request.user.pk, board.slug, wanted == "1")
    name = BY_SLUG[board.slug].name
    if wanted == "1":
        messages.success(request, f"Your {name} dashboard is now on your public page.")
    else:
        messages.success(request, f"Your {name} dashboard is private again.")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = f"/mywe/{board.slug}/"
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def sharing(request: HttpRequest) -> HttpResponse:
    """The settings list of what is shared; POST sets the whole list at once."""
    if request.method == "POST":
        chosen = set(request.POST.getlist("dashboards"))
        if chosen - set(BOARDS):
            return HttpResponseBadRequest("unknown dashboard")
        pages.set_all_shared(request.user.pk, chosen)
        messages.success(request, "Your sharing choices are saved." if chosen else "Nothing is shared: your public page is gone.")
        return redirect("dashboards:sharing")
    home = pages.home(request.user.pk)
    account = getattr(request.user, "x_account", None)
    context = {"home": home, "boards": BOARDS, "account": account, "listed": leaderboard.is_listed(request.user.pk)}
    return render(request, "dashboards/sharing.html", context)


@require_GET
def public_profile(request: HttpRequest, handle: str) -> HttpResponse:
    page = pages.public_profile_page(pages.profile_or_404(handle, _origin(request)))
    return render(request, "dashboards/shell.html", {"page": page})


@require_GET
def public_dashboard(request: HttpRequest, handle: str, badge: str) -> HttpResponse:
    page = pages.public_dashboard_page(pages.profile_or_404(handle, _origin(request)), badge)
    return render(request, "dashboards/shell.html", {"page": page})


@require_GET
def preview_png(request: HttpRequest, handle: str) -> HttpResponse:
    profile = pages.profile_or_404(handle)
    image = preview.png(profile)
    if request.headers.get("If-None-Match") == image.etag:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(image.data, content_type="image/png")
    response["ETag"] = image.etag
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _origin(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")
