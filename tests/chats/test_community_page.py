"""A community's page: its chats, hosts and growth, in a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from chats import community_page
from chats.attribution import attribute
from chats.models import Tweetchat
from tests.chats import chat_world as w
from tweets import archive
from tweets.models import Account
from tweets.payloads import Parsed

pytestmark = pytest.mark.django_db

URL = "/c/wenurses/"


def more_chats(community, weeks: int) -> None:
    """Earlier weekly chats, each with two people: one regular (bob) and one newcomer."""
    records, chats = [], []
    for week in range(2, 2 + weeks):
        start = w.PREVIOUS - timedelta(days=7 * week)
        records += [
            w.tweet(10_000 + week * 2, w.BOB, start + timedelta(minutes=5), "A1 hi #WeNurses"),
            w.tweet(10_001 + week * 2, 500 + week, start + timedelta(minutes=6), "A1 new here #WeNurses"),
        ]
        chats.append(
            Tweetchat(
                community=community,
                start=start,
                end=start + timedelta(hours=1),
                topic=f"Week {week}",
                slug=f"week-{week}",
                status=Tweetchat.Status.ARCHIVED,
            )
        )
    accounts = [w.AccountRecord(id=500 + week, handle=f"new{week}", profile_at=w.START) for week in range(2, 2 + weeks)]
    archive.write(Parsed(tweets=records, accounts=accounts))
    Tweetchat.objects.bulk_create(chats)
    attribute(Tweetchat.objects.filter(slug__startswith="week-").select_related("community"))


def test_it_shows_growth_chat_by_chat():
    chat = w.build()
    host = Account.objects.get(id=w.HOST)
    chat.hosts.add(host)
    page = community_page.build(chat.community, now=w.END + timedelta(days=1))
    assert [(g.chat.slug, g.participants, g.first_timers) for g in page.growth] == [
        ("last-week", 1, 1),  # alice
        ("why-we-nurse", 6, 5),  # everyone but alice is new
    ]
    assert [h.handle for h in page.hosts] == ["host_nurse"]
    assert page.people == 6
    assert [c.slug for c in page.recent] == ["why-we-nurse", "last-week"]


def test_it_leaves_removed_people_out_and_does_not_name_anonymised_hosts():
    chat = w.build()
    chat.hosts.add(Account.objects.get(id=w.HOST))
    Account.objects.filter(id=w.HOST).update(archive_choice="anonymise")
    Account.objects.filter(id=w.CAROL).update(archive_choice="remove")
    page = community_page.build(chat.community, now=w.END + timedelta(days=1))
    assert page.growth[-1].participants == 5
    assert page.hosts == []


def test_the_page_takes_the_same_queries_whatever_the_history(client, django_assert_max_num_queries):
    # the community; upcoming and recent chats with their hosts (2 + 2); recent chats' tweets;
    # hosts; the growth chart's chats, participants and first chats; chats and people in all;
    # the handles to mask in descriptions
    chat = w.build()
    chat.hosts.add(Account.objects.get(id=w.HOST))
    Tweetchat.objects.create(
        community=chat.community,
        start=timezone.now() + timedelta(days=3),
        end=timezone.now() + timedelta(days=3, hours=1),
        topic="Coming up",
        slug="coming-up",
        status=Tweetchat.Status.SCHEDULED,
    )
    with django_assert_max_num_queries(13) as small:
        response = client.get(URL)
    assert response.status_code == 200
    more_chats(chat.community, 30)
    with django_assert_max_num_queries(13) as large:
        response = client.get(URL)
    page = response.content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)
    assert "Coming up" in page and "Why we nurse" in page
    assert 'href="/chats/feed/wenurses.ics"' in page
    assert "https://x.com/search?q=%23WeNurses&amp;f=live" in page
    assert "<svg" in page and "first-timers" in page
    print(f"community page: {len(large.captured_queries)} queries")


def test_the_home_page_links_each_community(client):
    w.build()
    assert 'href="/c/wenurses/"' in client.get("/").content.decode()
