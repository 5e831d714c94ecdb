from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from . import definitions, pages


def _member_id(request: HttpRequest) -> int | None:
    return request.user.pk if request.user.is_authenticated else None


def badge_list(request: HttpRequest) -> HttpResponse:
    return render(request, "badges/list.html", {"summaries": pages.summaries(_member_id(request))})


def badge_detail(request: HttpRequest, slug: str) -> HttpResponse:
    badge = definitions.BY_SLUG.get(slug)
    if badge is None:
        raise Http404("No such badge")
    return render(request, "badges/detail.html", {"page": pages.detail(badge, _member_id(request))})
