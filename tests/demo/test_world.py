"""The demo world: a small one builds in seconds, looks like real tweetchats, goes through the
real importer, and is the same world every time for the same seed and day."""

from __future__ import annotations

import hashlib
import random
import re
from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F

from chats.models import ChatTweet, Tweetchat
from demo.chat_plans import LONDON
from demo.world import SIZES, DemoWorld, build_archive, start_of_day
from tweets.models import Account, Community, DeadLetter, FollowEdge, Tweet, TweetHashtag, TweetMention, TweetTombstone

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 30)
COMMUNITY_TAGS = {"wenurses", "wemidwives", "weahps", "westudentnurses", "wemhnurses", "weldnurses",
                  "wecommnurses", "wepharmacists"}


def build(seed: int = 7, today: date = TODAY) -> DemoWorld:
    world = DemoWorld(size=SIZES["small"], rng=random.Random(seed), stdout=StringIO(), now=start_of_day(today))
    build_archive(world)
    return world


@pytest.fixture
def world() -> DemoWorld:
    return build()


def fingerprint() -> dict:
    texts = hashlib.sha256()
    for tweet_id, author_id, text, created_at in Tweet.objects.order_by("id").values_list(
        "id", "author_id", "text", "created_at"
    ):
        texts.update(f"{tweet_id}|{author_id}|{text}|{created_at.isoformat()}\n".encode())
    return {
        "tweets": Tweet.objects.count(),
        "accounts": Account.objects.count(),
        "chats": Tweetchat.objects.count(),
        "hashtags": TweetHashtag.objects.count(),
        "mentions": TweetMention.objects.count(),
        "follows": FollowEdge.objects.count(),
        "deleted": Tweet.objects.filter(deleted_at__isnull=False).count(),
        "first_ids": list(Tweet.objects.order_by("id").values_list("id", flat=True)[:5]),
        "last_ids": list(Tweet.objects.order_by("-id").values_list("id", flat=True)[:5]),
        "chat_topics": list(Tweetchat.objects.order_by("start", "community__name").values_list("topic", flat=True)[:10]),
        "hosts": sorted(Tweetchat.hosts.through.objects.values_list("account_id", flat=True)),
        "texts": texts.hexdigest(),
    }


def wipe() -> None:
    for model in (ChatTweet, TweetHashtag, TweetMention, TweetTombstone, Tweetchat.hosts.through, Tweetchat,
                  FollowEdge, Tweet, Account, DeadLetter):
        model.objects.all().delete()


def test_it_builds_a_small_world_with_counts_in_the_expected_ranges(world):
    assert set(Community.objects.values_list("hashtag", flat=True)) == COMMUNITY_TAGS
    assert Account.objects.count() == 120
    assert 2_700 <= Tweet.objects.count() <= 3_300
    kinds = Counter(Tweet.objects.values_list("kind", flat=True))
    assert set(kinds) == {"original", "reply", "retweet", "quote"}
    assert 0.3 <= kinds["reply"] / sum(kinds.values()) <= 0.6
    assert kinds["quote"] >= 20 and kinds["retweet"] >= 200
    assert TweetMention.objects.count() > 1_000
    assert 0 < Tweet.objects.filter(deleted_at__isnull=False).count() < 30
    assert DeadLetter.objects.count() == 0
    chats = Counter(Tweetchat.objects.values_list("status", flat=True))
    assert 56 <= chats["archived"] <= 64  # 8 weeks × 8 communities, a few weeks off
    assert chats["scheduled"] == 32  # the next four weeks
    assert chats["proposed"] >= 1 and chats["declined"] == 1
    assert len(world.made["member_account_ids"]) == 12
    assert FollowEdge.objects.count() > 200


def test_it_writes_accounts_with_professional_bios(world):
    bios = list(Account.objects.exclude(bio="").values_list("bio", flat=True))
    assert len(bios) == 120
    words = Counter(w.lower() for bio in bios for w in re.findall(r"[A-Za-z]{4,}", bio))
    assert len(words) > 200  # varied enough for a word cloud
    assert any(w in words for w in ("nurse", "midwife", "pharmacist", "student"))
    handles = list(Account.objects.values_list("handle", flat=True))
    assert len({h.lower() for h in handles}) == len(handles)
    assert all(re.fullmatch(r"\w{1,15}", h) for h in handles)


def test_it_points_replies_retweets_and_quotes_at_archived_tweets(world):
    archived = Tweet.objects.values("id")
    for kind, field in (("reply", "replied_to_id"), ("retweet", "retweeted_id"), ("quote", "quoted_id")):
        tweets = Tweet.objects.filter(kind=kind)
        assert tweets.exists()
        assert not tweets.exclude(**{f"{field}__in": archived}).exists(), kind
    # The referenced author is the author of the referenced tweet, as the importer resolved it.
    parents = dict(Tweet.objects.values_list("id", "author_id"))
    for tweet in Tweet.objects.filter(kind="reply").only("replied_to_id", "replied_to_author_id"):
        assert tweet.replied_to_author_id == parents[tweet.replied_to_id]
    for tweet in Tweet.objects.filter(kind="retweet").only("retweeted_id", "retweeted_author_id"):
        assert tweet.retweeted_author_id == parents[tweet.retweeted_id]
    # A reply comes after what it answers.
    assert not Tweet.objects.filter(kind="reply", replied_to_id__gt=F("id")).exists()


