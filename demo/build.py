"""The demo world, built part by part in order: each part reads what the earlier ones made."""

from __future__ import annotations

from chats import network
from chats.models import Tweetchat

from .badges import build_badges
from .blog import build_blog
from .cpd import build_cpd
from .dashboards import build_dashboards
from .members import build_members
from .personas import build_moderator
from .suggestions import build_suggestions
from .world import DemoWorld, build_archive


def build_networks(world: DemoWorld) -> None:
    """Each archived chat's conversation network, as closing a chat lays it out."""
    done = network.store(Tweetchat.objects.filter(status=Tweetchat.Status.ARCHIVED).values_list("pk", flat=True))
    world.say(f"  {'networks':<12} {done:,} chat conversation networks laid out")


BUILDERS = (
    build_archive,
    build_networks,
    build_members,
    build_blog,
    # After everything badges count (archive, members, blog): every member's badges.
    build_badges,
    # After the badges: shares a few demo members' dashboards and draws their word clouds.
    build_dashboards,
    # From the archive and the members: suggested CPD entries, a few accepted, a reflection.
    build_cpd,
    # From the follow graph and the archive: whom each member might follow, and why.
    build_suggestions,
    # The demo moderator, whom the demo login lets into the admin.
    build_moderator,
)


def build(world: DemoWorld) -> None:
    for builder in BUILDERS:
        builder(world)
