"""manage.py import_tweets PATH [PATH …]: archive files of X payloads (v2 JSON, twarc2 JSONL,
v1.1, batch-compliance results; gzipped or not), with a progress bar on a terminal."""

from __future__ import annotations

import os
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from tweets.archive import Counts
from tweets.importers import ArchiveFileError, Batch, FileCutShort, FileImport, check_readable, import_file


class Command(BaseCommand):
    help = (
        "Archive files of X payloads: v2 JSON, twarc2 JSONL, v1.1 statuses, compliance results (.gz too). "
        "Importing a file again adds nothing, so after a crash mid-import just run it again."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--compliance",
            choices=["tweets", "users"],
            help="What the ids in batch-compliance files are (default: 'users' if the file name "
            "holds 'user' and 'compliance', else 'tweets').",
        )
        parser.add_argument("--batch-size", type=int, default=2000, help="Lines and tweets per transaction.")

    def handle(self, *args, paths: list[str], compliance: str | None, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        # Every path is checked before anything is written: a typo fails fast, with nothing half done.
        problems = []
        for path in paths:
            try:
                check_readable(path)
            except ArchiveFileError as exc:
                problems.append(str(exc))
        if problems:
            raise CommandError("cannot import:\n  " + "\n  ".join(problems))

        total = Counts()
        tweets = lines = 0
        failed: list[str] = []
        started = time.monotonic()
        for path in paths:
            try:
                result = self._import_one(path, compliance, batch_size)
            except FileCutShort as exc:
                # Every line before the cut is archived (the message names the last); count them.
                self.stderr.write(str(exc))
                failed.append(path)
                if exc.result is None:
                    continue
                result = exc.result
            except ArchiveFileError as exc:
                # Batches before the damage are archived; say so and carry on with the next file.
                self.stderr.write(f"{exc} (batches before this point are archived)")
                failed.append(path)
                continue
            total.add(result.counts)
            tweets += result.tweets
            lines += result.lines
            self.stdout.write(f"{path} ({result.format}): {result.lines} lines, {result.tweets} tweets: {result.counts}")
        elapsed = max(time.monotonic() - started, 1e-9)
        if len(paths) > 1:
            self.stdout.write(f"Total: {lines} lines, {tweets} tweets: {total}")
        self.stdout.write(f"{tweets / elapsed:,.0f} tweets/s over {elapsed:.1f} s")
        if total.dead_lettered:
            self.stdout.write(
                f"{total.dead_lettered} payloads could not be read: see Dead letters in the admin "
                "(file, line and reason)."
            )
        if failed:
            raise CommandError(f"{len(failed)} of {len(paths)} files could not be read: {', '.join(failed)}")

    def _import_one(self, path: str, compliance: str | None, batch_size: int) -> FileImport:
        bar = tqdm(
            total=os.path.getsize(path),
            unit="B",
            unit_scale=True,
            desc=os.path.basename(path),
            file=sys.stderr,
            # Progress is for people watching; logs and pipes get only the summary.
            disable=not sys.stderr.isatty(),
            leave=False,
        )
        started = time.monotonic()
        done = 0

        def progress(batch: Batch, result: FileImport) -> None:
            nonlocal done
            rate = result.tweets / max(time.monotonic() - started, 1e-9)
            bar.set_postfix_str(f"{result.tweets:,} tweets, {rate:,.0f} tweets/s", refresh=False)
            bar.update(batch.position - done)
            done = batch.position

        try:
            return import_file(path, compliance_kind=compliance, batch_lines=batch_size,
                               batch_tweets=batch_size, on_batch=progress)
        finally:
            bar.close()
