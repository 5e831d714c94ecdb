import uuid
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from chats.models import Tweetchat
from tweets.models import Community

pytestmark = pytest.mark.django_db


# The personas without a password: these tests log in with force_login, and hashing a password
# (PBKDF2, over a second on a busy machine) in every test's setup dominated their time.
@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create(username="alice")


@pytest.fixture
def bob(django_user_model):
    return django_user_model.objects.create(username="bob")


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create(username="staff", is_staff=True, is_superuser=True)


ZONE = timezone.get_default_timezone()


@pytest.fixture
def ip():
    """A made-up client address of this test's own, so rate-limit counts never leak between
    tests (the cache may be a Redis shared with other runs: never clear it)."""
    address = f"test-{uuid.uuid4().hex[:12]}"
    yield address
    cache.delete(f"chats:proposals:{address}")


@pytest.fixture
def nurses(alice):
    alice.email = "alice@example.org"
    alice.save()
    community = Community.objects.create(
        name="WeNurses", slug="wenurses", hashtag="wenurses", display_hashtag="#WeNurses"
    )
    community.admins.add(alice)
    return community


def next_week(hour=20) -> datetime:
    day = timezone.localdate() + timedelta(days=7)
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZONE)


def proposal(where, **changes) -> dict:
    when = next_week()
    data = {
        "name": "Hana Host",
        "handle": "@hana_rn",
        "email": "hana@example.org",
        "community": where.pk,
        "date": when.date().isoformat(),
        "time": "20:00",
        "topic": "Nursing at night",
        "background": "I have worked nights for ten years.",
        "questions": "Q1: How do you stay well on nights?\nQ2. What helps at 3am?\n\nWhat would you tell a new starter?",
        "consent": "on",
        "website": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def post(client, data, ip):
    return client.post("/chats/host/", data, REMOTE_ADDR=ip)


def errors_of(response) -> dict:
    return {name: list(errs) for name, errs in response.context["form"].errors.items()}


def test_the_form_page_has_every_field_and_a_hidden_honeypot(client, nurses):
    page = client.get("/chats/host/").content.decode()
    for name in ("name", "handle", "email", "community", "date", "time", "topic", "background", "questions", "consent"):
        assert f'name="{name}"' in page
    assert 'class="honeypot"' in page and 'name="website"' in page
    assert "#WeNurses" in page


def test_the_form_is_filled_in_for_a_logged_in_member(client, nurses, alice):
    from tweets.models import Account

    alice.email = "alice@example.org"
    alice.save()
    Account.objects.create(id=42, handle="alice_rn", name="Alice Nurse", member=alice)
    client.force_login(alice)
    page = client.get("/chats/host/").content.decode()
    for name, value in [("name", "Alice Nurse"), ("handle", "alice_rn"), ("email", "alice@example.org")]:
        assert f'name="{name}" value="{value}"' in page
    client.logout()
    assert 'value="alice_rn"' not in client.get("/chats/host/").content.decode()


def test_a_good_proposal_is_stored_the_admins_are_emailed_and_the_proposer_told_what_next(
    client, nurses, ip, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, proposal(nurses), ip)
    assert response.status_code == 302 and response["Location"] == "/chats/host/thanks/"
    chat = Tweetchat.objects.get()
    assert chat.status == Tweetchat.Status.PROPOSED
    assert (chat.community, chat.topic, chat.slug) == (nurses, "Nursing at night", "nursing-at-night")
    assert chat.start == next_week() and chat.end == next_week() + timedelta(hours=1)
    assert chat.questions == [
        "How do you stay well on nights?",
        "What helps at 3am?",
        "What would you tell a new starter?",
    ]
    assert (chat.proposer_name, chat.proposer_handle, chat.proposer_email) == (
        "Hana Host",
        "hana_rn",
        "hana@example.org",
    )
    assert chat.description == "I have worked nights for ten years."
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    assert "Nursing at night" in message.subject
    assert "Q2: What helps at 3am?" in message.body and f"/admin/chats/tweetchat/{chat.pk}/change/" in message.body
    thanks = client.get("/chats/host/thanks/").content.decode()
    assert "What happens next" in thanks and "Nursing at night" in thanks and "hana@example.org" in thanks


def test_without_community_admins_the_superusers_are_emailed(client, ip, staff, django_capture_on_commit_callbacks):
    staff.email = "root@example.org"
    staff.save()
    community = Community.objects.create(name="WeAHPs", slug="weahps", hashtag="weahps")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, proposal(community), ip)
    assert [m.to for m in mail.outbox] == [["root@example.org"]]


