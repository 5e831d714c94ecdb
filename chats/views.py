from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import groupby

import orjson
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from tweets import consent
from tweets.models import Community, Tweet
from wecommunities.client_ip import client_ip

from . import calendar_feed, community_page, host_analytics, network_svg, proposals, transcript
from .charts import bar_chart
from .forms import ChatFilterForm, GuestHostForm, known_about
from .models import ChatTweet, Tweetchat
from .transcript_html import entries_html

ARCHIVE_PAGE_SIZE = 20
# How far back the iCalendar feed reaches, so subscribers keep recent chats in their calendars.
FEED_HISTORY_DAYS = 60


@require_GET
def calendar(request: HttpRequest) -> HttpResponse:
    filters = ChatFilterForm(request.GET or None)
    community = filters.cleaned_data["community"] if filters.is_valid() else None
    now = timezone.now()
    chats = Tweetchat.objects.upcoming(now).select_related("community").prefetch_related("hosts").order_by("start")
    if community is not None:
        chats = chats.filter(community=community)
    chats = unnamed(list(chats))
    days = [
        (day, list(group))
        for day, group in groupby(
            chats, key=lambda c: timezone.localtime(c.start, timezone.get_default_timezone()).date()
        )
    ]
    return render(
        request,
        "chats/calendar.html",
        {"filters": filters, "community": community, "days": days, "now": now},
    )


@require_GET
def feed(request: HttpRequest, community: str | None = None) -> HttpResponse:
    selected = get_object_or_404(Community, slug=community) if community else None
    now = timezone.now()
    chats = Tweetchat.objects.on_calendar().filter(start__gte=now - timedelta(days=FEED_HISTORY_DAYS))
    if selected is not None:
        chats = chats.filter(community=selected)
    name = f"{selected.display_hashtag} chats" if selected else "WeCommunities chats"
    site_url = request.build_absolute_uri("/").rstrip("/")
    chats = unnamed(list(chats.select_related("community").order_by("start")))
    body = calendar_feed.feed(chats, name, now, selected, site_url)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{selected.slug if selected else "wecommunities"}-chats.ics"'
    return response


@require_GET
def community(request: HttpRequest, slug: str) -> HttpResponse:
    page = community_page.build(get_object_or_404(Community, slug=slug))
    unnamed(page.upcoming + page.recent)
    return render(request, "chats/community.html", {"page": page, "community": page.community})


@require_http_methods(["GET", "POST"])
def host(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "chats/host_form.html", {"form": GuestHostForm(initial=known_about(request.user))})
    ip = client_ip(request)
    if request.POST.get("website"):
        # A bot filled in the hidden field: it sees the usual thanks, nobody gets an email.
        return redirect("chats:host_thanks")
    if proposals.rate_limited(ip):
        form = GuestHostForm(request.POST)
        return render(request, "chats/host_form.html", {"form": form, "rate_limited": True}, status=429)
    form = GuestHostForm(request.POST)
    if not form.is_valid():
        return render(request, "chats/host_form.html", {"form": form}, status=400)
    chat = proposals.propose(form.cleaned_data)
    proposals.count_proposal(ip)
    request.session["proposed_chat"] = chat.pk
    return redirect("chats:host_thanks")


@require_GET
def host_thanks(request: HttpRequest) -> HttpResponse:
    chat_id = request.session.get("proposed_chat")
    chat = Tweetchat.objects.select_related("community").filter(pk=chat_id).first() if chat_id else None
    return render(request, "chats/host_thanks.html", {"chat": chat})


def _chat_or_404(community: str, day: date, slug: str, *related: str) -> Tweetchat:
    chat = (
        Tweetchat.objects.on_calendar()
        .select_related("community", *related)
        .filter(community__slug=community, slug=slug, start__date=day)
        .order_by("start")
        .first()
    )
    if chat is None:
        raise Http404("No chat here")
    return chat


