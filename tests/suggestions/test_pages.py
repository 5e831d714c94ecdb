"""The Suggested Follows page, dismissing, the opt-out on the privacy page, the #MyWe home's
panel and the Following dashboard's nudge: what a member sees, who may do what, and the
queries a page costs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from suggestions import refresh
from suggestions.models import Dismissal, OptOut, Suggestion

from .conftest import T0

pytestmark = pytest.mark.django_db


@pytest.fixture
def suggested(world, people):
    """carol replied to alice three times, erin follows her, frank was in a #WeMidwives chat
    with her: three suggestions."""
    first = world.tweet(people.alice)
    for _ in range(3):
        world.tweet(people.carol, reply_to=first)
    world.follow(people.erin, people.alice)
    world.chat(world.wemidwives, T0, topic="Birth choices")
    world.tweet(people.alice, at=T0 + timedelta(minutes=3), tags=("wemidwives",))
    world.tweet(people.frank, at=T0 + timedelta(minutes=4), tags=("wemidwives",))
    world.derive()
    refresh.refresh()
    return people


def test_it_sends_anonymous_visitors_to_log_in(client):
    response = client.get("/mywe/suggestions/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.post("/mywe/suggestions/1/dismiss/").status_code == 302
    assert client.post("/mywe/suggestions/opt-out/").status_code == 302


def test_it_shows_each_suggestion_with_its_reasons_and_a_follow_intent(client, suggested):
    client.force_login(suggested.alice_user)
    page = client.get("/mywe/suggestions/").content.decode()
    assert "@carol" in page and "Replied to you 3 times" in page
    assert "Follows you" in page
    assert "You were both in a #WeMidwives chat" in page
    assert "https://x.com/intent/follow?screen_name=carol" in page


def test_it_filters_by_community(client, suggested):
    client.force_login(suggested.alice_user)
    page = client.get("/mywe/suggestions/?we=wemidwives").content.decode()
    # Everyone tweets in #WeNurses; only alice and frank in #WeMidwives.
    assert "@frank" in page and "@carol" not in page


def test_it_reads_stored_rows_in_five_queries(client, suggested, django_assert_max_num_queries):
    client.force_login(suggested.alice_user)
    client.get("/mywe/suggestions/")
    with django_assert_max_num_queries(5):
        assert client.get("/mywe/suggestions/").status_code == 200


def test_it_dismisses_by_post_only_for_good(client, suggested):
    client.force_login(suggested.alice_user)
    carol = suggested.carol.id
    assert client.get(f"/mywe/suggestions/{carol}/dismiss/").status_code == 405
    response = client.post(f"/mywe/suggestions/{carol}/dismiss/", {"handle": "carol"})
    assert response.status_code == 302
    assert not Suggestion.objects.filter(member=suggested.alice_user, account_id=carol).exists()
    refresh.refresh()
    assert "carol" not in {s.account.handle for s in Suggestion.objects.shown_to(suggested.alice_user.pk)}
    assert Dismissal.objects.filter(member=suggested.alice_user, account_id=carol).exists()


def test_it_needs_the_csrf_token_to_dismiss_or_opt_out(suggested):
    client = Client(enforce_csrf_checks=True)
    client.force_login(suggested.alice_user)
    assert client.post(f"/mywe/suggestions/{suggested.carol.id}/dismiss/").status_code == 403
    assert client.post("/mywe/suggestions/opt-out/", {"opt_out": "1"}).status_code == 403
    assert not Dismissal.objects.exists() and not OptOut.objects.exists()


def test_it_lets_a_member_opt_out_from_the_privacy_page_and_back_in(client, suggested):
    client.force_login(suggested.bob_user)
    page = client.get("/accounts/privacy/").content.decode()
    assert "Do not suggest me to other members" in page and "checked" not in page.split("opt_out")[1][:80]
    client.post("/mywe/suggestions/opt-out/", {"opt_out": "1", "next": "/accounts/privacy/"})
    assert OptOut.objects.filter(member=suggested.bob_user).exists()
    assert 'name="opt_out" value="1" checked' in client.get("/accounts/privacy/").content.decode()
    client.post("/mywe/suggestions/opt-out/", {})
    assert not OptOut.objects.filter(member=suggested.bob_user).exists()


def test_it_shows_the_top_three_on_the_home_and_drops_a_dismissed_one(
    client, suggested, django_capture_on_commit_callbacks
):
    client.force_login(suggested.alice_user)
    home = client.get("/mywe/").content.decode()
    assert "People to follow" in home and "@carol" in home
    # The panel is cached; the dismissal starts a new generation of it once committed.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/mywe/suggestions/{suggested.carol.id}/dismiss/")
    assert "@carol" not in client.get("/mywe/").content.decode()


def test_it_nudges_from_the_following_dashboard(client, world, suggested):
    world.follow(suggested.alice, suggested.carol)
    world.derive()
    from badges import awarding

    awarding.refresh()
    client.force_login(suggested.alice_user)
    page = client.get("/mywe/following/").content.decode()
    assert "Diversify who you follow" in page and "/mywe/suggestions/" in page


def test_it_forgets_a_members_suggestions_dismissals_and_opt_out_with_their_data(client, suggested):
    from members import privacy

    client.force_login(suggested.alice_user)
    client.post(f"/mywe/suggestions/{suggested.carol.id}/dismiss/")
    OptOut.objects.create(member=suggested.alice_user)
    privacy.delete_member_data(suggested.alice_user)
    assert not Suggestion.objects.filter(member=suggested.alice_user).exists()
    assert not Dismissal.objects.exists() and not OptOut.objects.exists()
