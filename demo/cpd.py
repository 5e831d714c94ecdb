"""Demo CPD: for every registered member, their suggestions worked out from the archive, a few
of them accepted (one with the member's own words), one transcript read, and a reflective
account on the newest accepted chat. Deterministic for a seed; safe to run twice (entries are
upserted on their natural key, the reflection is made once)."""

from __future__ import annotations

import random
import time

from django.contrib.auth import get_user_model

from chats.models import Tweetchat
from cpd import records, reflections, suggestions
from cpd.models import Entry, Participation, Profile, Reflection
from cpd.rules import Register, Theme
from tweets.models import Account

from .world import DemoWorld

ACCEPTED = 3


def build(seed: int) -> dict[str, int]:
    """Returns how many members, entries and reflections the demo holds."""
    rng = random.Random(seed)
    members = list(get_user_model().objects.filter(x_account__isnull=False).order_by("pk"))
    suggestions.refresh([m.pk for m in members])
    accounts = dict(Account.objects.filter(member__in=members).values_list("member_id", "id"))
    for member in members:
        Profile.objects.get_or_create(member=member, defaults={"register": rng.choice(list(Register)).value})
        joined = list(
            Participation.objects.filter(member=member).select_related("chat__community").order_by("-chat__start")[:10]
        )
        picked = sorted(rng.sample(joined, min(ACCEPTED, len(joined))), key=lambda p: p.chat.start)
        for n, part in enumerate(picked):
            edited = None
            if n == 0:
                edited = {"description": records.describe(part) + "It changed how I hand over at the end of a shift.",
                          "themes": [Theme.SAFETY.value, Theme.EFFECTIVE.value]}  # fmt: skip
            records.accept(member, part, edited)
        unread = Tweetchat.objects.past().exclude(pk__in=[p.chat_id for p in joined]).order_by("-start").first()
        if unread is not None:
            records.read(member, unread, rng.choice([20, 30, 45]))
        newest = Entry.objects.accepted().filter(member=member, method="tweetchat").order_by("-start_date").first()
        if newest is not None and not Reflection.objects.filter(entry=newest).exists():
            draft = reflections.draft(newest, accounts.get(member.pk))
            Reflection.objects.create(
                member=member, entry=newest, nature=draft["nature"],
                learned="How differently each of us approaches the same problem.",
                changed="I now ask a colleague to review my plan before I escalate.",
                relevance="It is about practising effectively and preserving safety.",
                themes=[Theme.EFFECTIVE.value, Theme.SAFETY.value],
            )  # fmt: skip
    return {
        "members": len(members),
        "entries": Entry.objects.filter(member__in=members).count(),
        "reflections": Reflection.objects.filter(member__in=members).count(),
    }


def build_cpd(world: DemoWorld) -> None:
    began = time.monotonic()
    made = build(world.rng.randrange(2**31))
    world.done("cpd", f"{made['entries']:,} CPD entries, {made['reflections']:,} reflections", began)
