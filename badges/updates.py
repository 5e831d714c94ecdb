"""Incremental badge updates after an archived batch: work out whom the batch touches and how,
then move each member on the cheapest correct way.

- Authors of the new tweets: their tweet badges (Hashtags, Engagement, Chats) move on by the
  batch alone (`awarding.advance`), unless the batch reaches back before what was counted.
- Accounts whose tweets were deleted: their tweet badges are recomputed from the archive.
- Accounts that became (or stopped being) community members: the Engagement of the members who
  engaged with them, the Followers of those they follow and the Following of their followers
  are recomputed.
"""

from __future__ import annotations

from collections.abc import Collection

from . import awarding, definitions, derived, metrics, touched
from .awarding import Summary

TWEET = tuple(definitions.get(s) for s in metrics.TWEET_BADGES)


def after_batch(account_ids: Collection[int], tweet_ids: Collection[int] | None) -> Summary:
    """Bring the badges up to date after the archive wrote `tweet_ids` (new) and touched
    `account_ids` (their authors and the authors of tweets it deleted)."""
    summary = Summary()
    with awarding.serialised():
        if tweet_ids is None:  # a caller that does not say what is new: re-read everyone touched
            suspects = set(account_ids)
            tweet_ids = []
        else:
            suspects = touched.with_deletions(account_ids, tweet_ids)
        derived.drop_deleted_interactions(suspects)
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
