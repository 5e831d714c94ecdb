from datetime import UTC, datetime, timedelta

import pytest

from chats.models import Tweetchat
from tests.chats import chat_world as w
from tweets.models import Community

pytestmark = pytest.mark.django_db


@pytest.fixture
def nurses():
    return Community.objects.create(name="WeNurses", slug="wenurses", hashtag="wenurses", display_hashtag="#WeNurses")


def past(community, n, topic, status=Tweetchat.Status.ARCHIVED):
    start = datetime(2023, 1, 5, 20, tzinfo=UTC) + timedelta(weeks=n)
    return Tweetchat.objects.create(
        community=community, start=start, end=start + timedelta(hours=1), topic=topic, slug=f"chat-{n}", status=status
    )


def test_it_lists_past_chats_newest_first_with_their_counts(client, nurses):
    w.build(nurses)
    page = client.get("/chats/archive/").content.decode()
    assert page.index("Why we nurse") < page.index("Last week")
    # 10 tweets (the retweet aside) and 6 people; last week's chat had alice's one tweet
    assert "10 tweets · 6 participants" in page
    assert "1 tweet · 1 participant" in page
    assert 'href="/chats/wenurses/2024-03-07/why-we-nurse/"' in page


def test_it_searches_by_topic_and_filters_by_community(client, nurses):
    midwives = Community.objects.create(name="WeMidwives", slug="wemidwives", hashtag="wemidwives")
    past(nurses, 1, "Sleep and shift work")
    past(nurses, 2, "Leadership")
    past(midwives, 3, "Sleep for new parents")
    page = client.get("/chats/archive/?q=sleep").content.decode()
    assert "Sleep and shift work" in page and "Sleep for new parents" in page and "Leadership" not in page
    assert "2 chats about “sleep”" in page
    page = client.get("/chats/archive/?q=sleep&community=wenurses").content.decode()
    assert "Sleep and shift work" in page and "Sleep for new parents" not in page


def test_it_leaves_out_upcoming_proposed_and_declined_chats(client, nurses):
    past(nurses, 1, "Proposed long ago", status=Tweetchat.Status.PROPOSED)
    past(nurses, 2, "Declined long ago", status=Tweetchat.Status.DECLINED)
    past(nurses, 3000, "Far future", status=Tweetchat.Status.SCHEDULED)
    page = client.get("/chats/archive/").content.decode()
    assert "No past chats" in page
    for topic in ("Proposed long ago", "Declined long ago", "Far future"):
        assert topic not in page


def test_it_pages_through_the_archive_keeping_the_search(client, nurses, django_assert_max_num_queries):
    for n in range(45):
        past(nurses, n, f"Topic {n:02d}")
    with django_assert_max_num_queries(6):  # one more since the archive opt-out: the handles to mask
        first = client.get("/chats/archive/?q=topic").content.decode()
    assert "Topic 44" in first and "Topic 24" not in first
    assert "page 1 of 3" in first
    assert 'href="?q=topic&amp;page=2"' in first
    third = client.get("/chats/archive/?q=topic&page=3").content.decode()
    assert "Topic 04" in third and "Topic 00" in third and "Topic 05" not in third
    assert client.get("/chats/archive/?page=99").status_code == 200  # out of range: the last page
