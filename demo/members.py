"""The demo: site users for the demo world's most active accounts (the demo login in
members/demo_login.py lets a visitor be one of them)."""

from __future__ import annotations

from collections import Counter

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count

from tweets.models import Account

from .world import DemoWorld

DEFAULT_MEMBERS = 300


def build_members(world: DemoWorld) -> None:
    """Turn world.made["member_account_ids"] (or the most active accounts by tweet count) into
    site users linked to their accounts. Running it again adds nothing."""
    ids = world.made.get("member_account_ids")
    if ids is None:
        ids = list(
            Account.objects.filter(deleted_at__isnull=True)
            .annotate(n=Count("tweets"))
            .filter(n__gt=0)
            .order_by("-n", "id")
            .values_list("id", flat=True)[:DEFAULT_MEMBERS]
        )
    linked = link_demo_members(ids)
    world.made["member_user_ids"] = linked
    world.say(f"  {'members':<12} {len(linked):,} site users linked to their X accounts")


def link_demo_members(account_ids: list[int]) -> list[int]:
    """Give each account without a member a new site user named after its handle (no password:
    the demo login is the only way in). Returns the user ids of all the given accounts' members."""
    User = get_user_model()
    with transaction.atomic():
        accounts = list(Account.objects.filter(id__in=account_ids, member__isnull=True).only("id", "handle"))
        names = {a.id: (a.handle or "member").lower()[:100] for a in accounts}
        taken = set(User.objects.filter(username__in=list(names.values())).values_list("username", flat=True))
        # Never hand an existing user (an admin, say) to the demo login: a clash gets the X id.
        twice = {n for n, k in Counter(names.values()).items() if k > 1}
        names = {i: (f"{n}_{i}" if n in taken or n in twice else n) for i, n in names.items()}
        taken = set(User.objects.filter(username__in=list(names.values())).values_list("username", flat=True))
        fresh = {i: n for i, n in names.items() if n not in taken}
        new_users = [User(username=n, password=make_password(None)) for n in fresh.values()]
        User.objects.bulk_create(new_users, batch_size=500)
        by_name = dict(User.objects.filter(username__in=list(fresh.values())).values_list("username", "id"))
        for account in accounts:
            if account.id in fresh:
                account.member_id = by_name[fresh[account.id]]
        Account.objects.bulk_update([a for a in accounts if a.id in fresh], ["member"], batch_size=500)
    return list(Account.objects.filter(id__in=account_ids, member__isnull=False).values_list("member_id", flat=True))
