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
        moved, fallback = awarding.advance(
            tweet_ids, authors, badges=tuple(b for b in TWEET if b.slug != "engagement")
        )
        summary.add(moved)
        engaged = related.get("engagement", set())
        moved, more = awarding.advance(tweet_ids, authors - engaged, badges=(definitions.get("engagement"),))
        summary.add(moved)
        fallback.update(more)
        # Each member re-read once, for all the badges it needs; members needing the same
        # badges in one set-based refresh.
        needs: dict[int, set[str]] = {}
        for member in reread:
            needs.setdefault(member, set()).update(b.slug for b in TWEET)
        for slug, members in fallback.items():
            for member in members:
                needs.setdefault(member, set()).add(slug)
        for slug, members in related.items():
            for member in members:
                needs.setdefault(member, set()).add(slug)
        plan: dict[frozenset[str], set[int]] = {}
        for member, slugs in needs.items():
            plan.setdefault(frozenset(slugs), set()).add(member)
        for slugs, members in plan.items():
            badges = tuple(b for b in definitions.BADGES if b.slug in slugs)
            summary.add(awarding.refresh(members, badges=badges))
    return summary
