"""The signal the blog sends when something a member's badges derive from has changed.

    blog_changed(member_ids: list[int])

Receivers (badges) get `member_ids`, site user ids, and recount the WeBlog and Blog Comment
values for that member. Sent on commit, so receivers read committed rows and a rolled-back
change sends nothing.

Sent when a post is published, declined or deleted (for its author), and when a comment is
posted, hidden, shown again or deleted (for the commenter, and for the post's author, whose
"comments received" changed, when the post is at hand).
"""

from __future__ import annotations

from collections.abc import Iterable

import django.dispatch
from django.db import transaction
from django.db.models.signals import post_delete

blog_changed = django.dispatch.Signal()


def send_blog_changed(member_ids: Iterable[int]) -> None:
    ids = sorted(set(member_ids))
    if ids:
        transaction.on_commit(lambda: blog_changed.send(sender="blog", member_ids=ids))


# Deletions: the admin's bulk delete, a post's comments going with it and a user's account being
# removed all bypass the models' own methods; Django's post_delete reaches every row of them.
def _post_deleted(sender, instance, **kwargs) -> None:
    send_blog_changed([instance.author_id])


def _comment_deleted(sender, instance, **kwargs) -> None:
    members = [instance.author_id]
    # Only when the post is already loaded: fetching it here would be a query per comment.
    if sender._meta.get_field("post").is_cached(instance):
        members.append(instance.post.author_id)
    send_blog_changed(members)


def connect() -> None:
    from .models import Comment, Post

    post_delete.connect(_post_deleted, sender=Post, dispatch_uid="blog.post_deleted")
    post_delete.connect(_comment_deleted, sender=Comment, dispatch_uid="blog.comment_deleted")
