"""A chat's life moves its host's badge and dashboard at once: `chats_changed` on commit →
badges re-count those members (no full recompute) → `members_changed` → a new dashboard
generation. Personas and world from the dashboards' conftest."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.utils import timezone

from badges import awarding
from badges.models import BadgeValue
from badges.signals import members_changed
from chats.attribution import close_finished_chats
from chats.models import Tweetchat
from tests.dashboards.conftest import fresh_cache, quick_and_in_process, world  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def chat_host_value(user) -> int:
    row = BadgeValue.objects.filter(member=user, badge="chat-host").first()
    return row.value if row else 0


@pytest.fixture
def host(world, alice):  # noqa: F811  (the world fixture imported above)
    return world.account("alice_rn", member=alice, name="Alice Nurse")


@pytest.fixture
def told(monkeypatch):
    """The members each `members_changed` named, and whether anyone recomputed everything."""
    heard: list[list[int]] = []

    def receiver(sender, member_ids, **kwargs):
        heard.append(list(member_ids))

    members_changed.connect(receiver, dispatch_uid="test.told")
    full: list[bool] = []
    real_refresh = awarding.refresh
    monkeypatch.setattr(
        awarding, "refresh", lambda members=None, **kw: full.append(members is None) or real_refresh(members, **kw)
    )
    yield type("Told", (), {"members": heard, "full": full})
    members_changed.disconnect(dispatch_uid="test.told")


def test_closing_a_finished_chat_moves_its_hosts_badge_and_dashboard_at_once(
    client, world, alice, host, told, django_capture_on_commit_callbacks  # noqa: F811
):
    start = timezone.now() - timedelta(hours=3)
    chat = world.chat(world.wenurses, start, "Night shifts", hosts=[host], status=Tweetchat.Status.SCHEDULED)
    world.tweet(host, start + timedelta(minutes=5))
    client.force_login(alice)
    before = client.get("/mywe/chat-host/").content.decode()  # cached for this generation
    assert "Night shifts" in before and "Coming up" in before
    assert chat_host_value(alice) == 0

    with django_capture_on_commit_callbacks(execute=True):
        assert close_finished_chats() == 1

    assert chat_host_value(alice) == 1
    assert [alice.pk] in told.members
    assert True not in told.full  # only the members the chat touches were counted again
    after = client.get("/mywe/chat-host/").content.decode()
    assert "Coming up" not in after
    assert chat.get_absolute_url() in after


def test_approving_a_proposal_puts_it_on_the_calendar_and_the_hosts_dashboard(
    client, world, alice, host, staff, told, django_capture_on_commit_callbacks  # noqa: F811
):
    start = timezone.now() + timedelta(days=7)
    chat = Tweetchat.objects.create(
        community=world.wenurses, start=start, end=start + timedelta(hours=1), topic="Safe staffing",
        slug="safe-staffing", proposer_name="Alice Nurse", proposer_handle="alice_rn", proposer_email="a@example.org",
    )
    assert "Safe staffing" not in client.get("/chats/").content.decode()
    client.force_login(alice)
    assert "Safe staffing" not in client.get("/mywe/chat-host/").content.decode()

    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/chats/tweetchat/", {"action": "approve", ACTION_CHECKBOX_NAME: [chat.pk], "index": 0}, follow=True
        )
    assert response.status_code == 200

    assert "Safe staffing" in client.get("/chats/").content.decode()
    assert [alice.pk] in told.members
    client.force_login(alice)
    page = client.get("/mywe/chat-host/").content.decode()
    assert "Coming up" in page and "Safe staffing" in page


def test_removing_a_host_takes_the_chat_off_their_badge(
    world, alice, host, told, django_capture_on_commit_callbacks  # noqa: F811
):
    chat = world.chat(world.wenurses, timezone.now() - timedelta(days=7), "Handovers", hosts=[host])
    awarding.refresh({alice.pk})
    assert chat_host_value(alice) == 1

    with django_capture_on_commit_callbacks(execute=True):
        chat.hosts.clear()

    assert chat_host_value(alice) == 0
    assert [alice.pk] in told.members
