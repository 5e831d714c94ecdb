"""Which credentials exist: one current credential per award of a shared badge, issued when the
member or a visitor first asks for it, and revoked when the award is lost, the badge is no
longer shared, or the member deletes their data. A revoked credential stays revoked: earning or
sharing the level again issues a new one."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q

from badges import sharing
from badges.definitions import BADGES
from badges.models import Award
from tweets.models import Account

from .models import Credential, CredentialQuerySet, Reason


def shared() -> Q:
    """Credentials (or awards) of badges their member shares: one subquery per badge."""
    condition = Q(pk__in=[])
    for badge in BADGES:
        condition |= Q(badge=badge.slug, member_id__in=sharing.shared_member_ids(badge.slug))
    return condition


def is_shared(member_id: int, slug: str) -> bool:
    return get_user_model().objects.filter(pk=member_id, pk__in=sharing.shared_member_ids(slug)).exists()


def servable() -> CredentialQuerySet:
    """Credentials that may be shown in full: current, of a badge still shared."""
    return Credential.objects.current().filter(shared())


def for_badge(member_id: int, slug: str) -> list[Credential]:
    """The member's current credentials of one shared badge, one per level held, issuing those
    missing. Empty when the badge is not shared."""
    awards = list(
        Award.objects.filter(shared(), member_id=member_id, badge=slug)
        .exclude(Exists(Credential.objects.current().filter(award_id=OuterRef("pk"))))
        .order_by("level")
    )
    if awards:
        handle = Account.objects.filter(member_id=member_id).values_list("handle", flat=True).first()
        if handle:
            _issue(member_id, handle, awards)
    return list(servable().filter(member_id=member_id, badge=slug).order_by("level"))


def _issue(member_id: int, handle: str, awards: list[Award]) -> None:
    rows = [
        Credential(member_id=member_id, award_id=a.pk, badge=a.badge, level=a.level, reached_at=a.reached_at, handle=handle)
        for a in awards
    ]
    try:
        with transaction.atomic():
            Credential.objects.bulk_create(rows)
    except IntegrityError:
        # Another request issued them first (the partial unique index on current award_id).
        pass


def sync(member_ids: Iterable[int]) -> int:
    """Revoke these members' credentials whose award is gone or whose badge is no longer
    shared; returns how many were revoked. Two UPDATEs whatever the number of members."""
    current = Credential.objects.current().filter(member_id__in=list(member_ids))
    held = Award.objects.filter(pk=OuterRef("award_id"), member_id=OuterRef("member_id"))
    lost = current.exclude(Exists(held)).revoke(Reason.LEVEL_LOST)
    return lost + current.exclude(shared()).revoke(Reason.UNSHARED)


def forget(member_id: int) -> None:
    """The member deleted their data: revoke what was current, and keep of every credential only
    what answers "revoked" (its id, badge and level), not whose it was."""
    mine = Credential.objects.filter(member_id=member_id)
    mine.revoke(Reason.DATA_DELETED)
    mine.update(member=None, handle="", salt="", signed=None)
