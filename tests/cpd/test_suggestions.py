"""Every archived chat a member tweeted in becomes a suggested entry with the rule's hours;
nothing counts until the member accepts it."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.conf import settings

from badges.signals import members_changed
from cpd import log, suggestions
from cpd.models import Entry, Participation
from cpd.rules import chat_minutes

from .conftest import JAN, minutes

pytestmark = pytest.mark.django_db(transaction=False)


def suggestion_cards(html: str) -> dict[str, str]:
    """topic → the card's hours line, as the member reads them."""
    cards = re.findall(r'<li class="card cpd-suggestion".*?</li>\n', html, re.S)
    found = {}
    for card in cards:
        topic = re.search(r"<h3><a [^>]*>(.*?)</a></h3>", card).group(1)
        found[topic] = " ".join(re.sub(r"<[^>]+>", "", re.search(r'<p class="cpd-hours">(.*?)</p>', card).group(1)).split())
    return found


def test_it_suggests_each_chat_joined_with_the_rules_hours(alice_client, people):
    html = alice_client.get("/mywe/cpd/").content.decode()
    assert suggestion_cards(html) == {
        "Continuity of carer": "0.5 h · not participatory (no replies or mentions)",
        "Why we nurse": "1 h · participatory",
        "Safe staffing": "0.25 h · participatory",
    }
    assert "Student support" not in html  # read later, never joined
    assert "Hosted by @host_nurse" in html
    assert "What got you into nursing?" in html


def test_it_counts_participation_from_the_archive(people):
    suggestions.refresh([people.alice_user.pk])
    rows = {p.chat.topic: p for p in Participation.objects.filter(member=people.alice_user).select_related("chat")}
    feb, jan, mar = rows["Why we nurse"], rows["Safe staffing"], rows["Continuity of carer"]
    # FEB: 4 tweets, one reply to the host; bob replied; partners: the host (reply, mention), bob (mention, reply).
    assert (feb.tweets, feb.retweets, feb.replies, feb.replied_by, feb.partners) == (4, 0, 1, 1, 2)
    assert (jan.tweets, jan.replies, jan.partners) == (2, 1, 1)
    # Retweets only: the "RT @carol_rn" mention is X's copy, not talking to carol.
    assert (mar.tweets, mar.retweets, mar.replies, mar.partners, mar.participatory) == (0, 2, 0, 0, False)
    assert (jan.minutes, feb.minutes, mar.minutes) == (15, 60, 30)


def test_it_rounds_up_to_the_quarter_hour_between_bounds():
    assert chat_minutes(JAN, JAN, JAN, minutes(60, JAN)) == 15  # one tweet
    assert chat_minutes(JAN, minutes(15, JAN), JAN, minutes(60, JAN)) == 15
    assert chat_minutes(JAN, minutes(15.02, JAN), JAN, minutes(60, JAN)) == 30
    assert chat_minutes(minutes(-15, JAN), minutes(75, JAN), JAN, minutes(60, JAN)) == 60  # the grace does not count


def test_it_counts_nothing_until_accepted(alice_client, people):
    page = log.page(people.alice_user)
    assert (page.summary.minutes, page.summary.participatory_minutes, len(page.suggestions)) == (0, 0, 3)
    assert 'aria-valuenow="0"' in alice_client.get("/mywe/cpd/").content.decode()

    alice_client.post(f"/mywe/cpd/chats/{people.feb_chat.pk}/accept/")
    alice_client.post(f"/mywe/cpd/chats/{people.mar_chat.pk}/accept/")
    alice_client.post(f"/mywe/cpd/chats/{people.jan_chat.pk}/dismiss/")
    alice_client.post(f"/mywe/cpd/chats/{people.feb_chat.pk}/accept/")  # twice: harmless

    page = log.page(people.alice_user)
    assert (page.summary.minutes, page.summary.participatory_minutes) == (90, 60)
    assert page.suggestions == []
    assert [e.title for e in page.dismissed] == ["Safe staffing"]
    html = alice_client.get("/mywe/cpd/").content.decode()
    assert "<strong>CPD hours:</strong> 1.5 of 35 hours" in html
    assert "<strong>Participatory hours:</strong> 1 of 20 hours" in html
    assert "33.5 more CPD hours" in html and "19 more participatory hours" in html


def test_it_fills_the_entry_from_the_chat(alice_client, people):
    alice_client.post(f"/mywe/cpd/chats/{people.feb_chat.pk}/accept/")
    entry = Entry.objects.get(member=people.alice_user)
    assert (entry.method, entry.title, entry.start_date, entry.minutes, entry.participatory_minutes) == (
        "tweetchat", "Why we nurse", date(2024, 2, 8), 60, 60,
    )
    assert "#WeNurses tweetchat: Why we nurse." in entry.description
    assert "Hosted by @host_nurse." in entry.description
    assert "Questions: Q1 What got you into nursing? Q2 What keeps you going?" in entry.description
    assert entry.evidence == f"{settings.SITE_URL}/chats/wenurses/2024-02-08/why-we-nurse/"


def test_it_accepts_the_members_edits(alice_client, people):
    response = alice_client.get(f"/mywe/cpd/chats/{people.jan_chat.pk}/")
    assert 'value="0.25"' in response.content.decode()
    alice_client.post(f"/mywe/cpd/chats/{people.jan_chat.pk}/", {
        "method": "tweetchat", "title": "Safe staffing ratios", "description": "It shaped how I escalate.",
        "start_date": "2024-01-11", "hours": "0.5", "participatory_hours": "0.5", "themes": ["safety"],
        "evidence": "transcript",
    })
    entry = Entry.objects.get(member=people.alice_user)
    assert (entry.title, entry.minutes, entry.participatory_minutes, entry.themes) == ("Safe staffing ratios", 30, 30, ["safety"])


