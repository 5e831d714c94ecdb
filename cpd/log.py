"""The CPD page of one member, in three queries of its own whatever the number of entries:
1. their profile and X account, 2. their entries (with the id of any reflective account),
3. their suggestions with each chat, its community and its hosts. The totals against the
register's rule are worked out in Python from the entries already read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Aggregate, CharField, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Concat
from django.utils import timezone

from tweets.models import Account

from . import suggestions
from .models import Entry, Participation, Profile, Reflection
from .rules import Method, Rule, hours_text, rule_for, window

# Suggestions listed at first: a member who joined hundreds of chats gets the newest and a link
# to all of them (rendering 600 cards took over half a second).
SHOWN = 20
PROFILE = Profile._meta.db_table
ACCOUNT = Account._meta.db_table
ACCOUNT_FIELDS = ["id", "handle", "name", "avatar_url", "member_id"]


class Joined(Aggregate):
    """Texts joined with ", " (hosts' handles): STRING_AGG on PostgreSQL, GROUP_CONCAT on SQLite."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ', ')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


@dataclass
class Target:
    """One line of the revalidation summary, for a progress bar with its text."""

    label: str  # as the page's list says it: "CPD hours"
    have: float
    need: int
    unit: str

    @property
    def percent(self) -> int:
        return min(100, int(self.have * 100 / self.need)) if self.need else 100

    @property
    def missing(self) -> float:
        return max(0, self.need - self.have)

    @property
    def noun(self) -> str:
        """As "still to do" says it: "34 more CPD hours", "4 more reflective accounts"."""
        return self.label if self.label.startswith("CPD") else self.label.lower()

    @property
    def bar_value(self) -> str:
        """For aria-valuenow, which must stay within the bar's range (the text says the rest)."""
        return f"{min(self.have, self.need):g}"

    @property
    def have_text(self) -> str:
        return f"{self.have:g}"

    @property
    def missing_text(self) -> str:
        return f"{self.missing:g}"


@dataclass
class Summary:
    rule: Rule
    start: date
    end: date
    minutes: int = 0
    participatory_minutes: int = 0
    reflections: int = 0
    records: int = 0
    targets: list[Target] = field(default_factory=list)

    @property
    def missing(self) -> list[Target]:
        return [t for t in self.targets if t.missing]


@dataclass
class Page:
    profile: Profile
    account: Account | None
    entries: list[Entry]  # accepted, newest first
    dismissed: list[Entry]
    suggestions: list[Participation]  # the newest SHOWN, or all when asked
    suggestion_count: int
    summary: Summary


def profile_and_account(member_id: int) -> tuple[Profile | None, Account | None]:
    """The member's CPD profile and X account in one query on unique indexes."""
    columns = ", ".join(f"a.{f}" for f in ACCOUNT_FIELDS)
    sql = (
        f"SELECT p.id, p.register, p.renewal_date, p.suggested_at, {columns} "
        f"FROM (SELECT 1 AS one) one LEFT JOIN {PROFILE} p ON p.member_id = %s "
        f"LEFT JOIN {ACCOUNT} a ON a.member_id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [member_id, member_id])
        pk, register, renewal, suggested_at, *account = cursor.fetchone()
    found = Account.from_db(connection.alias, ACCOUNT_FIELDS, account) if account[0] is not None else None
    if pk is None:
        return None, found
    profile = Profile.from_db(
        connection.alias, ["id", "member_id", "register", "renewal_date", "suggested_at"],
        [pk, member_id, register, renewal, suggested_at],
    )
    # SQLite hands dates back as text through a raw cursor; the field turns them into dates.
    profile.renewal_date = Profile._meta.get_field("renewal_date").to_python(profile.renewal_date)
    return profile, found


def ensure_profile(user) -> tuple[Profile, Account | None]:
    """The profile, made on the first visit together with the member's first suggestions."""
    profile, account = profile_and_account(user.pk)
    if profile is None:
        profile, _ = Profile.objects.get_or_create(member=user)
    if profile.suggested_at is None:
        suggestions.refresh([user.pk])
        profile.refresh_from_db()
    # The base template's member chip asks for it otherwise (the reverse one-to-one's cache).
    get_user_model().x_account.related.set_cached_value(user, account)
    return profile, account


def suggested(member_id: int) -> list[Participation]:
    """Chats the member took part in without a tweetchat entry (accepted or dismissed)."""
    hosts = (
        Account.objects.filter(hosted_chats=OuterRef("chat_id"))
        .named()
        .order_by()
        .values("hosted_chats")
        .annotate(handles=Joined(Concat(Value("@"), "handle", output_field=CharField())))
        .values("handles")
    )
    decided = Entry.objects.filter(member_id=member_id, chat_id=OuterRef("chat_id"), method=Method.TWEETCHAT)
    return list(
        Participation.objects.filter(member_id=member_id)
        .alias(decided=Exists(decided))
        .filter(decided=False)
        .annotate(hosts=Subquery(hosts))
        .select_related("chat__community")
        .order_by("-chat__start")
    )


def entries(member_id: int) -> list[Entry]:
    reflection = Reflection.objects.filter(entry_id=OuterRef("pk")).values("pk")[:1]
    return list(Entry.objects.filter(member_id=member_id).annotate(reflection_pk=Subquery(reflection)))


def summarise(accepted: list[Entry], profile: Profile, today: date) -> Summary:
    rule = rule_for(profile.register)
    start, end = window(profile.renewal_date, rule.years, today)
    summary = Summary(rule=rule, start=start, end=end)
    for entry in accepted:
        if start <= entry.start_date <= end:
            summary.minutes += entry.minutes
            summary.participatory_minutes += entry.participatory_minutes
            summary.records += 1
            summary.reflections += entry.reflection_pk is not None
    if rule.hours:
        summary.targets.append(Target("CPD hours", float(hours_text(summary.minutes)), rule.hours, "hours"))
    if rule.participatory_hours:
        have = float(hours_text(summary.participatory_minutes))
        summary.targets.append(Target("Participatory hours", have, rule.participatory_hours, "hours"))
    if rule.records:
        summary.targets.append(Target("CPD records", summary.records, rule.records, "records"))
    if rule.reflections:
        summary.targets.append(Target("Reflective accounts", summary.reflections, rule.reflections, "accounts"))
    return summary


def page(user, today: date | None = None, all_suggestions: bool = False) -> Page:
    profile, account = ensure_profile(user)
    rows = entries(user.pk)
    accepted = [e for e in rows if e.status == Entry.Status.ACCEPTED]
    dismissed = [e for e in rows if e.status == Entry.Status.DISMISSED]
    summary = summarise(accepted, profile, today or timezone.localdate())
    waiting = suggested(user.pk)
    shown = waiting if all_suggestions else waiting[:SHOWN]
    return Page(profile, account, accepted, dismissed, shown, len(waiting), summary)
