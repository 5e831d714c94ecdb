"""A member's CPD is theirs alone: another member, a stranger and staff get a 404 or the login
page; the admin shows no text; deleting their data deletes their CPD."""

from __future__ import annotations

import pytest
from django.db import transaction

from cpd.models import Entry, Participation, Profile, Reflection
from members.privacy import delete_member_data

pytestmark = pytest.mark.django_db

SECRET = "Private thoughts about my practice"


@pytest.fixture
def reflected(alice_client, people) -> Entry:
    alice_client.post(f"/mywe/cpd/chats/{people.feb_chat.pk}/accept/")
    entry = Entry.objects.get(member=people.alice_user)
    alice_client.post(f"/mywe/cpd/{entry.pk}/reflect/", {
        "nature": SECRET, "learned": SECRET, "changed": SECRET, "relevance": SECRET,
    })
    assert Reflection.objects.filter(entry=entry).exists()
    return entry


def urls_of(entry: Entry) -> list[str]:
    reflection = entry.reflection
    return [f"/mywe/cpd/{entry.pk}/", f"/mywe/cpd/{entry.pk}/reflect/", f"/mywe/cpd/reflections/{reflection.pk}/delete/"]


def test_it_hides_a_members_log_from_another_member(client, reflected, people):
    client.force_login(people.bob_user)
    for url in urls_of(reflected)[:2]:
        assert client.get(url).status_code == 404
    assert client.post(f"/mywe/cpd/{reflected.pk}/delete/").status_code == 404
    assert client.post(urls_of(reflected)[2]).status_code == 404
    for url in ["/mywe/cpd/", "/mywe/cpd/reflections/", "/mywe/cpd/log.csv", "/mywe/cpd/log.pdf"]:
        assert SECRET not in client.get(url).content.decode(errors="replace")
    assert "Why we nurse" not in client.get("/mywe/cpd/log.csv").content.decode()
    # bob's own suggestion of the same chat is his, not alice's entry.
    assert client.post(f"/mywe/cpd/chats/{people.jan_chat.pk}/accept/").status_code == 404


def test_it_sends_strangers_to_log_in(client, reflected):
    client.logout()  # the same test client alice used
    for url in ["/mywe/cpd/", "/mywe/cpd/reflections/", "/mywe/cpd/log.pdf", *urls_of(reflected)[:2]]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_it_gives_staff_no_way_in(client, reflected, staff):
    client.force_login(staff)
    for url in urls_of(reflected)[:2]:
        assert client.get(url).status_code == 404
    listing = client.get("/admin/cpd/reflection/").content.decode()
    assert "alice" in listing and SECRET not in listing
    page = client.get(f"/admin/cpd/reflection/{reflected.reflection.pk}/change/").content.decode()
    assert SECRET not in page
    entry_page = client.get(f"/admin/cpd/entry/{reflected.pk}/change/").content.decode()
    assert "How it relates to my practice" not in entry_page


def test_it_deletes_a_members_cpd_with_their_data(reflected, people):
    bob_rows = Participation.objects.filter(member=people.bob_user).count()
    with transaction.atomic():
        delete_member_data(people.alice_user)
    assert not Entry.objects.filter(member=people.alice_user).exists()
    assert not Reflection.objects.exists()
    assert not Participation.objects.filter(member=people.alice_user).exists()
    assert not Profile.objects.filter(member=people.alice_user).exists()
    assert Participation.objects.filter(member=people.bob_user).count() == bob_rows
