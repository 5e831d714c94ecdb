from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Community


def home(request: HttpRequest) -> HttpResponse:
    communities = Community.objects.with_archive_counts()
    return render(request, "tweets/home.html", {"communities": communities})
