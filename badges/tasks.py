"""Thin Celery tasks: take ids, work out whom they touch, recompute those members' badges.
Enqueued on commit by the receivers in `badges.receivers`."""

from __future__ import annotations

from celery import shared_task

from . import awarding, definitions, touched, updates


def _badges(slugs: list[str] | None) -> tuple[definitions.Badge, ...]:
    return definitions.BADGES if not slugs else tuple(definitions.get(s) for s in slugs)


@shared_task(name="badges.update_for_tweets", ignore_result=True)
def update_for_tweets(account_ids: list[int], tweet_ids: list[int] | None = None) -> str:
    """After an archived batch (new tweets and deletions)."""
    return str(updates.after_batch(account_ids, tweet_ids))


@shared_task(name="badges.update_for_follows", ignore_result=True)
def update_for_follows(account_ids: list[int]) -> int:
    members = touched.by_follows(account_ids)
    if not members:
        return 0
    # The member whose graph was read also gets everything else computed: this is how a member
    # who just logged in with X sees their badges for the first time.
    own = touched.members_of_accounts(account_ids)
    follow = (definitions.get("followers"), definitions.get("following"))
    count = awarding.refresh(members - own, badges=follow).members if members - own else 0
    if own:
        count += awarding.refresh(own).members
    return count


@shared_task(name="badges.update_for_chats", ignore_result=True)
def update_for_chats(chat_ids: list[int]) -> int:
    members = touched.by_chats(chat_ids)
    if not members:
        return 0
    return awarding.refresh(members, badges=(definitions.get("chat-host"), definitions.get("chats"))).members


@shared_task(name="badges.update_members", ignore_result=True)
def update_members(member_ids: list[int], badges: list[str] | None = None) -> int:
    """Recompute these members (user ids), all badges or the named ones."""
    return awarding.refresh(set(member_ids), badges=_badges(badges)).members


@shared_task(name="badges.recompute_all", ignore_result=True, time_limit=1800, soft_time_limit=1700)
def recompute_all() -> str:
    """Everything, for every registered member (nightly, and after a community is added)."""
    return str(awarding.refresh())
