"""Hide a random 20% of the members' follow edges among community accounts, compute suggestions
from the rest, and print precision@10, recall@10 and coverage for each signal alone, the
combined ranking and two baselines. Nothing is written: the hidden edges come back."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from suggestions import evaluation, ranking


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser) -> None:
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--hide", type=float, default=evaluation.HIDE)
        parser.add_argument(
            "--tune", action="store_true", help="choose weights on this seed, then measure them on seed + 1"
        )

    def handle(self, *args, seed: int, hide: float, tune: bool, **options) -> None:
        weights = dict(ranking.WEIGHTS)
        if tune:
            weights = evaluation.tune(evaluation.split(seed, hide))
            self.stdout.write(f"weights tuned on seed {seed}: {weights}")
            seed += 1
        split = evaluation.split(seed, hide)
        members = sum(1 for v in split.hidden if v in split.standings)
        self.stdout.write(f"seed {seed}, {hide:.0%} of follows hidden, weights {weights}")
        self.stdout.write(evaluation.format_table(evaluation.table(split, weights), members))
