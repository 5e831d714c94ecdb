"""Host analytics: the numbers of tests/chats/chat_world.py's chat, counted by hand, shown to
the chat's hosts and staff only."""

from __future__ import annotations

import pytest

from chats import host_analytics
from tests.chats import chat_world as w
from tweets.models import Account

pytestmark = pytest.mark.django_db

URL = "/chats/wenurses/2024-03-07/why-we-nurse/hosting/"


@pytest.fixture
def chat(alice):
    chat = w.build()
    # alice is the site user of @host_nurse here: she hosts the chat.
    host = Account.objects.get(id=w.HOST)
    host.member = alice
    host.save()
    chat.hosts.add(host)
    return chat


def test_it_counts_what_a_host_wants_to_know(chat):
    a = host_analytics.build(chat)
    assert [(q.number, q.answers, q.people) for q in a.questions] == [(1, 2, 2), (2, 2, 2), (3, 0, 0)]
    assert a.questions[0].per_bucket[3] == 2  # 103 and 105, in 20:00–20:05 (buckets start at 19:45)
    assert a.replies_between_participants == 1  # bob → alice (104); replies to the host aside
    assert [n.handle for n in a.newcomers] == ["bob_hca", "carol_mw", "dave_pharm", "erin_ahp", "host_nurse"]
    assert [e.tweet.id for e in a.t.most_replied] == [102, 103, 107]
    assert (a.this.tweets, a.this.participants, a.this.first_timers, a.this.replies) == (10, 6, 5, 4)
    assert [(c.slug, f.tweets, f.participants, f.first_timers) for c, f in a.earlier] == [("last-week", 1, 1, 1)]
    assert a.average.participants == 1


def test_only_the_hosts_and_staff_see_it(client, chat, bob, staff):
    assert client.get(URL).status_code == 403
    client.force_login(bob)
    assert client.get(URL).status_code == 403
    assert "Host analytics" not in client.get(chat.get_absolute_url()).content.decode()
    client.force_login(chat.hosts.get().member)
    page = client.get(URL)
    assert page.status_code == 200 and "People answering" in page.content.decode()
    assert "Host analytics" in client.get(chat.get_absolute_url()).content.decode()
    client.force_login(staff)
    assert client.get(URL).status_code == 200


def test_it_names_no_newcomer_who_opted_out(chat):
    Account.objects.filter(id=w.BOB).update(archive_choice="anonymise")
    a = host_analytics.build(chat)
    assert "bob_hca" not in [n.handle for n in a.newcomers]
    assert a.newcomers_unnamed == 1
