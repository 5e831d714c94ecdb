"""The demo world, built part by part in order: each part reads what the earlier ones made."""

from __future__ import annotations

from .badges import build_badges
from .blog import build_blog
from .cpd import build_cpd
from .dashboards import build_dashboards
from .members import build_members
from .personas import build_moderator
from .world import DemoWorld, build_archive

BUILDERS = (
    build_archive,
    build_members,
    build_blog,
    # After everything badges count (archive, members, blog): every member's badges.
    build_badges,
    # After the badges: shares a few demo members' dashboards and draws their word clouds.
    build_dashboards,
    # From the archive and the members: suggested CPD entries, a few accepted, a reflection.
    build_cpd,
    # The demo moderator, whom the demo login lets into the admin.
    build_moderator,
)


def build(world: DemoWorld) -> None:
    for builder in BUILDERS:
        builder(world)
