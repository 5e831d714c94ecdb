from datetime import datetime, timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core import mail
from django.utils import timezone

from chats.models import ChatTweet, Tweetchat
from tests.chats import chat_world as w
from tweets import archive
from tweets.models import Community
from tweets.payloads import AccountRecord, Parsed

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


CHANGELIST = "/admin/chats/tweetchat/"


@pytest.fixture
def nurses():
    return Community.objects.create(name="WeNurses", slug="wenurses", hashtag="wenurses", display_hashtag="#WeNurses")


def next_week(hour=20):
    day = timezone.localdate() + timedelta(days=7)
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_default_timezone())


def proposed(community, topic="Nursing at night", start=None, status=Tweetchat.Status.PROPOSED, **extra):
    start = start or next_week()
    return Tweetchat.objects.create(
        community=community,
        start=start,
        end=start + timedelta(hours=1),
        topic=topic,
        slug=topic.lower().replace(" ", "-"),
        questions=["How do you stay well?"],
        status=status,
        proposer_name="Hana Host",
        proposer_handle="hana_rn",
        proposer_email="hana@example.org",
        **extra,
    )


def act(client, action, chats, **extra):
    data = {"action": action, "_selected_action": [c.pk for c in chats], "index": 0, **extra}
    return client.post(CHANGELIST, data)


def test_the_changelist_opens_on_the_queue_of_proposals(client, staff, nurses):
    proposed(nurses, "Waiting one")
    proposed(nurses, "Scheduled one", start=next_week(10), status=Tweetchat.Status.SCHEDULED)
    client.force_login(staff)
    page = client.get(CHANGELIST).content.decode()
    assert "Waiting one" in page and "Scheduled one" not in page
    assert "Waiting for review (proposed)" in page
    everything = client.get(CHANGELIST + "?status=all").content.decode()
    assert "Waiting one" in everything and "Scheduled one" in everything


def test_approving_schedules_the_chat_links_the_host_and_tells_the_proposer(
    client, staff, nurses, django_capture_on_commit_callbacks
):
    archive.write(Parsed(accounts=[AccountRecord(id=77, handle="Hana_RN", name="Hana", profile_at=timezone.now())]))
    chat = proposed(nurses)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, "approve", [chat])
    assert response.status_code == 302
    chat.refresh_from_db()
    assert chat.status == Tweetchat.Status.SCHEDULED
    assert list(chat.hosts.values_list("id", flat=True)) == [77]
    [message] = mail.outbox
    assert message.to == ["hana@example.org"]
    assert "is on the calendar" in message.subject
    assert chat.get_absolute_url() in message.body
    assert LogEntry.objects.filter(object_id=str(chat.pk), change_message__startswith="Approved").exists()
    assert "Nursing at night" in client.get("/chats/").content.decode()


def test_approving_a_past_chat_collects_its_tweets(client, staff, nurses):
    archive.write(Parsed(tweets=w.chat_tweets(), accounts=w.accounts()))
    chat = proposed(nurses, start=w.START)
    client.force_login(staff)
    act(client, "approve", [chat])
    assert ChatTweet.objects.filter(chat=chat).count() == 12


def test_a_proposal_that_clashes_stays_in_the_queue(client, staff, nurses):
    proposed(nurses, "Booked", start=next_week(19) + timedelta(minutes=30), status=Tweetchat.Status.SCHEDULED)
    chat = proposed(nurses)
    client.force_login(staff)
    response = act(client, "approve", [chat])
    chat.refresh_from_db()
    assert chat.status == Tweetchat.Status.PROPOSED
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("“Nursing at night” was left alone: it clashes with “Booked”" in m for m in messages)
    assert not mail.outbox


def test_declining_asks_for_a_reason_first(client, staff, nurses):
    chat = proposed(nurses)
    client.force_login(staff)
    response = act(client, "decline", [chat])
    assert response.status_code == 200
    page = response.content.decode()
    assert "Reason (sent to the proposer)" in page and "Nursing at night" in page
    assert f'name="_selected_action" value="{chat.pk}"' in page
    chat.refresh_from_db()
    assert chat.status == Tweetchat.Status.PROPOSED


