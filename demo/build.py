"""The demo world, built part by part in order: each part reads what the earlier ones made.

It is built in two parts so that a newcomer's first page comes within a minute (issue 16): the
first part is what the first pages need (the archive, the members, the blog, the badges, who
shares, the moderator: the home page, the demo login's personas and their dashboards); `make
demo` then serves the site while a second process finishes the later part (conversation
networks, word clouds, CPD, suggested follows), each of which a page shows as not ready yet
meanwhile (a transcript without its network, a "being drawn" cloud, an empty list). How far a
build got is kept in `demo.models.Build`, so an interrupted build is finished by the next one.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from django.utils import timezone

from chats import network
from chats.models import Tweetchat

from .badges import build_badges
from .blog import build_blog
from .cpd import build_cpd
from .dashboards import build_clouds, share_dashboards
from .members import build_members
from .models import Build
from .personas import build_moderator
from .suggestions import build_suggestions
from .world import SIZES, DemoWorld, build_archive


def build_networks(world: DemoWorld) -> None:
    """Each archived chat's conversation network, as closing a chat lays it out."""
    done = network.store(Tweetchat.objects.filter(status=Tweetchat.Status.ARCHIVED).values_list("pk", flat=True))
    world.say(f"  {'networks':<12} {done:,} chat conversation networks laid out")


Builder = Callable[[DemoWorld], None]

BUILDERS: tuple[Builder, ...] = (
    build_archive,
    build_members,
    build_blog,
    # After everything badges count (archive, members, blog): every member's badges.
    build_badges,
    # After the badges: the most engaged demo members share a few dashboards.
    share_dashboards,
    # The demo moderator, whom the demo login lets into the admin.
    build_moderator,
    # The later part (LATER) from here on: no page needs it to make sense.
    build_networks,
    # Every member's word clouds.
    build_clouds,
    # From the archive and the members: suggested CPD entries, a few accepted, a reflection.
    build_cpd,
    # From the follow graph and the archive: whom each member might follow, and why.
    build_suggestions,
)
# None of these moves the world's RNG before build_cpd, which draws from it after the first
# part's builders as it did when all ran in one order: the split leaves the world as it was.
LATER: frozenset[Builder] = frozenset({build_networks, build_clouds, build_cpd, build_suggestions})


def first_part() -> list[Builder]:
    return [builder for builder in BUILDERS if builder not in LATER]


def later_part() -> list[Builder]:
    return [builder for builder in BUILDERS if builder in LATER]


def build(world: DemoWorld) -> None:
    run(world, BUILDERS)


def run(world: DemoWorld, builders: Sequence[Builder]) -> None:
    for builder in builders:
        builder(world)


def build_first(world: DemoWorld, size: str, seed: int) -> None:
    """The first part, then a note of where the world's RNG stands for the later part."""
    record = Build.objects.first() or Build()
    record.size, record.seed, record.now = size, seed, world.now
    record.rng_state = record.first_done_at = record.finished_at = None
    record.save()  # first: a build stopped half way is known to be half built
    run(world, first_part())
    record.rng_state, record.first_done_at = _state(world.rng), timezone.now()
    record.save()


def build_all(world: DemoWorld, size: str, seed: int) -> None:
    build_first(world, size, seed)
    run(world, later_part())
    Build.objects.filter(finished_at__isnull=True).update(finished_at=timezone.now())


def unfinished() -> Build | None:
    """The build whose later part is still to do, if any."""
    return Build.objects.unfinished().first()


def first_part_missing() -> bool:
    """True when a build began and stopped before its first part was done."""
    return Build.objects.filter(first_done_at__isnull=True).exists()


def finish(stdout=None) -> Build | None:
    """Run the later part of an unfinished build, in the world its first part left; the build
    finished, or None if there was nothing to finish. Safe to stop: every later builder may
    run again (it upserts or skips what is already there)."""
    record = unfinished()
    if record is None:
        return None
    rng = random.Random()
    rng.setstate(_unstate(record.rng_state))
    world = DemoWorld(size=SIZES[record.size], rng=rng, stdout=stdout, now=record.now)
    run(world, later_part())
    Build.objects.filter(pk=record.pk, finished_at__isnull=True).update(finished_at=timezone.now())
    record.refresh_from_db()
    return record


def _state(rng: random.Random) -> list:
    version, internal, gauss = rng.getstate()
    return [version, list(internal), gauss]


def _unstate(saved: list) -> tuple:
    version, internal, gauss = saved
    return (version, tuple(internal), gauss)