def test_it_restores_a_dismissed_suggestion(alice_client, people):
    alice_client.post(f"/mywe/cpd/chats/{people.jan_chat.pk}/dismiss/")
    suggestions.refresh([people.alice_user.pk])
    assert "Safe staffing" not in suggestion_cards(alice_client.get("/mywe/cpd/").content.decode())
    alice_client.post(f"/mywe/cpd/chats/{people.jan_chat.pk}/restore/")
    assert "Safe staffing" in suggestion_cards(alice_client.get("/mywe/cpd/").content.decode())


def test_it_totals_the_window_to_its_edges(alice_client, people):
    for chat in (people.jan_chat, people.feb_chat, people.mar_chat):
        alice_client.post(f"/mywe/cpd/chats/{chat.pk}/accept/")

    def totals(renewal: str) -> int:
        alice_client.post("/mywe/cpd/settings/", {"register": "nmc-nurse", "renewal_date": renewal})
        return log.page(people.alice_user).summary.minutes

    # The window runs from the day after the last renewal, three years back, to the renewal date.
    assert totals("2027-01-10") == 15 + 60 + 30  # starts 11 January 2024: JAN is in
    assert totals("2027-01-11") == 60 + 30  # starts 12 January 2024: JAN is out
    assert totals("2024-03-14") == 15 + 60 + 30  # ends on MAR's day: MAR is in
    assert totals("2024-03-13") == 15 + 60  # ends the day before
    alice_client.post("/mywe/cpd/settings/", {"register": "gphc", "renewal_date": "2024-03-14"})
    summary = log.page(people.alice_user).summary
    assert (summary.start, summary.end, summary.records) == (date(2023, 3, 15), date(2024, 3, 14), 3)
    assert [t.label for t in summary.targets] == ["CPD records", "Reflective accounts"]


def test_it_forgets_a_chat_whose_tweets_were_deleted(people):
    from tweets import archive
    from tweets.models import Tweet
    from tweets.payloads import DeletionRecord, Parsed

    suggestions.refresh([people.alice_user.pk])
    ids = list(Tweet.objects.filter(author=people.alice, chattweet__chat=people.mar_chat).values_list("id", flat=True))
    archive.write(Parsed(deletions=[DeletionRecord(tweet_id=i) for i in ids]), source="test")
    suggestions.refresh([people.alice_user.pk])
    assert set(Participation.objects.filter(member=people.alice_user).values_list("chat__topic", flat=True)) == {
        "Safe staffing", "Why we nurse"
    }


def test_it_works_out_every_members_suggestions_in_one_statement(people, django_assert_num_queries):
    # The upsert, the stale rows' delete, the profiles' stamp, in a transaction (a savepoint here).
    with django_assert_num_queries(5):
        suggestions.refresh(None)
    assert Participation.objects.count() == 5  # alice's three chats and bob's two
    assert set(Participation.objects.filter(member=people.bob_user).values_list("chat__topic", flat=True)) == {
        "Why we nurse", "Student support"
    }


def test_it_refreshes_when_badges_say_members_changed(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        members_changed.send(sender="badges", member_ids=[people.bob_user.pk])
    assert Participation.objects.filter(member=people.bob_user).count() == 2
    assert not Participation.objects.filter(member=people.alice_user).exists()


def test_it_lists_the_newest_suggestions_then_all_on_request(alice_client, people, monkeypatch):
    monkeypatch.setattr(log, "SHOWN", 2)
    html = alice_client.get("/mywe/cpd/").content.decode()
    assert list(suggestion_cards(html)) == ["Continuity of carer", "Why we nurse"]
    assert "Show all 3 suggestions" in html
    assert len(suggestion_cards(alice_client.get("/mywe/cpd/?suggestions=all").content.decode())) == 3


def test_it_keeps_the_log_out_of_caches(alice_client):
    for url in ["/mywe/cpd/", "/mywe/cpd/log.csv", "/mywe/cpd/log.pdf", "/mywe/cpd/reflections/"]:
        assert "no-store" in alice_client.get(url)["Cache-Control"]


def test_it_shows_records_without_targets_for_the_hcpc(alice_client, people):
    alice_client.post(f"/mywe/cpd/chats/{people.feb_chat.pk}/accept/")
    alice_client.post("/mywe/cpd/settings/", {"register": "hcpc", "renewal_date": "2025-06-30"})
    html = alice_client.get("/mywe/cpd/").content.decode()
    assert 'role="progressbar"' not in html
    assert "In this window: <strong>1</strong> record, 1 h of CPD." in html
    assert "a CPD profile with evidence, if you are chosen for audit" in html


def test_it_writes_only_what_changed(people):
    suggestions.refresh([people.alice_user.pk])
    before = dict(Participation.objects.filter(member=people.alice_user).values_list("chat_id", "changed_at"))
    suggestions.refresh([people.alice_user.pk])
    assert dict(Participation.objects.filter(member=people.alice_user).values_list("chat_id", "changed_at")) == before

    from chats.attribution import attribute_all

    people.world.tweet(people.alice, minutes(40, JAN), "One more thought")
    attribute_all()
    suggestions.refresh([people.alice_user.pk])
    after = dict(Participation.objects.filter(member=people.alice_user).values_list("chat_id", "changed_at"))
    assert [chat for chat in after if after[chat] != before[chat]] == [people.jan_chat.pk]
    assert Participation.objects.get(member=people.alice_user, chat=people.jan_chat).minutes == 30