def test_declining_with_a_reason_tells_the_proposer(client, staff, nurses, django_capture_on_commit_callbacks):
    chat = proposed(nurses)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CHANGELIST,
            {
                "action": "decline",
                "_selected_action": [chat.pk],
                "confirm": "yes",
                "reason": "We already have a chat on night shifts this month.",
            },
        )
    assert response.status_code == 302
    chat.refresh_from_db()
    assert chat.status == Tweetchat.Status.DECLINED
    assert chat.decline_reason == "We already have a chat on night shifts this month."
    [message] = mail.outbox
    assert message.to == ["hana@example.org"] and "was not accepted" in message.subject
    assert "We already have a chat on night shifts this month." in message.body


def test_declining_without_a_reason_changes_nothing(client, staff, nurses):
    chat = proposed(nurses)
    client.force_login(staff)
    response = client.post(
        CHANGELIST, {"action": "decline", "_selected_action": [chat.pk], "confirm": "yes", "reason": ""}
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    chat.refresh_from_db()
    assert chat.status == Tweetchat.Status.PROPOSED and not mail.outbox


def test_an_archived_chat_cannot_be_declined_or_approved(client, staff, nurses):
    chat = proposed(nurses, status=Tweetchat.Status.ARCHIVED)
    client.force_login(staff)
    client.post(CHANGELIST + "?status=all", {"action": "approve", "_selected_action": [chat.pk], "index": 0})
    client.post(
        CHANGELIST + "?status=all",
        {"action": "decline", "_selected_action": [chat.pk], "confirm": "yes", "reason": "no"},
    )
    chat.refresh_from_db()
    assert chat.status == Tweetchat.Status.ARCHIVED and not mail.outbox


def test_a_member_who_is_not_staff_cannot_moderate(client, alice, nurses):
    chat = proposed(nurses)
    client.force_login(alice)
    response = act(client, "approve", [chat])
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    chat.refresh_from_db()
    assert chat.status == Tweetchat.Status.PROPOSED and not mail.outbox


def test_staff_without_the_change_permission_cannot_moderate(client, bob, nurses):
    chat = proposed(nurses)
    bob.is_staff = True
    bob.save()
    bob.user_permissions.add(Permission.objects.get(codename="view_tweetchat"))
    client.force_login(bob)
    page = client.get(CHANGELIST).content.decode()
    assert "Approve: put on the calendar" not in page
    act(client, "approve", [chat])
    act(client, "decline", [chat], confirm="yes", reason="no")
    chat.refresh_from_db()
    assert chat.status == Tweetchat.Status.PROPOSED and not mail.outbox


def test_an_anonymous_visitor_is_sent_to_log_in(client, nurses):
    chat = proposed(nurses)
    response = act(client, "approve", [chat])
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    chat.refresh_from_db()
    assert chat.status == Tweetchat.Status.PROPOSED


def test_moderators_edit_a_chats_questions_one_per_line(client, staff, nurses):
    chat = proposed(nurses)
    chat.questions = ["How do you stay well?", "Who helps you?"]
    chat.save()
    client.force_login(staff)
    url = f"/admin/chats/tweetchat/{chat.pk}/change/"
    page = client.get(url).content.decode()
    assert ">\nHow do you stay well?\nWho helps you?</textarea>" in page
    local = timezone.localtime(chat.start, timezone.get_default_timezone())
    end = timezone.localtime(chat.end, timezone.get_default_timezone())
    form = {
        "community": nurses.pk, "start": f"{local:%Y-%m-%dT%H:%M}", "end": f"{end:%Y-%m-%dT%H:%M}",
        "topic": chat.topic, "slug": chat.slug,
        "description": "", "questions": "Q1: How do you stay well?\r\n\r\nQ2 What would you change?\r\n",
        "status": chat.status, "decline_reason": "", "proposer_name": "Hana Host", "proposer_handle": "hana_rn",
        "proposer_email": "hana@example.org",
    }  # fmt: skip
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    chat.refresh_from_db()
    assert chat.questions == ["How do you stay well?", "What would you change?"]


def test_the_admin_is_in_the_sites_name_and_colours_with_short_list_columns(client, staff, nurses):
    proposed(nurses, "Waiting one")
    client.force_login(staff)
    page = client.get(CHANGELIST).content.decode()
    assert '<div id="site-name"><a href="/admin/">#MyWe moderation</a></div>' in page
    assert "css/admin.css" in page and "Django administration" not in page
    assert "column-when" in page and "column-hashtag" in page and "column-created_at" not in page
    assert "#WeNurses" in page
