"""Incremental badge updates after an archived batch: work out whom the batch touches and how,
then move each member on the cheapest correct way.

- Authors of the new tweets: their tweet badges (Hashtags, Engagement, Chats) move on by the
  batch alone (`awarding.advance`), unless the batch reaches back before what was counted.
- Accounts whose tweets were deleted: the interactions of the deleted tweets go (found by the
  tweets' ids the signal names, not by reading the authors' histories), and their tweet badges
  are recomputed from the archive.
- Accounts that became (or stopped being) community members: the Engagement of the members who
  engaged with them, the Followers of those they follow and the Following of their followers
  are recomputed.
"""

from __future__ import annotations

from collections.abc import Collection

from . import awarding, definitions, derived, metrics, touched
from .awarding import Summary

TWEET = tuple(definitions.get(s) for s in metrics.TWEET_BADGES)


def after_batch(
    account_ids: Collection[int], tweet_ids: Collection[int] | None, deleted_ids: Collection[int] | None = None
) -> Summary:
    """Bring the badges up to date after the archive wrote `tweet_ids` (new), deleted
    `deleted_ids` and touched `account_ids` (the authors of both)."""
    summary = Summary()
    with awarding.serialised():
        if tweet_ids is None:  # a caller that does not say what is new: re-read everyone touched
            suspects = set(account_ids)
            tweet_ids = []
            derived.drop_deleted_interactions(suspects)
        elif deleted_ids is None:
            # A caller (or a task queued before the signal's deletions were passed on) that does
            # not say what was deleted: look for deletions among the accounts' tweets.
            suspects = touched.with_deletions(account_ids, tweet_ids)
            derived.drop_deleted_interactions(suspects)
        else:
            # A deletion that reaches this batch's new tweets in a later batch is that batch's
            # to handle: the badge writers take turns, and whichever runs second sees the other.
            suspects = touched.authors_of(deleted_ids)
            derived.drop_interactions(deleted_ids)
        derived.add_interactions(tweet_ids)
        changed = derived.sync_community_members(account_ids)
        related = touched.related_to(changed) if changed else {}
        reread = touched.members_of_accounts(suspects)
        authors = touched.members_of_accounts(set(account_ids) - suspects) - reread
        # A member re-read below for a badge must not also have the batch added to it.
        engaged = related.get("engagement", set())
        moved, fallback = awarding.advance(
            tweet_ids, {badge: authors - engaged if badge.slug == "engagement" else authors for badge in TWEET}
        )
        summary.add(moved)
        plan: dict[definitions.Badge, set[int]] = {badge: set(reread) for badge in TWEET}
        for badge, members in fallback.items():
            plan[badge] |= members
        for slug, members in related.items():
            plan.setdefault(definitions.get(slug), set()).update(members)
        summary.add(awarding.refresh_plan({badge: members for badge, members in plan.items() if members}))
    return summary
