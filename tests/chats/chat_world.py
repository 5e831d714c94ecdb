"""A small hand-built chat whose right answers are known, for the chat tests.

#WeNurses chat on Thursday 7 March 2024, 20:00–21:00 UK time (GMT, so 20:00 UTC), hosted by
@host_nurse with three planned questions. Tweets by minute from the start (S) or end (E):

  100 carol   S-16  early                          OUT (one minute before the grace)
  101 carol   S-15  looking forward                IN  (the grace boundary)
  102 host    S+0   Q1 …                           question 1, retweeted once (106)
  103 alice   S+2   A1 …, reply to 102             answers Q1, depth 1
  104 bob     S+3   reply to 103                   depth 2
  105 carol   S+4   A1 …                           answers Q1
  106 dave    S+5   retweet of 102                 folded into 102's count
  107 host    S+20  Q2 …
  108 bob     S+22  reply to 107                   answers Q2 by replying
  109 alice   S+30  A2 with #OtherTag only         OUT (wrong hashtag)
  110 alice   S+40  A2 …                           answers Q2
  111 bob     S+50  deleted later                  never shows
  114 erin    S+45  reply to a tweet not archived  top level
  112 carol   E+15  thanks all                     IN  (the grace boundary)
  113 carol   E+16  too late                       OUT

Visible: 10 tweets + 1 retweet, 6 participants (alice took part a week earlier: 5 first-timers),
4 replies, Q1 2 answers, Q2 2 answers, Q3 none.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.test import TestCase

from chats.attribution import attribute
from chats.models import Tweetchat
from tweets import archive
from tweets.models import Community
from tweets.payloads import AccountRecord, DeletionRecord, Parsed, TweetRecord

START = datetime(2024, 3, 7, 20, 0, tzinfo=UTC)
END = START + timedelta(hours=1)
PREVIOUS = START - timedelta(days=7)
QUESTIONS = ["What got you into nursing?", "What keeps you going?", "What would you change?"]

HOST, ALICE, BOB, CAROL, DAVE, ERIN = 1, 2, 3, 4, 5, 6
HANDLES = {
    HOST: "host_nurse",
    ALICE: "alice_rn",
    BOB: "bob_hca",
    CAROL: "carol_mw",
    DAVE: "dave_pharm",
    ERIN: "erin_ahp",
}


def accounts() -> list[AccountRecord]:
    return [
        AccountRecord(id=i, handle=h, name=h.split("_")[0].title(), profile_at=START - timedelta(days=30))
        for i, h in HANDLES.items()
    ]


def tweet(
    tid: int,
    author: int,
    at: datetime,
    text: str,
    *,
    kind: str = "original",
    reply_to: int | None = None,
    retweet_of: int | None = None,
    tags: tuple[str, ...] = ("wenurses",),
) -> TweetRecord:
    return TweetRecord(
        id=tid,
        author_id=author,
        created_at=at,
        text=text,
        kind=kind,
        replied_to_id=reply_to,
        replied_to_author_id=None,
        retweeted_id=retweet_of,
        hashtags=tags,
        raw="{}",
    )


def minutes(n: float, base: datetime = START) -> datetime:
    return base + timedelta(minutes=n)


def chat_tweets() -> list[TweetRecord]:
    return [
        tweet(100, CAROL, minutes(-16), "early #WeNurses"),
        tweet(101, CAROL, minutes(-15), "Looking forward to this #WeNurses"),
        tweet(102, HOST, minutes(0), "Q1 What got you into nursing? #WeNurses"),
        tweet(103, ALICE, minutes(2), "@host_nurse A1 My mum was a nurse #WeNurses", kind="reply", reply_to=102),
        tweet(104, BOB, minutes(3), "@alice_rn same here! #WeNurses", kind="reply", reply_to=103),
        tweet(105, CAROL, minutes(4), "A1 I wanted to help people #WeNurses"),
        tweet(
            106,
            DAVE,
            minutes(5),
            "RT @host_nurse: Q1 What got you into nursing? #WeNurses",
            kind="retweet",
            retweet_of=102,
        ),
        tweet(107, HOST, minutes(20), "Q2 What keeps you going? #WeNurses"),
        tweet(108, BOB, minutes(22), "@host_nurse Tea and teamwork #WeNurses", kind="reply", reply_to=107),
        tweet(109, ALICE, minutes(30), "A2 my patients #OtherTag", tags=("othertag",)),
        tweet(110, ALICE, minutes(40), "A2 the team <b>always</b> #WeNurses"),
        tweet(111, BOB, minutes(50), "a tweet bob deletes #WeNurses"),
        tweet(114, ERIN, minutes(45), "@someone agreed #WeNurses", kind="reply", reply_to=999),
        tweet(112, CAROL, minutes(15, END), "Thanks all #WeNurses"),
        tweet(113, CAROL, minutes(16, END), "too late #WeNurses"),
    ]


def build(community: Community | None = None, *, delete: bool = True) -> Tweetchat:
    """Archive the tweets, create the chat and last week's, attribute, delete tweet 111."""
    community = community or Community.objects.create(
        name="WeNurses", slug="wenurses", hashtag="wenurses", display_hashtag="#WeNurses", colour="#005eb8"
    )
    earlier = [tweet(90, ALICE, minutes(10, PREVIOUS), "hello last week #WeNurses")]
    archive.write(Parsed(tweets=chat_tweets() + earlier, accounts=accounts()))
    previous = Tweetchat.objects.create(
        community=community,
        start=PREVIOUS,
        end=PREVIOUS + timedelta(hours=1),
        topic="Last week",
        slug="last-week",
        status=Tweetchat.Status.ARCHIVED,
    )
    chat = Tweetchat.objects.create(
        community=community,
        start=START,
        end=END,
        topic="Why we nurse",
        slug="why-we-nurse",
        description="An hour on what brought us here.",
        questions=QUESTIONS,
        status=Tweetchat.Status.ARCHIVED,
        proposer_name="Hana Host",
        proposer_handle="host_nurse",
    )
    attribute(Tweetchat.objects.filter(pk__in=[previous.pk, chat.pk]).select_related("community"))
    if delete:
        # The chat drops the deleted tweet on `tweets_archived`, sent when the deletion commits.
        with TestCase.captureOnCommitCallbacks(execute=True):
            archive.write(Parsed(deletions=[DeletionRecord(tweet_id=111)]))
    return chat
