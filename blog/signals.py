"""The signal the blog sends when something a member's badges derive from has changed.

    blog_changed(member_ids: list[int])

Receivers (badges) get `member_ids`, site user ids, and recount the WeBlog and Blog Comment
values for that member; badges then sends `members_changed`, which starts a new generation of
the member's dashboards (dashboards/generations.py). Sent on commit, so receivers read committed
rows and a rolled-back change sends nothing.

Sent when a post is submitted for review, taken back to draft from review, published, declined
or deleted (for its author: the WeBlog dashboard lists the posts with the moderators, from its
cache), and when a comment is posted, hidden, shown again or deleted (for the commenter, and for
the post's author, whose "comments received" changed, when the post is at hand). Deletions are seen by the post_delete
receivers in blog/receivers.py; this module imports nothing of the blog's, so the models can
import it.
"""

from __future__ import annotations

from collections.abc import Iterable

import django.dispatch
from django.db import transaction

blog_changed = django.dispatch.Signal()


def send_blog_changed(member_ids: Iterable[int]) -> None:
    ids = sorted(set(member_ids))
    if ids:
        transaction.on_commit(lambda: blog_changed.send(sender="blog", member_ids=ids))
