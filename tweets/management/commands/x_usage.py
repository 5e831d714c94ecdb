"""Print what reading X costs this month (or --month YYYY-MM): by purpose and by day, the
budget, the forecast to the month's end and what is paused."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from tweets.usage import usage


def _month(value: str) -> date:
    try:
        year, month = value.split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        raise CommandError(f"--month takes YYYY-MM, not {value!r}") from None


class Command(BaseCommand):
    help = "Show X reads and their estimated cost by purpose and day, the budget, the forecast and what is paused."

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM (default: this month)")

    def handle(self, *args, month: str | None = None, **options):
        report = usage(_month(month) if month else None)
        plan, out = report.plan, self.stdout.write
        out(f"X reads in {plan.month:%B %Y} (archive mode: {report.mode})")
        budget = f"${plan.budget:.2f}" if plan.budget is not None else "none (X_MONTHLY_BUDGET unset)"
        out(f"Budget: {budget}   spent: ${plan.spent:.2f}")
        if report.is_current:
            out(f"Forecast to the month's end at the current rate: ${plan.forecast:.2f}")
        for purpose, why in plan.paused.items():
            out(self.style.WARNING(f"Paused: {purpose}: {why}"))
        out("")
        out(f"{'purpose':<16}{'calls':>8}{'posts':>9}{'users':>9}{'charged':>9}{'cost':>11}")
        for row in report.by_purpose:
            out(_row(row["purpose"], row))
        out("")
        out(f"{'day':<11}{'purpose':<16}{'calls':>8}{'posts':>9}{'users':>9}{'cost':>11}")
        for row in report.by_day:
            out(f"{row['day']:%Y-%m-%d} {row['purpose']:<16}{row['calls']:>8}{row['posts']:>9}{row['users']:>9}"
                f"{'$' + format(row['cost'], '.2f'):>11}")
        for poll in report.polls:
            when = f"{poll.polled_at:%Y-%m-%d %H:%M:%S}" if poll.polled_at else "never"
            flag = " GAP" if poll.gap else ""
            out(f"#{poll.hashtag}: last polled {when}{' (chat on)' if poll.live else ''}{flag} {poll.error}".rstrip())


def _row(name: str, row: dict) -> str:
    charged = (row["charged_posts"] or 0) + (row["charged_users"] or 0)
    return (f"{name:<16}{row['calls']:>8}{row['posts']:>9}{row['users']:>9}{charged:>9}"
            f"{'$' + format(row['cost'], '.2f'):>11}")
