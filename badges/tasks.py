"""Thin Celery tasks: take ids, work out whom they touch, recompute those members' badges, and
tell the apps above (`members_changed`) whom the event touched once the badges are committed.
Enqueued on commit by the receivers in `badges.receivers`."""

from __future__ import annotations

from celery import shared_task

from . import awarding, definitions, touched, updates
from .signals import send_members_changed

CHAT_BADGES = ("chat-host", "chats")
FOLLOW_BADGES = ("followers", "following")


def _badges(slugs: list[str] | tuple[str, ...] | None) -> tuple[definitions.Badge, ...]:
    return definitions.BADGES if not slugs else tuple(definitions.get(s) for s in slugs)


@shared_task(name="badges.update_for_tweets", ignore_result=True)
def update_for_tweets(
    account_ids: list[int], tweet_ids: list[int] | None = None, deleted_ids: list[int] | None = None
) -> str:
    """After an archived batch (new tweets and deletions)."""
    summary = updates.after_batch(account_ids, tweet_ids, deleted_ids)
    send_members_changed(touched.of_tweets(account_ids, tweet_ids or ()))
    return str(summary)


@shared_task(name="badges.update_for_follows", ignore_result=True)
def update_for_follows(account_ids: list[int]) -> int:
    members = touched.by_follows(account_ids)
    if not members:
        return 0
    # The member whose graph was read also gets everything else computed: this is how a member
    # who just logged in with X sees their badges for the first time.
    own = touched.members_of_accounts(account_ids)
    count = awarding.refresh(members - own, badges=_badges(FOLLOW_BADGES)).members if members - own else 0
    if own:
        count += awarding.refresh(own).members
    send_members_changed(members)
    return count


@shared_task(name="badges.update_for_chats", ignore_result=True)
def update_for_chats(chat_ids: list[int], account_ids: list[int] | None = None) -> int:
    """After chats were closed, approved, declined or edited; `account_ids` are hosts removed."""
    members = touched.by_chats(chat_ids) | touched.members_of_accounts(account_ids or ())
    if not members:
        return 0
    count = awarding.refresh(members, badges=_badges(CHAT_BADGES)).members
    send_members_changed(members)
    return count


@shared_task(name="badges.update_members", ignore_result=True)
def update_members(member_ids: list[int], badges: list[str] | None = None) -> int:
    """Recompute these members (user ids), all badges or the named ones."""
    count = awarding.refresh(set(member_ids), badges=_badges(badges)).members
    send_members_changed(member_ids)
    return count


@shared_task(name="badges.recompute_all", ignore_result=True, time_limit=1800, soft_time_limit=1700)
def recompute_all() -> str:
    """Everything, for every registered member (nightly, and after a community is added)."""
    summary = awarding.refresh()
    send_members_changed(touched.everyone())
    return str(summary)
