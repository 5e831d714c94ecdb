"""What the #MyWe pages show, assembled from cached aggregates, the badges' stored values and
the member's choices. Views call one function here and render."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Lower
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from badges.definitions import BADGES, BY_SLUG
from badges.models import BadgeValue
from tweets.charts import bar_chart, line_chart
from tweets.models import Account

from . import generations, wordclouds
from .boards import BOARDS, Board
from .models import Share
from .standing import Standing, challenge, standings

FOLLOW_BOARDS = {"followers", "following"}


def board_or_404(slug: str) -> Board:
    try:
        return BOARDS[slug]
    except KeyError:
        raise Http404("No such dashboard") from None


def aggregate(board: Board, member_id: int, generation: int | None = None) -> dict:
    """The board's aggregate for this member's current generation (computed on a miss)."""

    def compute() -> dict:
        account_id = Account.objects.filter(member_id=member_id).values_list("id", flat=True).first()
        return board.compute(account_id, member_id)

    return generations.cached(f"board:{board.slug}", member_id, compute, generation=generation)


def own_standing(member_id: int, slug: str) -> tuple[Standing, bool]:
    """The member's standing on one badge and whether its dashboard is shared: one query."""
    row = (
        get_user_model()
        .objects.filter(pk=member_id)
        .annotate(
            value=Subquery(BadgeValue.objects.filter(member_id=OuterRef("pk"), badge=slug).values("value")[:1]),
            shared=Exists(Share.objects.filter(member_id=OuterRef("pk"), dashboard=slug)),
        )
        .values_list("value", "shared")
        .first()
    )
    value, shared = row or (0, False)
    badge = BY_SLUG[slug]
    return Standing(badge, badge.progress(value or 0)), shared


@dataclass
class Dashboard:
    """One badge's dashboard as a page shows it, privately or on a public page. `body` is the
    board's own part, rendered once per member generation and cached as HTML."""

    board: Board
    standing: Standing
    body: SafeString
    public: bool

    @property
    def slug(self) -> str:
        return self.board.slug

    @property
    def badge(self):
        return self.standing.badge


def dashboard(board: Board, member_id: int, item: Standing, *, public: bool, who: str) -> Dashboard:
    generation = generations.current(member_id)

    def render() -> str:
        data = aggregate(board, member_id, generation)
        cloud = None
        if board.slug in FOLLOW_BOARDS:
            cloud = wordclouds.for_page(member_id, board.slug, data["cloud_hash"], data["has_bios"])
        context = {"data": data, "public": public, "who": who, "cloud": cloud, "charts": _charts(board.slug, data, who)}
        return render_to_string(board.template, {"dash": context})

    body = generations.cached(f"board-html:{board.slug}:{int(public)}", member_id, render, generation=generation)
    return Dashboard(board, item, mark_safe(body), public)  # rendered by our own template, escaped there


def _charts(slug: str, data: dict, who: str) -> dict:
    months = data.get("by_month") or []
    if not months:
        return {}
    labels = [m["label"] for m in months]
    if slug == "chats":
        return {"by_month": bar_chart([m["value"] for m in months], labels, f"Chats {who} joined, by month", unit="chats")}
    if slug == "hashtags":
        return {
            "by_month": bar_chart(
                [m["value"] for m in months], labels, f"Tweets with a We hashtag by {who}, by month", unit="tweets"
            )
        }
    if slug == "engagement":
        return {
            "by_month": line_chart(
                {"sent": [m["out"] for m in months], "received": [m["in"] for m in months]},
                labels,
                f"Interactions sent and received by {who}, by month",
            )
        }
    return {}


# ---------------------------------------------------------------- the member's own pages


@dataclass
class Home:
    standings: list[Standing]
    challenge: Standing | None
    shared: set[str]


def home(member_id: int) -> Home:
    items = standings(member_id, recent=True)
    return Home(items, challenge(items), Share.objects.dashboards_of(member_id))


def set_shared(member_id: int, slug: str, shared: bool) -> None:
    """Share or unshare one dashboard; idempotent."""
    if slug not in BOARDS:
        raise ValueError(f"no dashboard {slug!r}")
    if shared:
        Share.objects.get_or_create(member_id=member_id, dashboard=slug)
    else:
        Share.objects.filter(member_id=member_id, dashboard=slug).delete()


def set_all_shared(member_id: int, slugs: set[str]) -> None:
    """Share exactly these dashboards (the settings form)."""
    unknown = slugs - set(BOARDS)
    if unknown:
        raise ValueError(f"no dashboard {', '.join(sorted(unknown))}")
    Share.objects.filter(member_id=member_id).exclude(dashboard__in=slugs).delete()
    Share.objects.bulk_create([Share(member_id=member_id, dashboard=s) for s in slugs], ignore_conflicts=True)


# ---------------------------------------------------------------- public pages


@dataclass
class Profile:
    """A member's public page: their badges and only the dashboards they share."""

    account: Account
    standings: list[Standing]
    shared: list[str]  # in badge order

    @property
    def handle(self) -> str:
        return self.account.handle

    @property
    def display_name(self) -> str:
        return self.account.name or f"@{self.account.handle}"

    @property
    def url(self) -> str:
        return absolute(reverse("dashboards:public", args=[self.account.handle]))

    @property
    def preview_url(self) -> str:
        return absolute(reverse("dashboards:preview", args=[self.account.handle]))

    @property
    def shared_boards(self) -> list[Board]:
        return [BOARDS[slug] for slug in self.shared]

    @property
    def held(self) -> list[Standing]:
        return [s for s in self.standings if s.level]

    @property
    def summary(self) -> str:
        held = sorted(self.held, key=lambda s: -s.level)
        if not held:
            return f"{self.display_name} is collecting #MyWe badges in the WeCommunities."
        parts = ", ".join(f"{s.badge.name} level {s.level}" for s in held[:4])
        return f"{self.display_name}'s #MyWe badges: {parts}."

    @property
    def share_on_x_url(self) -> str:
        text = f"My #MyWe badges from the WeCommunities: {', '.join(f'{s.badge.name} level {s.level}' for s in sorted(self.held, key=lambda s: -s.level)[:3]) or 'just starting'}"
        return "https://x.com/intent/post?" + urlencode({"text": text, "url": self.url})


def profile_or_404(handle: str, slug: str | None = None) -> Profile:
    """The public page of the registered member with this handle, or 404 if there is none or
    they share nothing (a member who shares nothing has no public page)."""
    account = (
        Account.objects.alias(handle_lower=Lower("handle"))
        .filter(handle_lower=handle.lower(), member__isnull=False, deleted_at__isnull=True)
        .only("id", "handle", "name", "avatar_url", "bio", "member_id")
        .order_by("-profile_at")
        .first()
    )
    if account is None:
        raise Http404("No such member")
    shared = Share.objects.dashboards_of(account.member_id)
    if not shared:
        raise Http404("Nothing shared")
    # A public dashboard needs its own badge only; the public page needs all eight.
    items = standings(account.member_id, None if slug is None else [slug])
    return Profile(account, items, [b.slug for b in BADGES if b.slug in shared])


def public_dashboard(profile: Profile, slug: str) -> Dashboard:
    if slug not in profile.shared:
        raise Http404("Not shared")
    item = next(s for s in profile.standings if s.slug == slug)
    return dashboard(board_or_404(slug), profile.account.member_id, item, public=True, who=f"@{profile.handle}")


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"
