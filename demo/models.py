"""How far the demo world's build got, so that `make demo` can serve the site once the first
pages' part is in, finish the rest in a second process, and, if stopped half way, have the next
`make demo` finish it rather than leave it half built (demo/build.py)."""

from __future__ import annotations

from django.db import models


class BuildQuerySet(models.QuerySet):
    def unfinished(self) -> BuildQuerySet:
        """Builds whose first part is done and whose later part is still to do."""
        return self.filter(first_done_at__isnull=False, finished_at__isnull=True)


class Build(models.Model):
    """The one demo world of this database: what built it and what is left.

    The later part runs in another process than the first, yet the world must be the one the
    seed gives in a single run: the world's RNG is kept here as it was when the first part ended."""

    size = models.CharField(max_length=20)
    seed = models.BigIntegerField()
    now = models.DateTimeField()
    rng_state = models.JSONField(null=True)
    first_done_at = models.DateTimeField(null=True)
    finished_at = models.DateTimeField(null=True)

    objects = BuildQuerySet.as_manager()

    def __str__(self) -> str:
        return f"demo world ({self.size}, seed {self.seed})"
