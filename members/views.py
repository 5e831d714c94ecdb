"""Account pages of our own, in front of allauth's: the "Log in with X" page, the demo login,
and the privacy page (what we store, connect/disconnect X, delete my data)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from tweets.models import Account

from . import privacy
from .demo_login import DEMO_MODERATOR, demo_login_enabled, personas
from .forms import DeleteDataForm
from .xoauth.provider import x_login_configured

DEMO_PAGE_SIZE = 48
FOLLOWS_PAGE_SIZE = 100


def _next(request: HttpRequest, default: str = "") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def login_page(request: HttpRequest) -> HttpResponse:
    next_url = _next(request)
    if demo_login_enabled():
        query = f"?{urlencode({'next': next_url})}" if next_url else ""
        return redirect(reverse("members:demo_login") + query)
    return render(request, "account/login.html", {"next": next_url, "x_ready": x_login_configured()})


def signup(request: HttpRequest) -> HttpResponse:
    # Accounts are made by logging in with X; there is no password sign-up.
    return redirect("account_login")


def demo_login(request: HttpRequest) -> HttpResponse:
    if not demo_login_enabled():
        raise Http404("The demo login exists only in the demo.")
    next_url = _next(request, settings.LOGIN_REDIRECT_URL)
    if request.method == "POST":
        user_id = request.POST.get("user_id", "")
        if not user_id.isdigit():
            return HttpResponseBadRequest("Choose a member to log in as.")
        # Only demo members (users linked to an X account), never staff but the demo moderator.
        members = get_user_model().objects.filter(is_active=True, is_superuser=False)
        user = get_object_or_404(
            members.filter(Q(x_account__isnull=False, is_staff=False) | Q(username=DEMO_MODERATOR, is_staff=True)),
            pk=int(user_id),
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("admin:index" if user.is_staff else next_url)
    query = request.GET.get("q", "").strip().lstrip("@")
    members = Account.objects.filter(member__isnull=False, member__is_staff=False, member__is_superuser=False).order_by(
        "handle"
    )
    if query:
        members = members.filter(handle__icontains=query)
    page = Paginator(members, DEMO_PAGE_SIZE).get_page(request.GET.get("page"))
    chosen = [] if query or page.number > 1 else personas()
    context = {"page": page, "q": query, "next": next_url, "personas": chosen}
    return render(request, "members/demo_login.html", context)


@login_required
def privacy_page(request: HttpRequest) -> HttpResponse:
    return _privacy(request, DeleteDataForm())


def _privacy(request: HttpRequest, form: DeleteDataForm, status: int = 200) -> HttpResponse:
    context = {
        "holding": privacy.holding(request.user),
        "form": form,
        "x_ready": x_login_configured(),
        "demo": demo_login_enabled(),
    }
    return render(request, "members/privacy.html", context, status=status)


@login_required
def follows_page(request: HttpRequest, which: str) -> HttpResponse:
    # Always the logged-in member's own lists: there is no way to name someone else's.
    account = Account.objects.filter(member=request.user).first()
    if account is None:
        raise Http404("You have not connected X.")
    page = Paginator(privacy.follow_list(account, which), FOLLOWS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "members/follows.html", {"which": which, "page": page, "account": account})


@require_POST
@login_required
def disconnect(request: HttpRequest) -> HttpResponse:
    privacy.disconnect_x(request.user)
    messages.success(request, "X is disconnected: we no longer hold your tokens or read your follows.")
    return redirect("members:privacy")


@require_POST
@login_required
def delete_data(request: HttpRequest) -> HttpResponse:
    form = DeleteDataForm(request.POST)
    if not form.is_valid():
        return _privacy(request, form, status=400)
    privacy.delete_member_data(request.user)
    logout(request)
    messages.success(request, "Your data is deleted and you are logged out.")
    return redirect("/")
