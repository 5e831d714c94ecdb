"""manage.py import_tweets: real captures with exact counts, every file shape, bad lines kept
aside with file and line, unreadable files failing clearly."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import threading
import zlib
from io import StringIO
from pathlib import Path

import orjson
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from tweets.importers import import_file, read_batches
from tweets.models import Account, DeadLetter, Tweet, TweetHashtag, TweetMention, TweetTombstone

from .pipeline_support import plain_messages

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
REAL = FIXTURES / "x-api-v2-real"
V1 = FIXTURES / "v1.1-handmade"
ROOT = Path(settings.BASE_DIR)


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_tweets", *map(str, args), stdout=out, stderr=StringIO())
    return out.getvalue()


def test_it_imports_every_real_capture_with_exact_counts():
    files = sorted(REAL.glob("*.jsonl"))
    output = run(*files)
    # 276 + 650 + 2 + 11 + 52 + 284 tweets, no id in two files.
    assert Tweet.objects.count() == 1275
    assert "Total: 22 lines, 1275 tweets: 1275 new, 0 duplicate" in output
    # users_compliance.jsonl deletes user 1482680858, read earlier from users.jsonl with a pinned tweet.
    assert Account.objects.filter(deleted_at__isnull=False).count() == 1
    assert list(Tweet.objects.filter(deleted_at__isnull=False).values_list("author_id", flat=True)) == [1482680858]
    assert Tweet.objects.visible().count() == 1274
    assert set(TweetTombstone.objects.values_list("tweet_id", "reason")) == {
        (1170025343920402432, "protected"), (1170147183095664640, "deactivated")
    }
    assert DeadLetter.objects.count() == 1
    retweet = Tweet.objects.get(id=1589681856941002753)
    assert retweet.mentions.count() == 9 and retweet.author.handle == "BaldManGamer"
    assert TweetHashtag.objects.filter(tag="brexit").exists()
    assert TweetMention.objects.filter(handle="PoliceMutual", tweet_id=1377650093109743620).exists()


def test_it_dead_letters_the_cut_short_line_with_file_and_line_and_goes_on():
    path = REAL / "streaming_output_with_error.jsonl"
    output = run(path)
    assert "8 lines, 11 tweets: 11 new, 0 duplicate, 0 profiles updated, 0 deleted, 1 dead-lettered" in output
    assert Tweet.objects.count() == 11
    letter = DeadLetter.objects.get()
    assert letter.source == str(path) and letter.line == 8
    assert letter.reason.startswith("invalid JSON")
    last_line = path.read_bytes().splitlines()[7]
    assert letter.raw == last_line.decode()
    assert letter.offset == len(b"".join(path.read_bytes().splitlines(keepends=True)[:7]))


def test_it_adds_nothing_when_a_file_is_imported_twice():
    path = REAL / "2sets.jsonl"
    run(path)
    before = (Tweet.objects.count(), TweetHashtag.objects.count(), TweetMention.objects.count(), Account.objects.count())
    output = run(path)
    assert "0 new, 276 duplicate, 0 profiles updated" in output
    assert (Tweet.objects.count(), TweetHashtag.objects.count(), TweetMention.objects.count(),
            Account.objects.count()) == before


def test_it_updates_profiles_from_a_newer_capture_only(tmp_path):
    path = REAL / "streaming_output_with_error.jsonl"
    first = json.loads(path.read_bytes().splitlines()[0])
    newer = json.loads(json.dumps(first))
    newer["__twarc"]["retrieved_at"] = "2021-04-02T10:00:00+00:00"
    newer["includes"]["users"][0]["description"] = "A newer bio"
    older = json.loads(json.dumps(first))
    older["__twarc"]["retrieved_at"] = "2021-03-01T10:00:00+00:00"
    older["includes"]["users"][0]["description"] = "An older bio"
    run(path)
    author = first["includes"]["users"][0]["id"]
    (tmp_path / "newer.jsonl").write_text(json.dumps(newer) + "\n")
    (tmp_path / "older.jsonl").write_text(json.dumps(older) + "\n")
    assert "1 profiles updated" in run(tmp_path / "newer.jsonl")
    assert "0 profiles updated" in run(tmp_path / "older.jsonl")
    assert Account.objects.get(id=author).bio == "A newer bio"


def test_it_reads_gzip_plain_v2_json_arrays_and_v11(tmp_path):
    first_page = json.loads((REAL / "2sets.jsonl").read_bytes().splitlines()[0])
    (tmp_path / "page.json").write_text(json.dumps(first_page, indent=2))  # plain v2 JSON, one document
    with gzip.open(tmp_path / "stream.jsonl.gz", "wb") as gz:
        gz.write((REAL / "streaming_output_with_error.jsonl").read_bytes())
    shutil.copy(V1 / "timeline.json", tmp_path / "timeline.json")
    output = run(tmp_path / "page.json", tmp_path / "stream.jsonl.gz", tmp_path / "timeline.json",
                 V1 / "search.json", V1 / "stream.jsonl", V1 / "deletes.jsonl")
    assert "page.json (document): 1 lines, 121 tweets: 121 new" in output
    assert "stream.jsonl.gz (jsonl): 8 lines, 11 tweets: 11 new" in output
    assert "timeline.json (array): 2 lines, 3 tweets: 3 new" in output
    assert "search.json (document): 1 lines, 2 tweets: 1 new, 1 duplicate" in output
    assert "deletes.jsonl (jsonl): 1 lines, 0 tweets: 0 new, 0 duplicate, 0 profiles updated, 1 deleted" in output
    assert Tweet.objects.filter(id__gte=1357400000000000001, id__lte=1357400000000000004).count() == 4
    assert Tweet.objects.get(id=1357400000000000004).is_deleted
    assert Tweet.objects.get(id=1357400000000000002).text.endswith("on the wards #SafeStaffing")
    assert DeadLetter.objects.get().line == 8  # the cut-short line, inside the gzip


def test_it_deletes_archived_tweets_named_in_a_compliance_file(tmp_path):
    run(REAL / "2sets.jsonl")
    line = json.loads((REAL / "tweets_compliance.jsonl").read_bytes().splitlines()[1])
    line["id"] = "1440715975020584960"  # a quote in 2sets.jsonl, with hashtag and mention rows
    (tmp_path / "tweets_compliance.jsonl").write_text(json.dumps(line) + "\n")
    assert "1 deleted" in run(tmp_path / "tweets_compliance.jsonl")
    gone = Tweet.objects.get(id=1440715975020584960)
    assert gone.is_deleted and gone.text == "" and gone.raw == ""
    assert not gone.hashtags.exists() and not gone.mentions.exists()
    assert TweetTombstone.objects.get(tweet_id=gone.id).reason == "protected"


def test_it_tells_users_compliance_from_the_file_name_or_the_flag(tmp_path):
    run(REAL / "users.jsonl")
    shutil.copy(REAL / "users_compliance.jsonl", tmp_path / "results.jsonl")
    run(tmp_path / "results.jsonl")  # read as tweet ids: no such tweets, two tombstones
    assert not Account.objects.filter(deleted_at__isnull=False).exists()
    call_command("import_tweets", str(tmp_path / "results.jsonl"), "--compliance", "users", stdout=StringIO())
    assert Account.objects.filter(deleted_at__isnull=False).get().id == 1482680858


def test_it_gives_array_elements_their_line_numbers(tmp_path):
    statuses = json.loads((V1 / "timeline.json").read_text())
    (tmp_path / "mixed.json").write_text(
        "[\n" + json.dumps(statuses[0]) + ",\n  42,\n" + json.dumps({"what": "no payload"}) + ",\n"
        + json.dumps(statuses[1]) + "\n]\n"
    )
    output = run(tmp_path / "mixed.json")
    assert "4 lines, 3 tweets: 3 new" in output
    assert set(DeadLetter.objects.values_list("line", "reason", "raw")) == {
        (3, "expected a JSON object, got int", "42"),
        (4, "unknown payload: neither an X API v2 response, a v1.1 status nor a compliance line",
         '{"what":"no payload"}'),
    }


def test_it_keeps_what_it_read_of_a_cut_short_array(tmp_path):
    text = (V1 / "timeline.json").read_text()
    (tmp_path / "cut.json").write_text(text[: text.rindex('"quoted_status"')])
    run(tmp_path / "cut.json")
    assert Tweet.objects.filter(id=1357400000000000004).exists()
    letter = DeadLetter.objects.get()
    assert letter.reason.endswith("(the file ends inside it)")
    assert letter.line == text.count("\n", 0, text.index("},\n  {") + 3) + 1


def test_it_reads_a_file_in_batches_with_the_same_result():
    path = REAL / "streaming_output_with_error.jsonl"
    batches = list(read_batches(path, batch_lines=3, batch_tweets=3))
    assert [b.lines for b in batches] == [2, 3, 2, 1]  # full at 3 tweets or 3 lines
    assert sum(len(b.parsed.tweets) for b in batches) == 11
    result = import_file(path, batch_lines=3, batch_tweets=3)
    assert (result.lines, result.counts.new, result.counts.dead_lettered) == (8, 11, 1)


def test_it_stops_reading_ahead_when_writing_fails():
    def fail(batch, result):
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError, match="went away"):
        import_file(REAL / "streaming_output_with_error.jsonl", batch_lines=1, batch_tweets=1, on_batch=fail)
    assert not any(t.name == "import-parser" for t in threading.enumerate())
    assert Tweet.objects.count() == 2  # the first batch, written before the failure


def test_it_skips_blank_lines_and_reads_an_empty_file(tmp_path):
    (tmp_path / "empty.jsonl").write_bytes(b"")
    assert "0 lines, 0 tweets" in run(tmp_path / "empty.jsonl")
    assert "2 lines, 0 tweets: 0 new, 0 duplicate, 0 profiles updated, 0 deleted, 0 dead-lettered" in run(
        REAL / "tweets_compliance.jsonl"
    )


def test_it_refuses_missing_files_before_importing_anything(tmp_path):
    with pytest.raises(CommandError) as failure:
        run(REAL / "2sets.jsonl", tmp_path / "nowhere.jsonl", tmp_path)
    message = str(failure.value)
    assert f"{tmp_path / 'nowhere.jsonl'}: no such file" in message
    assert f"{tmp_path}: is a directory, not a file" in message
    assert Tweet.objects.count() == 0


def test_it_reports_a_file_that_is_not_json_and_imports_the_others(tmp_path):
    (tmp_path / "notes.txt").write_text("tweets from the chat\nsee you next week\n")
    (tmp_path / "broken.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    err = StringIO()
    with pytest.raises(CommandError, match="2 of 3 files could not be read"):
        call_command("import_tweets", str(tmp_path / "notes.txt"), str(REAL / "mentions_tweet.jsonl"),
                     str(tmp_path / "broken.jsonl.gz"), stdout=StringIO(), stderr=err)
    assert "notes.txt: not JSON" in err.getvalue()
    assert "broken.jsonl.gz: cannot read" in err.getvalue()
    assert Tweet.objects.count() == 2


def test_it_shows_no_progress_bar_when_not_on_a_terminal(capsys):
    run(REAL / "mentions_tweet.jsonl")
    assert capsys.readouterr().err == ""


def test_it_exits_with_status_1_on_an_unreadable_file(tmp_path):
    env = {**os.environ, "DEBUG": "true"}
    done = subprocess.run(
        [sys.executable, "manage.py", "import_tweets", str(tmp_path / "nowhere.jsonl")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 1
    assert "nowhere.jsonl: no such file" in done.stderr


@pytest.mark.slow
def test_the_import_benchmark_runs(postgres):
    done = subprocess.run(
        [sys.executable, "bench/import.py", "--tweets", "200"],
        cwd=ROOT, env=dict(os.environ), capture_output=True, text=True, timeout=240,
    )
    assert done.returncode == 0, done.stderr
    assert "ratio:" in done.stdout and "200 new" in done.stdout



# ---------------------------------------------------------------- damaged files, huge lines, importing again


def test_it_archives_the_readable_lines_of_a_truncated_gzip_and_names_the_last(tmp_path):
    lines = [orjson.dumps(m) + b"\n" for m in plain_messages(3000)]
    whole = gzip.compress(b"".join(lines))
    path = tmp_path / "chat.jsonl.gz"
    path.write_bytes(whole[: len(whole) * 2 // 3])  # the download stopped two thirds in
    readable = zlib.decompressobj(wbits=31).decompress(path.read_bytes())
    read_whole = readable.count(b"\n")
    err = StringIO()

    with pytest.raises(CommandError, match="1 of 1 files could not be read"):
        call_command("import_tweets", str(path), "--batch-size", "500", stdout=StringIO(), stderr=err)

    assert Tweet.objects.count() == read_whole > 1500  # the lines of the last, partial batch too
    assert f"archived up to line {read_whole}, the last line read whole" in err.getvalue()
    assert f"line {read_whole + 1} is cut off and kept as a dead letter" in err.getvalue()
    assert DeadLetter.objects.get().line == read_whole + 1
    with pytest.raises(CommandError):
        call_command("import_tweets", str(path), stdout=StringIO(), stderr=StringIO())
    assert Tweet.objects.count() == read_whole and DeadLetter.objects.count() == 1  # again: nothing twice


def test_it_keeps_the_first_64_kb_of_a_huge_bad_line(tmp_path):
    good = [orjson.dumps(m) + b"\n" for m in plain_messages(2)]
    huge = b'{"data": {"id": "1", "text": "' + b"x" * (50 << 20) + b"\n"  # 50 MB, never closed
    path = tmp_path / "huge.jsonl"
    path.write_bytes(good[0] + huge + good[1])

    output = run(path)

    assert "3 lines, 2 tweets: 2 new" in output and Tweet.objects.count() == 2
    letter = DeadLetter.objects.get()
    assert (letter.line, letter.offset, letter.source) == (2, len(good[0]), str(path))
    assert letter.reason.startswith("invalid JSON")
    assert len(letter.raw.encode()) == 64 * 1024 and huge.startswith(letter.raw.encode())


def test_it_does_not_store_dead_letters_twice_when_a_file_is_imported_again(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(orjson.dumps(plain_messages(1)[0]) + b'\nnot json\n{"data": {"id": "5"}}\n[1]\n')

    first, second = run(path), run(path)

    assert "3 dead-lettered" in first and "0 dead-lettered" in second
    assert sorted(DeadLetter.objects.values_list("line", flat=True)) == [2, 3, 4]
    assert Tweet.objects.count() == 1
