""""I read this" on a transcript adds a non-participatory entry; the transcript tells logged-in
visitors how many members logged the chat as CPD, never who."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cpd import log
from cpd.models import Entry

pytestmark = pytest.mark.django_db

APR_URL = "/chats/wenurses/2024-04-11/student-support/"


def test_it_logs_reading_a_transcript_with_the_time_given(alice_client, people):
    html = alice_client.get(APR_URL).content.decode()
    assert "No member has logged this chat as CPD yet." in html
    response = alice_client.post(f"/mywe/cpd/chats/{people.apr_chat.pk}/read/", {"minutes": "40"})
    assert response.status_code == 302 and response["Location"] == APR_URL
    entry = Entry.objects.get(member=people.alice_user)
    assert (entry.method, entry.minutes, entry.participatory_minutes, entry.start_date) == (
        "reading", 40, 0, timezone.localdate()
    )
    assert entry.evidence.endswith(APR_URL)
    alice_client.post(f"/mywe/cpd/chats/{people.apr_chat.pk}/read/", {"minutes": "45"})  # again: the new time
    assert Entry.objects.get(member=people.alice_user).minutes == 45
    summary = log.page(people.alice_user).summary
    assert (summary.minutes, summary.participatory_minutes) == (45, 0)


def test_it_refuses_a_reading_time_out_of_bounds(alice_client, people):
    alice_client.post(f"/mywe/cpd/chats/{people.apr_chat.pk}/read/", {"minutes": "0"})
    assert not Entry.objects.exists()


def test_it_shows_hosts_a_count_and_never_names(client, alice_client, people):
    alice_client.post(f"/mywe/cpd/chats/{people.feb_chat.pk}/accept/")
    alice_client.post(f"/mywe/cpd/chats/{people.feb_chat.pk}/read/", {"minutes": "30"})
    client.force_login(people.bob_user)
    client.get("/mywe/cpd/")
    client.post(f"/mywe/cpd/chats/{people.feb_chat.pk}/dismiss/")  # dismissed: not logged

    host_view = client.get("/chats/wenurses/2024-02-08/why-we-nurse/").content.decode()
    assert "1 member logged this chat as CPD." in host_view
    assert "alice" not in host_view.split('id="cpd-read-heading"')[1].split("</aside>")[0]


def test_it_asks_strangers_to_log_in(client, people):
    html = client.get(APR_URL).content.decode()
    assert "to add this chat to your CPD log" in html
    assert "logged this chat as CPD" not in html
    assert client.post(f"/mywe/cpd/chats/{people.apr_chat.pk}/read/", {"minutes": "30"}).status_code == 302
    assert not Entry.objects.exists()
