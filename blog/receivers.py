"""What the blog does when rows go or a member leaves. Connected in `BlogConfig.ready()`."""

from __future__ import annotations

from django.db.models import Q

from . import throttle
from .models import Comment, Post
from .signals import send_blog_changed


# Deletions: the admin's bulk delete, a post's comments going with it and a user's account being
# removed all bypass the models' own methods; Django's post_delete reaches every row of them.
def on_post_deleted(sender, instance, **kwargs) -> None:
    send_blog_changed([instance.author_id])


def on_comment_deleted(sender, instance, **kwargs) -> None:
    members = [instance.author_id]
    # Only when the post is already loaded: fetching it here would be a query per comment.
    if sender._meta.get_field("post").is_cached(instance):
        members.append(instance.post.author_id)
    send_blog_changed(members)


def on_member_data_deleted(sender, member_id: int, **kwargs) -> None:
    """Delete my data: everything the member wrote here goes — posts (published or not, with
    the comments others left on them) and their comments on anyone's posts. Runs inside the
    deleting transaction (members/privacy.py), so it is all or nothing."""
    Comment.objects.filter(Q(author_id=member_id) | Q(post__author_id=member_id)).delete()
    Post.objects.filter(author_id=member_id).delete()
    # Moderation decisions they made stay, without their name on them.
    Post.objects.filter(moderated_by_id=member_id).update(moderated_by=None)
    Comment.objects.filter(hidden_by_id=member_id).update(hidden_by=None)
    throttle.forget(member_id)
