"""The community leaderboards, the leaderboard switch and the newest badges (page and Atom)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_GET, require_POST

from tweets.models import Community

from . import leaderboard


@require_GET
def community_leaderboard(request: HttpRequest, slug: str) -> HttpResponse:
    community = get_object_or_404(Community, slug=slug)
    period = request.GET.get("period", "month")
    if period not in leaderboard.PERIODS:
        period = "month"
    rows = leaderboard.ranking(community, period)
    context = {
        "community": community,
        "rows": rows,
        "period": period,
        "period_label": leaderboard.PERIODS[period][0],
        "periods": leaderboard.PERIODS,
    }
    return render(request, "dashboards/leaderboard.html", context)


@login_required
@require_POST
def leaderboard_switch(request: HttpRequest) -> HttpResponse:
    listed = request.POST.get("listed") == "1"
    leaderboard.set_listed(request.user.pk, listed)
    messages.success(
        request, "You are on your communities' leaderboards." if listed else "You are off the leaderboards."
    )
    return redirect("dashboards:sharing")


@require_GET
def newest_badges(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboards/newest.html", {"badges": leaderboard.newest()})


class NewestBadgesFeed(Feed):
    feed_type = Atom1Feed
    title = "Newest #MyWe badges"
    subtitle = "Badge levels reached by WeCommunities members who share them."

    def link(self) -> str:
        return reverse("dashboards:newest")

    def items(self):
        return leaderboard.newest()

    def item_title(self, item: leaderboard.NewBadge) -> str:
        return f"@{item.handle} reached {item.badge_name} level {item.level}"

    def item_description(self, item: leaderboard.NewBadge) -> str:
        return self.item_title(item)

    def item_link(self, item: leaderboard.NewBadge) -> str:
        return reverse("dashboards:public_dashboard", args=[item.handle, item.badge])

    def item_guid(self, item: leaderboard.NewBadge) -> str:
        return f"badge:{item.handle.lower()}:{item.badge}:{item.level}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: leaderboard.NewBadge):
        return item.reached_at

    def item_updateddate(self, item: leaderboard.NewBadge):
        return item.reached_at
