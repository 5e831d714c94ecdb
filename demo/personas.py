"""Who the demo login offers first (members/demo_login.py): a host, a prolific member, a
newcomer, a member who shares, and the demo moderator, each found in the demo world with a few
queries when the page is shown. `build_moderator` makes the moderator during the demo build."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Count, Q, Sum

from badges.models import BadgeValue
from dashboards.models import Share
from members.demo_login import DEMO_MODERATOR, Persona
from tweets.models import Account

from .world import DemoWorld

# What the moderator may do in the admin: review chats and blog posts and comments.
MODERATION = [("chats", "tweetchat"), ("blog", "post"), ("blog", "comment"), ("tweets", "community")]


def build_moderator(world: DemoWorld) -> None:
    user, _ = get_user_model().objects.get_or_create(
        username=DEMO_MODERATOR,
        defaults={"first_name": "Demo", "last_name": "Moderator", "email": "moderator@demo.invalid", "is_staff": True},
    )
    user.set_unusable_password()  # only the demo login opens it, and only with DEBUG
    user.save()
    wanted = Q()
    for app, model in MODERATION:
        wanted |= Q(content_type__app_label=app, content_type__model=model, codename__in=[f"view_{model}", f"change_{model}"])
    # Viewing accounts lets the chat form search for hosts.
    wanted |= Q(content_type__app_label="tweets", content_type__model="account", codename="view_account")
    user.user_permissions.set(Permission.objects.filter(wanted))
    world.say(f"  {'moderator':<12} {DEMO_MODERATOR} reaches /admin/ from the demo login")


def personas() -> list[Persona]:
    members = Account.objects.filter(member__isnull=False, member__is_staff=False, member__is_superuser=False)
    values = BadgeValue.objects.filter(member__is_staff=False, member__x_account__isnull=False)
    found: list[Persona] = []
    seen: set[int] = set()

    def add(member_id: int | None, label: str, why: str) -> None:
        if member_id is None or member_id in seen:
            return
        account = members.filter(member_id=member_id).only("handle").first()
        if account is not None:
            seen.add(member_id)
            found.append(Persona(member_id, label, f"@{account.handle}", why))

    def top(slug: str, ascending: bool = False) -> int | None:
        rows = values.filter(badge=slug, value__gt=0).order_by("value" if ascending else "-value", "member_id")
        return rows.exclude(member_id__in=seen).values_list("member_id", flat=True).first()

    add(top("chat-host"), "A host", "Has hosted the most chats: the Chat Host dashboard and their transcripts.")
    prolific = (
        values.exclude(member_id__in=seen).values("member_id").annotate(total=Sum("value"))
        .order_by("-total", "member_id").values_list("member_id", flat=True).first()
    )  # fmt: skip
    add(prolific, "A prolific member", "High levels on most badges: full dashboards, suggestions and CPD.")
    newcomer = (
        values.exclude(member_id__in=seen).values("member_id").annotate(total=Sum("value"))
        .filter(total__gt=0).order_by("total", "member_id").values_list("member_id", flat=True).first()
    )  # fmt: skip
    add(newcomer, "A newcomer", "Just starting: first steps and what the next level needs.")
    sharer = (
        Share.objects.exclude(member_id__in=seen).values("member_id").annotate(n=Count("id"))
        .order_by("-n", "member_id").values_list("member_id", flat=True).first()
    )  # fmt: skip
    add(sharer, "A member who shares", "Shares dashboards: a public page with its preview card and share links.")
    moderator = get_user_model().objects.filter(username=DEMO_MODERATOR, is_staff=True).values_list("pk", flat=True).first()
    if moderator is not None:
        found.append(Persona(moderator, "The moderator", "Demo Moderator", "Reviews proposed chats and blog posts in the admin."))
    return found
