"""The monthly budget for reading X, and what it pauses.

Reads have priorities (tweets/ledger.py): chat hours, then between-chat archiving, then members'
follow graphs, then the deletion re-checks. The month is planned, not just counted: each purpose
is expected to go on spending at its rate so far this month (spent ÷ days gone × days left).
Walking the priorities from the top, a purpose runs only if what is spent already, plus the
expected rest of the month of itself and everything above it, stays within the budget;
otherwise it pauses, and so does everything below it. So the lowest priorities pause first, as
the month's spending approaches the budget, and leave the rest of the month to the chats.

Chat hours are what the archive is for: they pause only when the budget is spent, which the
pauses below them are there to prevent. A new month starts from nothing, so whatever paused
runs again; so does raising the budget (tweets.XBudget, in the admin) at any time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from .ledger import CHAT_HOURS, PRIORITIES
from .models import XBudget, XRead

DAY = timedelta(days=1)


@dataclass
class Plan:
    now: datetime
    month: date  # its first day
    budget: Decimal | None  # None: no budget, nothing ever pauses
    spent: Decimal
    spent_by_purpose: dict[str, Decimal]
    forecast: Decimal  # the month's total at the rate so far
    paused: dict[str, str] = field(default_factory=dict)  # purpose → why, in words

    @property
    def days_left(self) -> float:
        return (month_end(self.month) - self.now).total_seconds() / DAY.total_seconds()

    @property
    def left(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.spent

    def allows(self, purpose: str) -> bool:
        return purpose not in self.paused


def current_budget() -> Decimal | None:
    row = XBudget.objects.filter(dollars__isnull=False).order_by("-updated_at").values_list("dollars", flat=True).first()
    return row if row is not None else settings.X_MONTHLY_BUDGET


def month_start(moment: datetime) -> date:
    return moment.astimezone(UTC).date().replace(day=1)


def month_end(first: date) -> datetime:
    after = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return datetime(after.year, after.month, 1, tzinfo=UTC)


def plan(now: datetime | None = None, budget: Decimal | None | bool = False) -> Plan:
    """This month's spending and what it pauses, in one aggregate query."""
    now = now or timezone.now()
    first = month_start(now)
    if budget is False:
        budget = current_budget()
    rows = (
        XRead.objects.filter(day__gte=first, day__lt=month_end(first).date())
        .values("purpose").annotate(cost=Sum("cost")).order_by()
    )
    by_purpose = {row["purpose"]: Decimal(row["cost"] or 0) for row in rows}
    spent = sum(by_purpose.values(), Decimal(0))
    gone = max((now - datetime(first.year, first.month, 1, tzinfo=UTC)) / DAY, 1.0)
    left = max((month_end(first) - now) / DAY, 0.0)
    ahead = {purpose: cost / Decimal(gone) * Decimal(left) for purpose, cost in by_purpose.items()}
    forecast = spent + sum(ahead.values(), Decimal(0))
    state = Plan(now=now, month=first, budget=budget, spent=spent, spent_by_purpose=by_purpose, forecast=forecast)
    if budget is None:
        return state
    # Purposes outside the priorities (sign-in) are never paused, but their month is reserved.
    committed = spent + sum((v for k, v in ahead.items() if k not in PRIORITIES), Decimal(0))
    stopped = ""
    for purpose in PRIORITIES:
        committed += ahead.get(purpose, Decimal(0))
        if stopped:
            state.paused[purpose] = stopped
        elif spent >= budget:
            stopped = state.paused[purpose] = f"paused: this month's X budget (${budget:.2f}) is spent"
        elif purpose != CHAT_HOURS and committed > budget:
            stopped = state.paused[purpose] = (
                f"paused until {month_end(first):%-d %B}: at this month's rate, X reads would pass "
                f"the budget of ${budget:.2f} (spent ${spent:.2f}); chat hours come first"
            )
    return state


def allows(purpose: str, now: datetime | None = None) -> bool:
    return plan(now).allows(purpose)
