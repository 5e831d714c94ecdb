from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone as dj_timezone

from chats.calendar_feed import escape_text, fold
from chats.models import Tweetchat
from tweets.models import Community

pytestmark = pytest.mark.django_db


@pytest.fixture
def communities():
    nurses = Community.objects.create(name="WeNurses", slug="wenurses", hashtag="wenurses", colour="#005eb8")
    midwives = Community.objects.create(name="WeMidwives", slug="wemidwives", hashtag="wemidwives", colour="#ae2573")
    return nurses, midwives


def chat(community, start, topic, status=Tweetchat.Status.SCHEDULED, **extra):
    from django.utils.text import slugify

    return Tweetchat.objects.create(
        community=community,
        start=start,
        end=start + timedelta(hours=1),
        topic=topic,
        slug=slugify(topic),
        status=status,
        **extra,
    )


def future(days, hour=20):
    today = dj_timezone.localdate()
    local = datetime(today.year, today.month, today.day, hour, tzinfo=dj_timezone.get_default_timezone())
    return local + timedelta(days=days)


def test_it_lists_upcoming_chats_of_every_community_in_time_order(client, communities):
    nurses, midwives = communities
    chat(nurses, future(9), "Nurses later")
    chat(midwives, future(2), "Midwives sooner", questions=["What is continuity of carer?"])
    chat(nurses, future(5), "Nurses in between")
    chat(nurses, future(-9), "Long gone", status=Tweetchat.Status.ARCHIVED)
    chat(nurses, future(4), "Only proposed", status=Tweetchat.Status.PROPOSED)
    chat(nurses, future(6), "Declined", status=Tweetchat.Status.DECLINED)
    page = client.get("/chats/").content.decode()
    assert page.index("Midwives sooner") < page.index("Nurses in between") < page.index("Nurses later")
    for hidden in ("Long gone", "Only proposed", "Declined"):
        assert hidden not in page
    assert "What is continuity of carer?" in page


def test_it_filters_by_community(client, communities):
    nurses, midwives = communities
    chat(nurses, future(2), "A nurses chat")
    chat(midwives, future(3), "A midwives chat")
    page = client.get("/chats/?community=wemidwives").content.decode()
    assert "A midwives chat" in page and "A nurses chat" not in page
    assert 'href="/chats/feed/wemidwives.ics"' in page


def test_it_shows_uk_time_with_a_machine_readable_time_to_localise(client, communities):
    nurses, _ = communities
    start = datetime(2099, 7, 2, 19, 0, tzinfo=UTC)  # 20:00 BST
    chat(nurses, start, "Summer chat")
    page = client.get("/chats/").content.decode()
    assert '<time datetime="2099-07-02T20:00:00+01:00" data-localise>Thu 2 Jul 2099, 20:00</time>' in page
    assert '<span class="uk-time" data-uk="20:00">UK time</span>' in page
    assert '<script src="/static/js/localise-times.js" defer>' in page  # shows the visitor's own time


def test_an_unknown_community_filter_shows_everything(client, communities):
    nurses, _ = communities
    chat(nurses, future(2), "A nurses chat")
    response = client.get("/chats/?community=nope")
    assert response.status_code == 200
    assert "A nurses chat" in response.content.decode()


def test_it_says_so_when_nothing_is_scheduled(client, communities):
    page = client.get("/chats/").content.decode()
    assert "No chats on the calendar" in page
    assert 'href="/chats/host/"' in page


def test_the_feed_is_valid_icalendar_with_every_scheduled_chat(client, communities):
    nurses, midwives = communities
    chat(nurses, datetime(2099, 1, 7, 20, tzinfo=UTC), "Winter, pressures; and you", description="Line one\nLine two")
    chat(midwives, datetime(2099, 1, 8, 20, tzinfo=UTC), "Midwives")
    chat(nurses, datetime(2099, 1, 9, 20, tzinfo=UTC), "Proposal", status=Tweetchat.Status.PROPOSED)
    response = client.get("/chats/feed.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 2
    assert "DTSTART:20990107T200000Z\r\nDTEND:20990107T210000Z" in body
    unfolded = body.replace("\r\n ", "")
    assert "SUMMARY:#wenurses: Winter\\, pressures\\; and you" in unfolded
    assert "Line one\\nLine two" in unfolded
    assert "/chats/wenurses/2099-01-07/winter-pressures-and-you/" in unfolded
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert "Proposal" not in body


def test_the_feed_links_events_to_the_address_it_was_asked_for(client, communities, settings):
    settings.ALLOWED_HOSTS = ["mywe.test"]
    nurses, _ = communities
    chat(nurses, datetime(2099, 1, 7, 20, tzinfo=UTC), "Winter")
    body = client.get("/chats/feed.ics", HTTP_HOST="mywe.test:8101").content.decode().replace("\r\n ", "")
    assert "URL:http://mywe.test:8101/chats/wenurses/2099-01-07/winter/\r\n" in body
    assert settings.SITE_URL not in body


def test_the_community_feed_holds_only_that_community(client, communities):
    nurses, midwives = communities
    chat(nurses, future(2), "Nurses")
    chat(midwives, future(2), "Midwives")
    body = client.get("/chats/feed/wemidwives.ics").content.decode()
    assert body.count("BEGIN:VEVENT") == 1 and "Midwives" in body and "SUMMARY:#wenurses" not in body
    assert client.get("/chats/feed/nope.ics").status_code == 404


def test_it_folds_long_lines_without_splitting_characters():
    line = "DESCRIPTION:" + "é" * 80
    folded = fold(line)
    parts = folded.split("\r\n ")
    assert "".join(parts) == line
    assert all(len(part.encode()) <= 75 for part in parts)
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_the_calendar_takes_a_fixed_number_of_queries(client, communities, django_assert_num_queries):
    nurses, midwives = communities
    for day in range(1, 30):
        chat(nurses if day % 2 else midwives, future(day), f"Chat {day}")
    # the communities for the filter, the chats with their communities, their hosts, and the
    # handles of people who opted out of the archive (masked in descriptions)
    with django_assert_num_queries(4):
        assert client.get("/chats/").status_code == 200
