"""What the #MyWe pages show, assembled from cached aggregates, the badges' stored values and
the member's choices. Views call one function here and render."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from badges.definitions import BADGES, BY_SLUG
from chats.charts import bar_chart, line_chart
from members.follow_graph import note_for
from tweets.models import Account

from . import generations, lookups, wordclouds
from .boards import BOARDS, Board
from .models import Share
from .standing import Standing, challenge, standings

FOLLOW_BOARDS = {"followers", "following"}
# Fragments keyed by everything they show live this long (a changed value makes a new key).
FRAGMENT_SECONDS = 60 * 60


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


def own_standing(user, slug: str) -> tuple[Standing, bool]:
    """The member's standing on one badge and whether its dashboard is shared: one query,
    which also hands the user their X account, so the page header does not ask again."""
    value, shared, account = lookups.value_and_shared(user.pk, slug)
    if "x_account" not in user._state.fields_cache:
        # The reverse one-to-one's own cache: what `user.x_account` would have fetched.
        get_user_model().x_account.related.set_cached_value(user, account)
    badge = BY_SLUG[slug]
    return Standing(badge, badge.progress(value)), shared


def fragment(key: str, render: Callable[[], str], timeout: int = FRAGMENT_SECONDS) -> SafeString:
    """HTML rendered once for everything it depends on (all of it in `key`) and then reused:
    most of a dashboard page is the same for every request until a value changes."""
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, timeout)
    return mark_safe(html)  # rendered by our own templates, which escape


def key_of(*parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


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


@dataclass
class OwnPage:
    """A member's own dashboard page: cached pieces around the live "Share this" switch."""

    dash: Dashboard
    shared: bool
    head: SafeString
    nav: SafeString
    follow_note: str = ""  # a list read only in part (capped) or a read the X budget paused: live, never cached


def own_page(user, slug: str) -> OwnPage:
    board = board_or_404(slug)
    member_id = user.pk
    item, shared = own_standing(user, slug)
    dash = dashboard(board, member_id, item, public=False, who="you")
    head = fragment(
        f"dashboards:head:{key_of(slug, item.value)}",
        lambda: render_to_string("dashboards/_dash_head.html", {"dash": dash}),
    )
    nav = fragment(
        f"dashboards:nav:{slug}",
        lambda: render_to_string("dashboards/_dash_nav.html", {"current": slug, "boards": BOARDS.values()}),
    )
    side = {"followers": "followers", "following": "following"}.get(slug, "")
    return OwnPage(dash, shared, head, nav, note_for(member_id, side) if side else "")


@dataclass
class PublicPage:
    """A public page as the shell template shows it: every part rendered and cached."""

    title: str
    description: str
    head: SafeString
    content: SafeString


def public_profile_page(profile: Profile) -> PublicPage:
    context = {"profile": profile}
    return PublicPage(
        title=f"{profile.display_name}'s #MyWe badges",
        description=profile.summary,
        head=fragment(f"dashboards:pub-head:{profile.key()}", lambda: render_to_string(
            "dashboards/_social_head.html", {**context, "og_title": f"{profile.display_name}'s #MyWe badges", "og_url": profile.url})),
        content=fragment(f"dashboards:pub:{profile.key()}", lambda: render_to_string("dashboards/public.html", context)),
    )


def public_dashboard_page(profile: Profile, slug: str) -> PublicPage:
    dash = public_dashboard(profile, slug)
    generation = generations.current(profile.member_id)
    context = {"profile": profile, "dash": dash}
    title = f"{profile.display_name} · {dash.badge.name} on #MyWe"
    return PublicPage(
        title=title,
        description=profile.summary,
        head=fragment(f"dashboards:pub-head:{profile.key(slug)}", lambda: render_to_string(
            "dashboards/_social_head.html", {**context, "og_title": title, "og_url": profile.url})),
        content=fragment(
            f"dashboards:pub-dash:{profile.key(slug, generation)}",
            lambda: render_to_string("dashboards/public_dashboard.html", context),
        ),
    )


# ---------------------------------------------------------------- the member's own pages


@dataclass
class Home:
    standings: list[Standing]
    challenge: Standing | None
    shared: set[str]

    @property
    def body(self) -> SafeString:
        """The challenge and the eight cards, rendered once for what they show."""
        key = key_of(tuple((s.slug, s.value, tuple(s.new_levels)) for s in self.standings), tuple(sorted(self.shared)))
        return fragment(f"dashboards:home:{key}", lambda: render_to_string("dashboards/_home_body.html", {"home": self}))


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

    account: lookups.PublicAccount
    standings: list[Standing]
    shared: list[str]  # in badge order
    # Where the page was asked for ("https://host:port"): share links and preview tags point there.
    origin: str = ""

    @property
    def handle(self) -> str:
        return self.account.handle

    @property
    def member_id(self) -> int:
        return self.account.member_id

    @property
    def display_name(self) -> str:
        return self.account.name or f"@{self.account.handle}"

    @property
    def url(self) -> str:
        return self._absolute(reverse("dashboards:public", args=[self.account.handle]))

    @property
    def preview_url(self) -> str:
        return self._absolute(reverse("dashboards:preview", args=[self.account.handle]))

    def _absolute(self, path: str) -> str:
        return f"{self.origin or settings.SITE_URL}{path}"

    @property
    def shared_boards(self) -> list[Board]:
        return [BOARDS[slug] for slug in self.shared]

    @property
    def held(self) -> list[Standing]:
        return sorted((s for s in self.standings if s.level), key=lambda s: -s.level)

    @property
    def summary(self) -> str:
        if not self.held:
            return f"{self.display_name} is collecting #MyWe badges in the WeCommunities."
        parts = ", ".join(f"{s.badge.name} level {s.level}" for s in self.held[:4])
        return f"{self.display_name}'s #MyWe badges: {parts}."

    @property
    def share_on_x_url(self) -> str:
        levels = ", ".join(f"{s.badge.name} level {s.level}" for s in self.held[:3]) or "just starting"
        text = f"My #MyWe badges from the WeCommunities: {levels}"
        return "https://x.com/intent/post?" + urlencode({"text": text, "url": self.url})

    def key(self, *more) -> str:
        """A cache key for HTML of this page: everything it shows is in it."""
        values = tuple((s.slug, s.value) for s in self.standings)
        # Ends with the member's id and a version, as generations.forget expects.
        return f"{self.member_id}:{key_of(self.account, values, tuple(self.shared), self.origin, *more)}"


def profile_or_404(handle: str, origin: str = "") -> Profile:
    """The public page of the registered member with this handle, or 404 if there is none or
    they share nothing (a member who shares nothing has no public page). Two queries. Its
    absolute links start with `origin`, the address it was asked for (SITE_URL without one)."""
    account = lookups.public_account(handle)
    if account is None:
        raise Http404("No such member")
    shared, values = lookups.shares_and_values(account.member_id)
    if not shared:
        raise Http404("Nothing shared")
    items = [Standing(b, b.progress(values.get(b.slug, 0))) for b in BADGES]
    return Profile(account, items, [b.slug for b in BADGES if b.slug in shared], origin)


def public_dashboard(profile: Profile, slug: str) -> Dashboard:
    if slug not in profile.shared:
        raise Http404("Not shared")
    item = next(s for s in profile.standings if s.slug == slug)
    return dashboard(board_or_404(slug), profile.member_id, item, public=True, who=f"@{profile.handle}")
