"""Reflective accounts start from a CPD entry; a tweetchat's draft quotes the member's own
answers under each question, and the confidentiality check warns before saving."""

from __future__ import annotations

import pytest

from cpd import confidentiality
from cpd.models import Entry, Reflection

pytestmark = pytest.mark.django_db

CLEAN = {
    "nature": "A tweetchat on why we nurse.",
    "learned": "That many of us came in through family.",
    "changed": "I now ask students what brought them in.",
    "relevance": "It helps me prioritise people.",
    "themes": ["people", "trust"],
}


@pytest.fixture
def feb_entry(alice_client, people) -> Entry:
    alice_client.post(f"/mywe/cpd/chats/{people.feb_chat.pk}/accept/")
    return Entry.objects.get(member=people.alice_user, chat=people.feb_chat)


def test_it_drafts_from_the_questions_with_the_members_answers_quoted(alice_client, feb_entry):
    response = alice_client.get(f"/mywe/cpd/{feb_entry.pk}/reflect/")
    draft = response.context["form"].initial["nature"]
    assert draft.startswith("I took part in the #WeNurses tweetchat “Why we nurse” on 8 February 2024.")
    assert "Q1 What got you into nursing?\n  “A1 My mum was a nurse #WeNurses”" in draft
    assert "Q2 What keeps you going?\n  “A2 the team, and @bob_mw always #WeNurses”" in draft
    assert "I also said:\n  “Hello all, here for the chat #WeNurses”" in draft
    assert "Q1 What got you into nursing?" in response.content.decode()


def test_it_warns_of_a_handle_and_a_name_before_saving(alice_client, feb_entry):
    text = {**CLEAN, "learned": "Hana said her ward does this, and @bob_mw agreed."}
    response = alice_client.post(f"/mywe/cpd/{feb_entry.pk}/reflect/", text)
    assert response.status_code == 200
    assert not Reflection.objects.exists()
    html = response.content.decode()
    assert "Check before saving: this may identify someone" in html
    assert "An X handle: “@bob_mw”" in html
    assert "A name from the chat: “Hana”" in html

    digest = response.context["form"].findings_digest
    response = alice_client.post(f"/mywe/cpd/{feb_entry.pk}/reflect/", {**text, "confirmed": "on", "checked": digest})
    assert response.status_code == 302
    assert Reflection.objects.get().learned == text["learned"]


def test_it_asks_again_when_the_text_finds_something_new(alice_client, feb_entry):
    text = {**CLEAN, "learned": "@bob_mw agreed."}
    digest = alice_client.post(f"/mywe/cpd/{feb_entry.pk}/reflect/", text).context["form"].findings_digest
    more = {**text, "changed": "Mrs B in bed 4 taught me this.", "confirmed": "on", "checked": digest}
    response = alice_client.post(f"/mywe/cpd/{feb_entry.pk}/reflect/", more)
    assert response.status_code == 200 and not Reflection.objects.exists()
    assert "A bed or room: “bed 4”" in response.content.decode()


def test_it_saves_a_clean_account_at_once_and_counts_it(alice_client, feb_entry, people):
    assert alice_client.post(f"/mywe/cpd/{feb_entry.pk}/reflect/", CLEAN).status_code == 302
    reflection = Reflection.objects.get()
    assert (reflection.entry, reflection.themes) == (feb_entry, ["people", "trust"])
    html = alice_client.get("/mywe/cpd/").content.decode()
    assert "<strong>Reflective accounts:</strong> 1 of 5 accounts" in html
    listing = alice_client.get("/mywe/cpd/reflections/").content.decode()
    assert "Why we nurse" in listing


@pytest.mark.parametrize(
    "text, kind",
    [
        ("NHS number 943 476 5919", "What looks like an NHS number"),
        ("her DOB: 12/03/1950", "A date of birth"),
        ("the patient in bed 4", "A bed or room"),
        ("Mrs X was anxious", "A person by title"),
        ("a 84-year-old man", "An age"),
        ("thanks @someone", "An X handle"),
    ],
)
def test_it_finds_what_may_identify_a_patient(text, kind):
    assert kind in [f.kind for f in confidentiality.check(text)]


def test_it_finds_names_of_the_chats_people_but_not_roles():
    names = ["Carol Jones 💙 RN", "Hana Host", "Student Nurse Team"]
    found = {f.text for f in confidentiality.check("Carol and jones and a nurse team, Hana too", names)}
    assert found == {"Carol", "jones", "Hana"}
    assert confidentiality.check("We learnt about safe staffing and escalation.", names) == []