def test_it_gives_every_chat_hosts_questions_and_a_uk_evening_slot(world):
    chats = Tweetchat.objects.annotate(host_count=Count("hosts")).select_related("community")
    assert chats.count() > 90
    for chat in chats:
        assert 1 <= chat.host_count <= 2, chat
        assert 4 <= len(chat.questions) <= 6, chat
        assert chat.topic and chat.slug and chat.description
        assert chat.end - chat.start == timedelta(hours=1)
        local = chat.start.astimezone(LONDON)
        assert (local.hour, local.minute) in {(19, 0), (20, 0), (21, 0)}
    # Each community keeps its weekday.
    weekdays = {(c.community_id, c.start.astimezone(LONDON).weekday()) for c in chats}
    assert len(weekdays) == 8
    assert not Tweetchat.objects.filter(status="archived", start__gte=start_of_day(TODAY)).exists()
    assert not Tweetchat.objects.filter(status="scheduled", start__lt=start_of_day(TODAY)).exists()


def test_it_shows_the_q_and_a_pattern_in_every_past_chat(world):
    for chat in Tweetchat.objects.filter(status="archived").prefetch_related("hosts"):
        hosts = {h.id for h in chat.hosts.all()}
        window = Tweet.objects.filter(created_at__gte=chat.start, created_at__lte=chat.end,
                                      hashtags__tag=chat.community.hashtag)
        questions = {}
        for number, question in enumerate(chat.questions, start=1):
            tweet = window.get(text__startswith=f"Q{number} {question}")
            assert tweet.author_id in hosts
            questions[tweet.id] = number
        # Participants answer "A1 …" as replies to the question, X's reply mention in front.
        answers = window.filter(kind="reply", replied_to_id__in=list(questions))
        assert answers.exists(), chat
        for answer in answers:
            assert re.match(rf"@\w+ A{questions[answer.replied_to_id]} ", answer.text), answer.text


def test_it_puts_most_tweets_in_chat_hours_with_heavy_tailed_participation(world):
    total = Tweet.objects.count()
    in_chats = 0
    for chat in Tweetchat.objects.filter(status="archived").select_related("community"):
        low, high = chat.window
        in_chats += TweetHashtag.objects.filter(
            tag=chat.community.hashtag, created_at__gte=low, created_at__lte=high
        ).count()
    assert in_chats / total > 0.65
    per_author = sorted(Tweet.objects.values("author").annotate(n=Count("id")).values_list("n", flat=True), reverse=True)
    top_tenth = sum(per_author[: max(1, len(per_author) // 10)])
    assert top_tenth / total > 0.3
    assert per_author[len(per_author) // 2] * 5 < per_author[0]
    # Some tweets carry two community hashtags; some between chats carry none.
    two = TweetHashtag.objects.filter(tag__in=COMMUNITY_TAGS).values("tweet").annotate(n=Count("id")).filter(n__gte=2)
    assert two.count() >= 20


def test_it_hands_later_builders_members_to_be_and_chats(world):
    members = world.made["member_account_ids"]
    assert len(set(members)) == len(members) == 12
    counts = dict(Tweet.objects.filter(author_id__in=members).values("author").annotate(n=Count("id")).values_list("author", "n"))
    assert set(counts) == set(members)
    assert counts[members[0]] >= counts[members[-1]]
    stored = set(Tweetchat.objects.values_list("id", flat=True))
    assert {c.id for c in world.made["chats"]} == stored
    assert len(world.made["accounts"]) == 120 and len(world.made["communities"]) == 8
    # Follow edges come from the members' lists: every edge touches a member.
    assert not FollowEdge.objects.exclude(follower_id__in=members).exclude(followee_id__in=members).exists()


def test_it_builds_the_same_world_from_the_same_seed_and_day():
    members = build(seed=11).made["member_account_ids"]
    first = fingerprint()
    wipe()
    assert build(seed=11).made["member_account_ids"] == members
    assert fingerprint() == first
    wipe()
    build(seed=12)
    assert fingerprint()["texts"] != first["texts"]


def test_it_builds_the_same_world_with_or_without_a_second_process(monkeypatch):
    from demo import generator as demo_pipeline

    if not demo_pipeline.can_fork():
        pytest.skip("no fork on this platform: the generator always runs inline")
    build(seed=5)
    forked = fingerprint()
    wipe()
    monkeypatch.setattr(demo_pipeline, "can_fork", lambda: False)
    build(seed=5)
    assert fingerprint() == forked


def test_it_adds_nothing_when_built_again():
    build()
    first = fingerprint()
    build()
    assert fingerprint() == first


@pytest.fixture
def only_the_archive(monkeypatch):
    """The command runs every app's builder; these tests are about the archive's part."""
    monkeypatch.setattr("demo.build.BUILDERS", (build_archive,))


def test_it_keeps_an_existing_world_with_if_empty(only_the_archive):
    out = StringIO()
    call_command("demo_data", "--size", "small", "--today", TODAY.isoformat(), "--if-empty", stdout=out)
    first = fingerprint()
    assert first["tweets"] > 2_000
    out = StringIO()
    call_command("demo_data", "--size", "small", "--today", TODAY.isoformat(), "--if-empty", stdout=out)
    assert "keeping the existing demo world" in out.getvalue()
    assert fingerprint() == first


def test_it_prints_a_progress_line_per_phase(only_the_archive):
    out = StringIO()
    call_command("demo_data", "--size", "small", "--today", TODAY.isoformat(), stdout=out)
    for phase in ("communities", "accounts", "chats", "tweets", "follows"):
        assert re.search(rf"^\s+{phase}\s+.*\(\d+\.\d s\)$", out.getvalue(), re.M), phase


def test_it_refuses_a_malformed_day():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--today must be a date"):
        call_command("demo_data", "--size", "small", "--today", "30/06/2025", stdout=StringIO())
