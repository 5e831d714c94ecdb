"""Credentials on the web: the issuer, badge classes and credentials at stable public URLs (JSON-LD
for verifiers, HTML for people, by content negotiation or by `.json`), the downloads, the status
lists, the DID document and the verification page."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_http_methods

from badges import artwork, definitions
from tweets.models import Account

from . import baking, issuance, issuer, keys, ob2, ob3, verification
from .forms import MAX_UPLOAD, VerifyForm
from .models import LIST_SIZE, Credential

JSONLD = "application/ld+json"


def _json(data: dict, *, status: int = 200, content_type: str = JSONLD, seconds: int = 300) -> JsonResponse:
    response = JsonResponse(data, status=status, content_type=content_type, json_dumps_params={"indent": 2})
    # Verifiers (backpacks, wallets) fetch these from other origins, without credentials.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = f"public, max-age={seconds}"
    return response


def _file(data: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _wants_json(request: HttpRequest) -> bool:
    return request.get_preferred_type(["text/html", JSONLD, "application/json"]) in {JSONLD, "application/json"}


def _level_or_404(slug: str, level: int) -> definitions.Badge:
    badge = definitions.BY_SLUG.get(slug)
    if badge is None or level not in badge.levels:
        raise Http404("No such badge level")
    return badge


def _servable_or_404(public_id) -> Credential:
    """A credential shown in full: current, and of a badge its member still shares."""
    return get_object_or_404(issuance.servable(), public_id=public_id)


def _stem(credential: Credential) -> str:
    return f"mywe-{credential.badge}-level-{credential.level}"


@require_GET
def did_document(request: HttpRequest) -> JsonResponse:
    return _json(keys.did_document(), content_type="application/did+json", seconds=3600)


@require_GET
def issuer_page(request: HttpRequest) -> HttpResponse:
    if _wants_json(request):
        return issuer_json(request)
    return render(request, "credentials/issuer.html", {"profile": ob2.profile(), "did": keys.did(), "badges": definitions.BADGES})


@require_GET
def issuer_json(request: HttpRequest) -> JsonResponse:
    return _json(ob2.profile(), seconds=3600)


@require_GET
def issuer_png(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(baking.issuer_png(), content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def badge_class(request: HttpRequest, slug: str, level: int) -> HttpResponse:
    badge = _level_or_404(slug, level)
    if _wants_json(request):
        return badge_class_json(request, slug, level)
    context = {
        "badge": badge, "level": level, "data": ob2.badge_class(slug, level), "criteria": issuer.criteria(slug, level),
        "issuer_name": issuer.name(),
    }
    return render(request, "credentials/badge_class.html", context)


@require_GET
def badge_class_json(request: HttpRequest, slug: str, level: int) -> JsonResponse:
    _level_or_404(slug, level)
    return _json(ob2.badge_class(slug, level), seconds=3600)


@require_GET
def badge_class_png(request: HttpRequest, slug: str, level: int) -> HttpResponse:
    _level_or_404(slug, level)
    response = HttpResponse(baking.artwork_png(slug, level), content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def portfolio(request: HttpRequest, handle: str, slug: str) -> HttpResponse:
    """"Add to your portfolio": the shared badge's levels held, each with its downloads."""
    badge = definitions.BY_SLUG.get(slug)
    account = Account.objects.filter(handle__iexact=handle, member__isnull=False).first()
    if badge is None or account is None or not issuance.is_shared(account.member_id, slug):
        raise Http404("Not shared")
    credentials = issuance.for_badge(account.member_id, slug)
    mine = request.user.is_authenticated and request.user.pk == account.member_id
    return render(request, "credentials/portfolio.html", {
        "badge": badge, "account": account, "credentials": credentials, "mine": mine, "issuer_name": issuer.name()
    })


@require_GET
def credential(request: HttpRequest, public_id) -> HttpResponse:
    if _wants_json(request):
        return assertion_json(request, public_id)
    row = get_object_or_404(Credential, public_id=public_id)
    if not row.revoked:
        row = _servable_or_404(public_id)
    report = verification.from_url(issuer.absolute("credential", row.public_id))
    return render(request, "credentials/credential.html", {"credential": row, "report": report}, status=410 if row.revoked else 200)


@require_GET
def assertion_json(request: HttpRequest, public_id) -> JsonResponse:
    """The Open Badges 2.0 hosted assertion; a revoked one answers 410 Gone with the reason."""
    row = get_object_or_404(Credential, public_id=public_id)
    if row.revoked:
        return _json(ob2.revoked(row), status=410, seconds=60)
    return _json(ob2.assertion(_servable_or_404(public_id)), seconds=60)


@require_GET
def baked_png(request: HttpRequest, public_id) -> HttpResponse:
    row = _servable_or_404(public_id)
    png = baking.bake_png(baking.artwork_png(row.badge, row.level), baking.OB2_KEYWORD, issuer.absolute("assertion_json", row.public_id))
    return _file(png, "image/png", f"{_stem(row)}-openbadges2.png")


def _signed_text(row: Credential) -> str:
    return json.dumps(ob3.signed(row), indent=2, ensure_ascii=False)


@require_GET
def credential_json(request: HttpRequest, public_id) -> HttpResponse:
    row = _servable_or_404(public_id)
    return _file(_signed_text(row), JSONLD, f"{_stem(row)}.json")


@require_GET
def credential_svg(request: HttpRequest, public_id) -> HttpResponse:
    row = _servable_or_404(public_id)
    return _file(baking.bake_svg(artwork.svg(row.badge, row.level), _signed_text(row)), "image/svg+xml", f"{_stem(row)}.svg")


@require_GET
def credential_png(request: HttpRequest, public_id) -> HttpResponse:
    row = _servable_or_404(public_id)
    png = baking.bake_png(baking.artwork_png(row.badge, row.level), baking.OB3_KEYWORD, _signed_text(row))
    return _file(png, "image/png", f"{_stem(row)}.png")


@require_GET
def status_list(request: HttpRequest, number: int) -> JsonResponse:
    if not Credential.objects.filter(pk__gte=number * LIST_SIZE, pk__lt=(number + 1) * LIST_SIZE).exists():
        raise Http404("No such status list")
    return _json(ob3.status_list(number), seconds=60)


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Check a credential: POST an address or a file; GET ?url= checks an address (links from
    the credential pages)."""
    report = None
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload:
                report = verification.from_upload(upload.read(MAX_UPLOAD + 1))
            else:
                report = verification.from_url(form.cleaned_data["url"])
    elif request.GET.get("url"):
        form = VerifyForm(initial={"url": request.GET["url"][:500]})
        report = verification.from_url(request.GET["url"][:500])
    else:
        form = VerifyForm()
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    return render(request, "credentials/verify.html", {"form": form, "report": report}, status=status)
