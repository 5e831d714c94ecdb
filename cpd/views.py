"""The CPD pages under /mywe/cpd/: private to the member (login required; every object is
looked up with the member in the query, so another member or staff gets a 404; never cached,
not even by the member's browser, as they may be on a shared ward computer). Each view
parses the request, checks access, calls one thing and renders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chats.models import Tweetchat
from tweets.models import Account

from . import exports, log, pdf, records, reflections
from .forms import EntryForm, ProfileForm, ReadForm, ReflectionForm
from .models import Entry, Profile, Reflection
from .rules import Register, hours_text


def _entry_or_404(user, pk: int) -> Entry:
    return get_object_or_404(Entry.objects.select_related("chat__community"), pk=pk, member=user)


def _account_id(user) -> int | None:
    return Account.objects.filter(member=user).values_list("id", flat=True).first()


@never_cache
@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    page = log.page(request.user, all_suggestions=request.GET.get("suggestions") == "all")
    return render(request, "cpd/log.html", {"page": page, "profile_form": ProfileForm(instance=page.profile)})


@login_required
@require_POST
def profile(request: HttpRequest) -> HttpResponse:
    found, _ = Profile.objects.get_or_create(member=request.user)
    form = ProfileForm(request.POST, instance=found)
    if form.is_valid():
        form.save()
        messages.success(request, "Your register and renewal date are saved.")
    else:
        messages.error(request, "Enter a valid register and date.")
    return redirect("cpd:home")


@login_required
@require_POST
def accept(request: HttpRequest, chat_id: int) -> HttpResponse:
    part = records.participation_or_404(request.user.pk, chat_id)
    entry = records.accept(request.user, part)
    messages.success(request, f"Added to your CPD log: {entry.title} ({hours_text(entry.minutes)} h).")
    return redirect("cpd:home")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, chat_id: int) -> HttpResponse:
    """A suggestion opened to edit before accepting it."""
    part = records.participation_or_404(request.user.pk, chat_id)
    initial = records.suggested_fields(part)
    initial |= {"hours": hours_text(initial["minutes"]), "participatory_hours": hours_text(initial["participatory_minutes"])}
    form = EntryForm(request.POST or None, initial=initial, tweetchat=True)
    if request.method == "POST" and form.is_valid():
        entry = records.accept(request.user, part, form.entry_fields())
        messages.success(request, f"Added to your CPD log: {entry.title}.")
        return redirect("cpd:home")
    return render(request, "cpd/entry_form.html", {"form": form, "part": part, "title": "Check and accept"})


@login_required
@require_POST
def dismiss(request: HttpRequest, chat_id: int) -> HttpResponse:
    part = records.participation_or_404(request.user.pk, chat_id)
    records.dismiss(request.user, part)
    messages.success(request, f"Dismissed: {part.chat.topic}. You can restore it below.")
    return redirect("cpd:home")


@login_required
@require_POST
def restore(request: HttpRequest, chat_id: int) -> HttpResponse:
    if not records.restore(request.user, chat_id):
        raise Http404("Nothing to restore")
    messages.success(request, "Suggested again.")
    return redirect("cpd:home")


@login_required
@require_POST
def read(request: HttpRequest, chat_id: int) -> HttpResponse:
    """"I read this" on a transcript."""
    # Only an archived chat has a transcript to read.
    chat = get_object_or_404(Tweetchat.objects.filter(status=Tweetchat.Status.ARCHIVED).select_related("community"), pk=chat_id)
    form = ReadForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter the minutes you spent reading, from 5 to 600.")
        return redirect(chat.get_absolute_url())
    entry = records.read(request.user, chat, form.cleaned_data["minutes"])
    messages.success(request, f"Added to your CPD log: reading “{chat.topic}” ({entry.minutes} minutes).")
    return redirect(chat.get_absolute_url())


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    """Any other CPD: a study day, a course, a conference."""
    form = EntryForm(request.POST or None, initial={"start_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry.member = request.user
        entry.save()
        messages.success(request, f"Added to your CPD log: {entry.title}.")
        return redirect("cpd:home")
    return render(request, "cpd/entry_form.html", {"form": form, "title": "Add other CPD"})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_or_404(request.user, pk)
    form = EntryForm(request.POST or None, instance=entry, tweetchat=entry.is_tweetchat)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved: {entry.title}.")
        return redirect("cpd:home")
    return render(request, "cpd/entry_form.html", {"form": form, "entry": entry, "title": "Edit CPD entry"})


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_or_404(request.user, pk)
    entry.delete()
    messages.success(request, f"Deleted: {entry.title}.")
    return redirect("cpd:home")


@never_cache
@login_required
@require_GET
def log_csv(request: HttpRequest) -> HttpResponse:
    entries = Entry.objects.accepted().filter(member=request.user)
    response = HttpResponse(exports.csv_text(entries), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mywe-cpd-log-{timezone.localdate().isoformat()}.csv"'
    return response


def _pdf(body: bytes, kind: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.filename(kind, timezone.localdate())}"'
    return response


def _who(user, account: Account | None) -> str:
    return (account.name or f"@{account.handle}") if account else user.get_username()


@never_cache
@login_required
@require_GET
def log_pdf(request: HttpRequest) -> HttpResponse:
    page = log.page(request.user)
    register = Register(page.profile.register).label
    return _pdf(pdf.log_pdf(page.entries, page.summary, _who(request.user, page.account), register), "cpd-log")


@never_cache
@login_required
@require_GET
def reflection_list(request: HttpRequest) -> HttpResponse:
    found = Reflection.objects.filter(member=request.user).select_related("entry")
    return render(request, "cpd/reflections.html", {"reflections": found})


@never_cache
@login_required
@require_GET
def reflections_pdf(request: HttpRequest) -> HttpResponse:
    found = Reflection.objects.filter(member=request.user).select_related("entry").order_by("entry__start_date", "pk")
    account = Account.objects.filter(member=request.user).first()
    return _pdf(pdf.reflections_pdf(found, _who(request.user, account)), "reflective-accounts")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def reflect(request: HttpRequest, entry_pk: int) -> HttpResponse:
    """Start (or go on with) the reflective account of one CPD entry."""
    entry = _entry_or_404(request.user, entry_pk)
    if entry.status != Entry.Status.ACCEPTED:
        raise Http404("Accept the entry first")
    existing = Reflection.objects.filter(entry=entry).first()
    account_id = _account_id(request.user)
    initial = {} if existing else reflections.draft(entry, account_id)
    names = reflections.names_in_chat(entry, account_id)
    form = ReflectionForm(request.POST or None, instance=existing, initial=initial, names=names)
    if request.method == "POST" and form.is_valid():
        reflection = form.save(commit=False)
        reflection.member, reflection.entry = request.user, entry
        reflection.save()
        messages.success(request, "Your reflective account is saved.")
        return redirect("cpd:reflections")
    return render(request, "cpd/reflection_form.html", {"form": form, "entry": entry, "existing": existing})


@login_required
@require_POST
def reflection_delete(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Reflection, pk=pk, member=request.user)
    found.delete()
    messages.success(request, "Reflective account deleted.")
    return redirect("cpd:reflections")
