"""What reading X cost, for `manage.py x_usage` and the staff status page: a month's reads and
estimated cost by purpose and by day, the budget, the forecast to the month's end, what the
budget pauses, and how chat-hours polling stands."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from .budget import Plan, month_end, plan
from .chathours import PollStatus, poll_status
from .models import XRead

FIGURES = dict(calls=Sum("calls"), posts=Sum("posts"), users=Sum("users"),
               charged_posts=Sum("charged_posts"), charged_users=Sum("charged_users"), cost=Sum("cost"))


@dataclass
class Usage:
    plan: Plan
    mode: str
    by_purpose: list[dict[str, Any]] = field(default_factory=list)
    by_day: list[dict[str, Any]] = field(default_factory=list)  # newest day first, then purpose
    polls: list[PollStatus] = field(default_factory=list)

    @property
    def is_current(self) -> bool:
        return self.plan.now < month_end(self.plan.month)


def usage(month: date | None = None, now: datetime | None = None) -> Usage:
    """The month containing `month` (this month by default), in three aggregate queries."""
    now = now or timezone.now()
    first = (month or now.astimezone(UTC).date()).replace(day=1)
    end = month_end(first)
    # A past month is seen from its last moment: nothing left to forecast.
    seen_at = min(now, end - timedelta(microseconds=1))
    rows = XRead.objects.filter(day__gte=first, day__lt=end.date())
    result = Usage(plan=plan(seen_at), mode=settings.ARCHIVE_MODE)
    result.by_purpose = list(rows.values("purpose").annotate(**FIGURES).order_by("-cost", "purpose"))
    result.by_day = list(rows.values("day", "purpose").annotate(**FIGURES).order_by("-day", "purpose"))
    if result.is_current and settings.ARCHIVE_MODE == "chat-hours":
        result.polls = poll_status(now)
    return result
