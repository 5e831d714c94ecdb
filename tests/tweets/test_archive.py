"""archive.write: idempotent batches, newer profiles win, deletions stick, dead letters kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tweets import archive
from tweets.archive import Counts, DeadLetterRecord
from tweets.models import Account, DeadLetter, Tweet, TweetHashtag, TweetMention, TweetTombstone
from tweets.payloads import AccountRecord, DeletionRecord, Parsed, Reject, TweetRecord, parse_line
from tweets.signals import tweets_archived

pytestmark = pytest.mark.django_db

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "x-api-v2-real"
T0 = datetime(2024, 3, 7, 20, 0, tzinfo=UTC)


def jo(profile_at: datetime | None = T0, **changes) -> AccountRecord:
    fields = dict(id=11, handle="nurse_jo", name="Jo", bio="Staff nurse", avatar_url="https://x/jo.jpg",
                  followers_count=100, following_count=50, profile_at=profile_at)
    return AccountRecord(**{**fields, **changes})


def tweet(tweet_id: int, author_id: int = 11, **changes) -> TweetRecord:
    fields = dict(id=tweet_id, author_id=author_id, created_at=T0 + timedelta(seconds=tweet_id % 1000),
                  text=f"tweet {tweet_id} #WeNurses", hashtags=("wenurses",), mentions=((22, "sam"),),
                  raw=f'{{"id": "{tweet_id}"}}')
    return TweetRecord(**{**fields, **changes})


def page(name: str) -> Parsed:
    parsed = Parsed()
    for line in (REAL / name).read_bytes().splitlines():
        parsed.extend(parse_line(line))
    return parsed


def test_it_archives_a_page_of_real_tweets_with_their_rows():
    parsed = page("2sets.jsonl")
    counts = archive.write(parsed, source="2sets.jsonl")
    assert counts == Counts(new=276, duplicate=0, updated=0)
    assert Tweet.objects.count() == 276
    retweet = Tweet.objects.get(id=1440717170493689866)
    assert (retweet.kind, retweet.retweeted_id, retweet.retweeted_author_id) == ("retweet", 1440691114135080963, 902035056)
    assert retweet.text.endswith("#charts #kpop #bts #blackpink #straykids https://t.co/isLejPBxdt")
    assert retweet.author.handle == "ximerios12_"
    assert set(retweet.hashtags.values_list("tag", flat=True)) == {
        "topkpopecuador", "butter", "lisa", "charts", "kpop", "bts", "blackpink", "straykids"
    }
    assert set(retweet.mentions.values_list("mentioned_id", "handle")) == {(902035056, "ChartsEcuador"), (335141638, "BTS_twt")}
    row = retweet.hashtags.first()
    assert (row.author_id, row.created_at) == (retweet.author_id, retweet.created_at)
    # Every user of the page, and a bare row for included tweets' authors the page did not expand.
    authors = {t.author_id for t in parsed.tweets}
    assert Account.objects.count() == len({a.id for a in parsed.accounts} | authors)


def test_it_adds_nothing_when_the_same_batch_comes_twice():
    parsed = page("entities_test.jsonl")
    archive.write(parsed)
    before = (Tweet.objects.count(), TweetHashtag.objects.count(), TweetMention.objects.count(), Account.objects.count())
    counts = archive.write(parsed)
    assert counts == Counts(new=0, duplicate=650, updated=0)
    after = (Tweet.objects.count(), TweetHashtag.objects.count(), TweetMention.objects.count(), Account.objects.count())
    assert after == before == (650, before[1], before[2], before[3])


def test_it_counts_a_tweet_twice_in_one_batch_once():
    counts = archive.write(Parsed(tweets=[tweet(1), tweet(1), tweet(2)], accounts=[jo()]))
    assert (counts.new, counts.duplicate) == (2, 0)
    assert TweetHashtag.objects.filter(tweet_id=1).count() == 1


def test_it_updates_an_account_from_a_newer_profile_but_not_from_an_older_one():
    archive.write(Parsed(accounts=[jo()]))
    counts = archive.write(Parsed(accounts=[jo(T0 + timedelta(days=1), bio="Ward manager", followers_count=140)]))
    assert counts.updated == 1
    account = Account.objects.get(id=11)
    assert (account.bio, account.followers_count, account.profile_at) == ("Ward manager", 140, T0 + timedelta(days=1))

    counts = archive.write(Parsed(accounts=[jo(T0 + timedelta(hours=1), bio="Student nurse")]))
    assert counts.updated == 0
    assert Account.objects.get(id=11).bio == "Ward manager"


def test_it_refreshes_an_unchanged_profile_at_most_daily():
    archive.write(Parsed(accounts=[jo()]))
    counts = archive.write(Parsed(accounts=[jo(T0 + timedelta(hours=5), followers_count=101)]))
    assert counts.updated == 0
    assert (Account.objects.get(id=11).followers_count, Account.objects.get(id=11).profile_at) == (100, T0)
    counts = archive.write(Parsed(accounts=[jo(T0 + timedelta(days=1, hours=1), followers_count=120)]))
    assert counts.updated == 1
    assert Account.objects.get(id=11).followers_count == 120


def test_it_takes_the_newest_of_several_profiles_in_one_batch():
    archive.write(Parsed(accounts=[jo(T0 + timedelta(days=2), name="Newest"), jo(T0, name="Oldest")]))
    assert Account.objects.get(id=11).name == "Newest"


def test_it_fills_a_bare_author_from_any_profile_and_never_the_other_way():
    archive.write(Parsed(tweets=[tweet(1)]))  # author 11 known only by id
    assert Account.objects.get(id=11).handle == ""
    counts = archive.write(Parsed(accounts=[jo(profile_at=None)]))  # a lookup that does not say when
    assert counts.updated == 1
    assert Account.objects.get(id=11).handle == "nurse_jo"
    archive.write(Parsed(tweets=[tweet(2)]))
    assert Account.objects.get(id=11).handle == "nurse_jo"


def test_it_blanks_deleted_tweets_and_keeps_them_out_for_good():
    archive.write(Parsed(tweets=[tweet(1), tweet(2)], accounts=[jo()]))
    counts = archive.write(Parsed(deletions=[DeletionRecord(tweet_id=1, reason="deleted", author_id=11)]))
    assert counts.deleted == 1
    gone = Tweet.objects.get(id=1)
    assert gone.is_deleted and gone.text == "" and gone.raw == ""
    assert not TweetHashtag.objects.filter(tweet_id=1).exists()
    assert not TweetMention.objects.filter(tweet_id=1).exists()
    assert Tweet.objects.visible().count() == 1
    assert TweetTombstone.objects.get(tweet_id=1).author_id == 11

    counts = archive.write(Parsed(tweets=[tweet(1)], accounts=[jo()]))
    assert (counts.new, counts.duplicate) == (0, 0)
    assert Tweet.objects.get(id=1).text == ""


def test_it_removes_hashtag_and_mention_rows_with_their_tweet_or_its_author():
    # The rows have no foreign-key constraint in the database (tweets migration 0008): the
    # ORM's cascade is what removes them, whether a tweet or its author is deleted.
    archive.write(Parsed(tweets=[tweet(1), tweet(2), tweet(3, author_id=33)], accounts=[jo()]))
    Tweet.objects.filter(id=1).delete()
    assert set(TweetHashtag.objects.values_list("tweet_id", flat=True)) == {2, 3}
    Account.objects.filter(id=11).delete()
    assert set(TweetHashtag.objects.values_list("tweet_id", flat=True)) == {3}
    assert set(TweetMention.objects.values_list("tweet_id", flat=True)) == {3}


def test_it_keeps_out_a_tweet_whose_deletion_came_first():
    archive.write(Parsed(deletions=[DeletionRecord(tweet_id=5)]))
    counts = archive.write(Parsed(tweets=[tweet(5), tweet(6)], accounts=[jo()]))
    assert counts.new == 1
    assert list(Tweet.objects.values_list("id", flat=True)) == [6]


def test_it_removes_a_deleted_user_with_their_tweets_and_profile():
    archive.write(Parsed(tweets=[tweet(1), tweet(2), tweet(3, author_id=33)], accounts=[jo()]))
    counts = archive.write(Parsed(deletions=[DeletionRecord(user_id=11, reason="suspended")]))
    assert counts.deleted == 2
    account = Account.objects.get(id=11)
    assert account.deleted_at is not None and (account.name, account.bio, account.avatar_url) == ("", "", "")
    assert list(Tweet.objects.visible().values_list("id", flat=True)) == [3]
    # Later payloads bring neither their tweets nor their profile back.
    counts = archive.write(Parsed(tweets=[tweet(4)], accounts=[jo(T0 + timedelta(days=9), bio="back")]))
    assert (counts.new, counts.updated) == (0, 0)
    assert Account.objects.get(id=11).bio == ""


def test_it_keeps_out_the_tweets_of_a_user_deleted_before_we_saw_them():
    archive.write(Parsed(deletions=[DeletionRecord(user_id=11, reason="deactivated")]))
    counts = archive.write(Parsed(tweets=[tweet(1), tweet(2, author_id=33)], accounts=[jo()]))
    assert counts.new == 1
    assert list(Tweet.objects.values_list("id", flat=True)) == [2]
    assert Account.objects.get(id=11).handle == ""


def test_it_keeps_each_cut_tag_once():
    long_tag = "x" * 150
    archive.write(Parsed(tweets=[tweet(1, hashtags=(long_tag, long_tag + "y"))], accounts=[jo()]))
    assert list(TweetHashtag.objects.values_list("tag", flat=True)) == ["x" * 140]


def test_it_keeps_dead_letters_with_source_line_and_reason():
    letters = [DeadLetterRecord(raw='{"data": {"au', reason="invalid JSON", source="/tmp/x.jsonl", line=8, offset=120)]
    parsed = Parsed(rejects=[Reject(raw='{"id": "1"}', reason="malformed v2 tweet: missing field 'author_id'")])
    counts = archive.write(parsed, source="/tmp/x.jsonl", dead_letters=letters)
    assert counts.dead_lettered == 2
    rows = set(DeadLetter.objects.values_list("source", "line", "offset", "reason", "raw"))
    assert rows == {
        ("/tmp/x.jsonl", 8, 120, "invalid JSON", '{"data": {"au'),
        ("/tmp/x.jsonl", None, None, "malformed v2 tweet: missing field 'author_id'", '{"id": "1"}'),
    }


def test_it_stores_a_dead_letter_holding_nul():
    archive.write(Parsed(), dead_letters=[DeadLetterRecord(raw="a\x00b", reason="invalid JSON", source="s")])
    assert DeadLetter.objects.get().raw == "a\\u0000b"


def test_it_skips_a_tweet_another_writer_archived_since_it_looked(django_capture_on_commit_callbacks):
    archive.write(Parsed(tweets=[tweet(1)], accounts=[jo()]))
    # As if a concurrent batch committed tweet 1 after this one checked what was known.
    with django_capture_on_commit_callbacks():
        inserted = archive._insert_tweets([tweet(1), tweet(2)], known=set())
    assert [t.id for t in inserted] == [2]
    assert Tweet.objects.count() == 2


def test_it_tells_receivers_which_authors_and_tweets_are_new(django_capture_on_commit_callbacks):
    calls = []

    def receiver(sender, account_ids, tweet_ids, **kwargs):
        calls.append((account_ids, tweet_ids))

    tweets_archived.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            archive.write(Parsed(tweets=[tweet(1), tweet(2, author_id=33)], accounts=[jo()]))
        with django_capture_on_commit_callbacks(execute=True):
            archive.write(Parsed(tweets=[tweet(1)], accounts=[jo()]))  # nothing new: no signal
    finally:
        tweets_archived.disconnect(receiver)
    assert calls == [([11, 33], [1, 2])]


def test_it_truncates_values_longer_than_their_columns():
    archive.write(Parsed(tweets=[tweet(1, lang="x" * 20)], accounts=[jo(handle="h" * 80, name="n" * 200)]))
    account = Account.objects.get(id=11)
    assert (len(account.handle), len(account.name)) == (50, 100)
    assert Tweet.objects.get(id=1).lang == "x" * 10


def test_it_tells_receivers_which_tweets_a_batch_deleted(django_capture_on_commit_callbacks):
    archive.write(Parsed(tweets=[tweet(1), tweet(2), tweet(3, author_id=33)], accounts=[jo()]))
    calls = []

    def receiver(sender, account_ids, tweet_ids, deleted_ids, **kwargs):
        calls.append((account_ids, tweet_ids, deleted_ids))

    gone = Parsed(deletions=[DeletionRecord(tweet_id=3), DeletionRecord(user_id=11, reason="suspended")])
    tweets_archived.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            archive.write(gone)
        with django_capture_on_commit_callbacks(execute=True):
            archive.write(gone)  # deleted already: nothing new, no signal
    finally:
        tweets_archived.disconnect(receiver)
    assert calls == [([11, 33], [], [1, 2, 3])]
