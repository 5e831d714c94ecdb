"""A member's control over what we hold about them: disconnecting X and deleting their data.
The archive of public hashtag tweets (and the public profile that comes with it) stays."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower

from tweets.models import Account, FollowEdge

from . import tokens
from .models import FollowGraphRead, XToken
from .signals import member_data_deleted, send_follow_graph_changed
from .tokens import PROVIDER_ID


def disconnect_x(user) -> None:
    """Give our access back to X and stop reading the member's follow graph. The graph we hold
    stays until they delete their data; logging in with X again reconnects."""
    tokens.give_back(user.pk)
    SocialToken.objects.filter(account__user=user).delete()
    FollowGraphRead.objects.filter(user=user).delete()


def delete_member_data(user) -> None:
    """Remove everything we hold about the member apart from their public tweets: tokens, follow
    edges, and (through member_data_deleted) their posts, comments, shares, awards, clouds and
    cached pages; unlink them from their X account. Their site login stays, empty and renamed,
    so that logging in with X again starts afresh rather than as a stranger."""
    # Telling X first (outside the transaction: it is a network call and best effort).
    tokens.give_back(user.pk)
    with transaction.atomic():
        x_ids = set(Account.objects.filter(member=user).values_list("id", flat=True))
        x_ids.update(XToken.objects.filter(user=user).values_list("x_user_id", flat=True))
        x_ids.update(
            int(uid)
            for uid in SocialAccount.objects.filter(user=user, provider=PROVIDER_ID).values_list("uid", flat=True)
        )
        # First, while their rows and edges are still there: receivers work out whom else it
        # touches (the members whose follower lists name them) from them.
        member_data_deleted.send(sender="members.privacy", member_id=user.pk)
        edges = FollowEdge.objects.filter(Q(follower_id__in=x_ids) | Q(followee_id__in=x_ids))
        other_ends = {end for pair in edges.values_list("follower_id", "followee_id") for end in pair}
        edges.delete()
        XToken.objects.filter(user=user).delete()
        FollowGraphRead.objects.filter(user=user).delete()
        SocialToken.objects.filter(account__user=user).delete()
        # The uid stays, as the key that lets them log in again; the profile copy goes.
        SocialAccount.objects.filter(user=user).update(extra_data={})
        EmailAddress.objects.filter(user=user).delete()
        Account.objects.filter(member=user).update(member=None)
        _forget_login(user)
        # The removed edges change the Followers and Following of the members at their other end.
        send_follow_graph_changed(x_ids | other_ends)


def _forget_login(user) -> None:
    """Their username is their X handle (allauth took it at sign-up): it becomes a number. A new
    unusable password changes the hash their sessions carry, which logs out every other device."""
    user.username = f"member-{user.pk}"
    user.first_name = user.last_name = user.email = ""
    user.set_unusable_password()
    user.save(update_fields=["username", "first_name", "last_name", "email", "password"])
    user_type = ContentType.objects.get_for_model(user)
    LogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).update(object_repr=user.username)


@dataclass
class Holding:
    """What we hold about one member, for the privacy page."""

    account: Account | None
    token: XToken | None
    read: FollowGraphRead | None
    followers: int
    following: int
    connected: bool  # logged in with X at least once (an allauth social account)

    @property
    def follow_cap(self) -> int:
        return settings.X_FOLLOW_LIST_CAP

    @property
    def needs_reconnect(self) -> bool:
        return self.token is not None and self.token.is_revoked


def holding(user) -> Holding:
    account = Account.objects.filter(member=user).first()
    followers = following = 0
    if account is not None:
        followers = FollowEdge.objects.filter(followee_id=account.id).count()
        following = FollowEdge.objects.filter(follower_id=account.id).count()
    return Holding(
        account=account,
        token=XToken.objects.filter(user=user).first(),
        read=FollowGraphRead.objects.filter(user=user).first(),
        followers=followers,
        following=following,
        connected=SocialAccount.objects.filter(user=user).exists(),
    )


def follow_list(account: Account, which: str):
    """The accounts that follow the member ("followers") or that they follow ("following")."""
    if which == "followers":
        accounts = Account.objects.filter(following_edges__followee_id=account.id)
    else:
        accounts = Account.objects.filter(follower_edges__follower_id=account.id)
    return accounts.order_by(Lower("handle"), "id")
