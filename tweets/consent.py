"""Consent for the people we archive: anyone whose public tweets we hold may ask, once they
have proved the account by logging in with X, that our pages show their tweets without their
name and handle ("anonymise") or not at all ("remove").

The choice lives on the account row, so every page that already joins the author filters it
in the same query (`Account.objects.shown()`, `named()`), and it takes effect at once: nothing
is rewritten, the pages read it. @mentions of such people in other people's tweets are masked
with `redactor()`, from one indexed read of the few handles concerned.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils import timezone

from .models import Account, ArchiveDecision
from .signals import archive_consent_changed

MASK = "@[someone]"


def decide(account: Account, choice: str) -> ArchiveDecision:
    """Record the person's choice with its date and apply it to every page at once."""
    if choice not in Account.ArchiveChoice.values:
        raise ValueError(f"not an archive choice: {choice!r}")
    now = timezone.now()
    # One transaction: the account's state and the record of the decision never disagree.
    with transaction.atomic():
        Account.objects.filter(pk=account.pk).update(archive_choice=choice, archive_choice_at=now)
        decision = ArchiveDecision.objects.create(account=account, choice=choice, decided_at=now)
        account_ids = [account.pk]
        transaction.on_commit(lambda: archive_consent_changed.send(sender="tweets.consent", account_ids=account_ids))
    account.archive_choice, account.archive_choice_at = choice, now
    return decision


def hidden_handles() -> frozenset[str]:
    """Lower-case handles of everyone who opted out: one query on a partial index."""
    return frozenset(h.lower() for h in Account.objects.opted_out().values_list("handle", flat=True) if h)


def redactor(handles: Iterable[str]) -> Callable[[str], str]:
    """A function that masks @mentions of these handles in a text (identity when there are none)."""
    names = sorted({h.lower() for h in handles if h}, key=len, reverse=True)
    if not names:
        return lambda text: text
    pattern = re.compile(r"(?<![\w@])@(?:" + "|".join(map(re.escape, names)) + r")(?!\w)", re.IGNORECASE)
    return lambda text: pattern.sub(MASK, text)
