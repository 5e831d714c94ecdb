"""What we archive and why, and the archive opt-out for the people in it (tweets/consent.py)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from tweets import consent
from tweets.models import Account


class ArchiveChoiceForm(forms.Form):
    choice = forms.ChoiceField(
        label="How should our pages show your tweets?",
        choices=Account.ArchiveChoice.choices,
        widget=forms.RadioSelect,
        required=False,
    )


@require_GET
def about_archive(request: HttpRequest) -> HttpResponse:
    return render(request, "about_archive.html")


@login_required
@require_http_methods(["GET", "POST"])
def archive_choice(request: HttpRequest) -> HttpResponse:
    # Logging in with X proved the account: only its owner reaches its choice.
    account = Account.objects.filter(member=request.user).first()
    if account is None:
        return render(request, "archive_choice.html", {"account": None}, status=403)
    form = ArchiveChoiceForm(request.POST or None, initial={"choice": account.archive_choice})
    if request.method == "POST" and form.is_valid():
        consent.decide(account, form.cleaned_data["choice"])
        return redirect("archive_choice")
    decisions = account.archive_decisions.all()[:10]
    return render(request, "archive_choice.html", {"account": account, "form": form, "decisions": decisions})