@require_GET
def chat(request: HttpRequest, community: str, day: date, slug: str) -> HttpResponse:
    # The stored network comes in the chat's own query (a reverse one-to-one join).
    found = _chat_or_404(community, day, slug, "network")
    built = transcript.build(found)
    chart = ""
    if built.tweets:
        chart = bar_chart(
            [n for _, n in built.buckets],
            transcript.bucket_labels(built.buckets),
            "Tweets per five minutes (UK time)",
            unit="tweets",
            colours=[found.community.colour],
        )
    accounts = {t.author_id: t.author for t in built.rows}
    stored = getattr(found, "network", None)  # None when not laid out yet (no query: joined)
    by, shown = transcript.by_author(built, request.GET.get("by", ""))
    return render(
        request,
        "chats/chat.html",
        {
            "chat": found,
            "t": built,
            "chart": chart,
            "now": timezone.now(),
            "entries_html": entries_html(shown),
            "by": by,
            "peak_answers": max((q.answers for q in built.questions), default=0),
            "network": network_svg.draw(stored.data, accounts) if stored else None,
            "is_host": request.user.is_authenticated
            and (request.user.is_staff or any(h.member_id == request.user.pk for h in built.hosts)),
        },
    )


@require_GET
def chat_hosting(request: HttpRequest, community: str, day: date, slug: str) -> HttpResponse:
    found = _chat_or_404(community, day, slug)
    built = transcript.build(found)
    host_analytics.check_access(request.user, found, built.hosts)
    analytics = host_analytics.build(found, built)
    return render(request, "chats/host_analytics.html", {"chat": found, "a": analytics, "t": built})


@require_GET
def chat_export(request: HttpRequest, community: str, day: date, slug: str, fmt: str) -> StreamingHttpResponse:
    found = _chat_or_404(community, day, slug)
    built = transcript.build(found)
    rows = transcript.export_rows(built)
    if fmt == "csv":
        body: Iterator[bytes | str] = _csv_lines(rows)
        content_type = "text/csv; charset=utf-8"
    else:
        body = (orjson.dumps(row) + b"\n" for row in rows)
        content_type = "application/x-ndjson"
    response = StreamingHttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{found.community.slug}-{day.isoformat()}-{found.slug}.{fmt}"'
    )
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(rows: Iterator[dict]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so spreadsheet apps read the file as UTF-8
    yield writer.writerow(transcript.EXPORT_COLUMNS)
    for row in rows:
        yield writer.writerow([_cell(row[column]) for column in transcript.EXPORT_COLUMNS])


def _cell(value) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheet apps: quote it so an
    # archived tweet can never execute on a researcher's machine (JSONL keeps the exact text).
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@require_GET
def archive(request: HttpRequest) -> HttpResponse:
    filters = ChatFilterForm(request.GET or None)
    community, query = (None, "")
    if filters.is_valid():
        community, query = filters.cleaned_data["community"], filters.cleaned_data["q"].strip()
    chats = Tweetchat.objects.past().select_related("community").prefetch_related("hosts").order_by("-start")
    if community is not None:
        chats = chats.filter(community=community)
    if query:
        chats = chats.filter(Q(topic__icontains=query) | Q(description__icontains=query))
    page = Paginator(chats, ARCHIVE_PAGE_SIZE).get_page(request.GET.get("page"))
    listed = unnamed(list(page.object_list))
    counts = _chat_counts([c.pk for c in listed])
    for item in listed:
        item.tweet_count, item.participant_count = counts.get(item.pk, (0, 0))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "chats/archive.html",
        {
            "filters": filters,
            "page": page,
            "chats": listed,
            "query": query,
            "community": community,
            "querystring": params.urlencode(),
        },
    )


def unnamed(chats: list[Tweetchat]) -> list[Tweetchat]:
    """The chats with @mentions of people who opted out of the archive masked in their
    descriptions (in memory, for display): one query for the page."""
    redact = consent.redactor(consent.hidden_handles())
    for chat in chats:
        chat.description = redact(chat.description)
    return chats


def _chat_counts(chat_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Tweets (retweets aside) and participants of a page of chats, in one grouped query."""
    if not chat_ids:
        return {}
    rows = (
        ChatTweet.objects.filter(chat_id__in=chat_ids)
        .values("chat_id")
        .annotate(
            tweets=Count("id", filter=~Q(tweet__kind=Tweet.Kind.RETWEET)),
            people=Count("author_id", distinct=True),
        )
        .order_by()
    )
    return {row["chat_id"]: (row["tweets"], row["people"]) for row in rows}
