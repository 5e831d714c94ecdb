"""A hand-built world for the CPD log whose right answers are known. Tweets go through the real
archive writer and chats through the real attribution, so suggestions read rows as production
writes them.

alice (@alice_rn, a registered nurse) took part in three archived #WeNurses chats:
  JAN "Safe staffing":       two minutes (20:10 and 20:12), replying to carol    → 0.25 h, participatory
  FEB "Why we nurse":        the whole hour, 19:55 (grace) to 21:10 (grace),
                             answering the host's Q1 and Q2, mentioning bob      → 1 h (the chat's length), participatory
  MAR "Continuity of carer": only retweets, 20:05 and 20:30, one of them "RT @carol" → 0.5 h, not participatory
and read the transcript of APR "Student support", which she did not join.
bob (@bob_mw) is another registered member; carol (Carol Jones) and the host are community members.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count
from types import SimpleNamespace

import pytest

from chats.attribution import attribute_all
from chats.models import Tweetchat
from tweets import archive
from tweets.models import Account, Community
from tweets.payloads import Parsed, TweetRecord

JAN = datetime(2024, 1, 11, 20, 0, tzinfo=UTC)  # Thursdays, 8pm UK time (GMT)
FEB = datetime(2024, 2, 8, 20, 0, tzinfo=UTC)
MAR = datetime(2024, 3, 14, 20, 0, tzinfo=UTC)
APR = datetime(2024, 4, 11, 19, 0, tzinfo=UTC)  # 8pm BST


class World:
    def __init__(self) -> None:
        self._ids = count(7_000_000)
        self.wenurses = Community.objects.create(
            name="WeNurses", slug="wenurses", hashtag="wenurses", display_hashtag="#WeNurses", colour="#005eb8"
        )

    def account(self, handle: str, member=None, name: str = "") -> Account:
        return Account.objects.create(id=next(self._ids), handle=handle, name=name or handle.title(), member=member)

    def tweet(self, author: Account, at: datetime, text: str = "", mentions=(), reply_to=None, retweet=None) -> TweetRecord:
        kind = "retweet" if retweet else "reply" if reply_to else "original"
        record = TweetRecord(
            id=next(self._ids), author_id=author.id, created_at=at, text=f"{text} #WeNurses".strip(), kind=kind,
            replied_to_id=reply_to.id if reply_to else None,
            replied_to_author_id=reply_to.author_id if reply_to else None,
            retweeted_id=retweet.id if retweet else None,
            retweeted_author_id=retweet.author_id if retweet else None,
            hashtags=("wenurses",), mentions=tuple((m.id, m.handle) for m in mentions),
        )
        archive.write(Parsed(tweets=[record], accounts=[]), source="test")
        return record

    def chat(self, start: datetime, topic: str, hosts=(), questions=()) -> Tweetchat:
        chat = Tweetchat.objects.create(
            community=self.wenurses, start=start, end=start + timedelta(hours=1), topic=topic,
            slug=topic.lower().replace(" ", "-"), status=Tweetchat.Status.ARCHIVED, questions=list(questions),
        )
        chat.hosts.set(hosts)
        return chat


def minutes(n: float, base: datetime) -> datetime:
    return base + timedelta(minutes=n)


@pytest.fixture(autouse=True)
def quick_and_in_process(quick_passwords, eager_celery):
    """Every test here: quick password hashing, Celery tasks in-process (tests/conftest.py)."""


@pytest.fixture
def world(db) -> World:
    return World()


@pytest.fixture
def people(world, alice, bob):
    p = SimpleNamespace(world=world, alice_user=alice, bob_user=bob)
    p.alice = world.account("alice_rn", member=alice, name="Alice Nurse")
    p.bob = world.account("bob_mw", member=bob, name="Bob Midwife")
    p.carol = world.account("carol_rn", name="Carol Jones")
    p.host = world.account("host_nurse", name="Hana Host")

    # JAN: two minutes, a reply to carol.
    p.jan_chat = world.chat(JAN, "Safe staffing", hosts=[p.host])
    p.carol_jan = world.tweet(p.carol, minutes(5, JAN), "Staffing is a safety issue")
    world.tweet(p.alice, minutes(10, JAN), "Ratios matter")
    world.tweet(p.alice, minutes(12, JAN), "@carol_rn agreed", reply_to=p.carol_jan, mentions=[p.carol])

    # FEB: the whole hour and more (the grace either side), answering the host's questions.
    p.feb_chat = world.chat(FEB, "Why we nurse", hosts=[p.host],
                            questions=["What got you into nursing?", "What keeps you going?"])
    world.tweet(p.alice, minutes(-5, FEB), "Hello all, here for the chat")
    p.q1 = world.tweet(p.host, minutes(0, FEB), "Q1 What got you into nursing?")
    world.tweet(p.alice, minutes(2, FEB), "@host_nurse A1 My mum was a nurse", reply_to=p.q1, mentions=[p.host])
    p.q2 = world.tweet(p.host, minutes(20, FEB), "Q2 What keeps you going?")
    p.a2 = world.tweet(p.alice, minutes(25, FEB), "A2 the team, and @bob_mw always", mentions=[p.bob])
    world.tweet(p.bob, minutes(27, FEB), "@alice_rn thank you!", reply_to=p.a2, mentions=[p.alice])
    world.tweet(p.alice, minutes(70, FEB), "Thanks everyone")

    # MAR: only retweets, one carrying X's "RT @carol_rn:" mention.
    p.mar_chat = world.chat(MAR, "Continuity of carer", hosts=[p.host])
    p.carol_mar = world.tweet(p.carol, minutes(1, MAR), "Continuity saves lives")
    p.host_mar = world.tweet(p.host, minutes(2, MAR), "Q1 What does continuity mean to you?")
    world.tweet(p.alice, minutes(5, MAR), "RT @carol_rn: Continuity saves lives", retweet=p.carol_mar, mentions=[p.carol])
    world.tweet(p.alice, minutes(30, MAR), "RT @host_nurse: Q1", retweet=p.host_mar, mentions=[p.host])

    # APR: alice never tweets; she reads the transcript.
    p.apr_chat = world.chat(APR, "Student support", hosts=[p.host])
    world.tweet(p.carol, minutes(10, APR), "Mentors matter")
    world.tweet(p.bob, minutes(12, APR), "Yes they do")

    attribute_all()
    return p


@pytest.fixture
def alice_client(client, people):
    """alice, logged in, after her first visit to her CPD log (which works out her suggestions)."""
    client.force_login(people.alice_user)
    assert client.get("/mywe/cpd/").status_code == 200
    return client