def test_a_proposal_not_on_the_calendar_yet_is_not_public(client, nurses, ip):
    post(client, proposal(nurses), ip)
    assert "Nursing at night" not in client.get("/chats/").content.decode()


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (
            {"date": (timezone.localdate() - timedelta(days=1)).isoformat()},
            "date",
            "Choose a date and time in the future (UK time).",
        ),
        (
            {"date": (timezone.localdate() + timedelta(days=400)).isoformat()},
            "date",
            "Choose a date within the next twelve months.",
        ),
        ({"date": "31/02/2030"}, "date", "Enter a real date, like 2030-03-07."),
        ({"time": "25:00"}, "time", "Enter a time like 20:00."),
        (
            {"handle": "@not a handle"},
            "handle",
            "An X handle has 1 to 15 letters, digits or underscores, like @WeNurses.",
        ),
        (
            {"handle": "@a_handle_far_too_long"},
            "handle",
            "An X handle has 1 to 15 letters, digits or underscores, like @WeNurses.",
        ),
        ({"questions": "\n \n"}, "questions", "Write at least one question, one per line."),
        ({"questions": "Q1:\nQ2:"}, "questions", "Write at least one question, one per line."),
        (
            {"questions": "\n".join(f"Question {i}?" for i in range(11))},
            "questions",
            "Keep to 10 questions at most: an hour goes quickly.",
        ),
        ({"questions": "x" * 281}, "questions", "Q1 is longer than a tweet: keep each question to 280 characters."),
        (
            {"consent": None},
            "consent",
            "Tick the box to agree to be named as host: a chat cannot go on the calendar without it.",
        ),
        ({"email": "not-an-email"}, "email", "Enter an email address like name@example.org."),
        ({"name": ""}, "name", "Enter your name."),
        ({"topic": ""}, "topic", "Enter the topic of your chat."),
        ({"background": ""}, "background", "Tell us a little about the topic and about you."),
        ({"community": "999999"}, "community", "Choose one of the communities in the list."),
        ({"community": ""}, "community", "Choose the community your chat is for."),
        ({"date": ""}, "date", "Enter the date of your chat."),
        ({"time": ""}, "time", "Enter the start time, like 20:00."),
        ({"handle": ""}, "handle", "Enter your X handle, like @WeNurses."),
        ({"email": ""}, "email", "Enter your email address, so the admins can tell you their decision."),
    ],
)
def test_each_bad_input_gets_a_clear_message(client, nurses, ip, changes, field, message):
    response = post(client, proposal(nurses, **changes), ip)
    assert response.status_code == 400
    assert errors_of(response) == {field: [message]}
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert not Tweetchat.objects.exists() and not mail.outbox


def test_a_clash_with_a_scheduled_chat_of_the_community_is_refused(client, nurses, ip):
    Tweetchat.objects.create(
        community=nurses,
        start=next_week(19) + timedelta(minutes=15),
        end=next_week(20) + timedelta(minutes=15),
        topic="Already booked",
        slug="already-booked",
        status=Tweetchat.Status.SCHEDULED,
    )
    response = post(client, proposal(nurses), ip)
    assert response.status_code == 400
    [message] = errors_of(response)["time"]
    assert message.startswith("#WeNurses already has a chat from 19:15 to 20:15 UK time on ")
    assert "(“Already booked”). Choose a time at least 30 minutes clear of it." in message


def test_chats_of_other_communities_or_30_minutes_apart_do_not_clash(client, nurses, ip):
    other = Community.objects.create(name="WeAHPs", slug="weahps", hashtag="weahps")
    Tweetchat.objects.create(
        community=other,
        start=next_week(),
        end=next_week(21),
        topic="Theirs",
        slug="theirs",
        status=Tweetchat.Status.SCHEDULED,
    )
    Tweetchat.objects.create(
        community=nurses,
        start=next_week(18) + timedelta(minutes=30),
        end=next_week(19) + timedelta(minutes=30),
        topic="Earlier",
        slug="earlier",
        status=Tweetchat.Status.SCHEDULED,
    )
    assert post(client, proposal(nurses), ip).status_code == 302


def test_names_and_topics_are_kept_to_one_line(client, nurses, ip):
    post(client, proposal(nurses, name=" Hana\r\nHost ", topic="Nights\nBcc: spam@example.org"), ip)
    chat = Tweetchat.objects.get()
    assert (chat.proposer_name, chat.topic) == ("Hana Host", "Nights Bcc: spam@example.org")


def test_the_honeypot_swallows_bots_quietly(client, nurses, ip, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, proposal(nurses, website="http://spam.example"), ip)
    assert response.status_code == 302 and response["Location"] == "/chats/host/thanks/"
    assert not Tweetchat.objects.exists() and not mail.outbox


def test_an_address_is_limited_to_three_proposals_an_hour(client, nurses, ip, settings):
    for hour in (6, 8, 10):
        when = next_week(hour)
        assert post(client, proposal(nurses, time=f"{when:%H}:00", topic=f"Topic {hour}"), ip).status_code == 302
    response = post(client, proposal(nurses, time="12:00", topic="One too many"), ip)
    assert response.status_code == 429
    assert "Please wait a while" in response.content.decode()
    assert Tweetchat.objects.count() == 3
    # another address is not held back
    assert post(client, proposal(nurses, time="14:00", topic="Someone else"), ip + "-b").status_code == 302
    cache.delete(f"chats:proposals:{ip}-b")


def test_only_post_and_get_are_allowed(client):
    assert client.put("/chats/host/").status_code == 405
