"""Who sees what: dashboards are private to their member; public pages show only what the
member shares; a member who shares nothing has no public page."""

from __future__ import annotations

import pytest

from dashboards.boards import BOARDS
from dashboards.models import Share

pytestmark = pytest.mark.django_db

SLUGS = sorted(BOARDS)


def share(user, *slugs: str) -> None:
    for slug in slugs:
        Share.objects.create(member=user, dashboard=slug)


def test_it_sends_anonymous_visitors_to_log_in(client, people):
    for path in ["/mywe/", "/mywe/sharing/", *[f"/mywe/{slug}/" for slug in SLUGS]]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/?next="), path
    assert client.post("/mywe/chats/share/", {"share": "1"}).status_code == 302
    assert not Share.objects.exists()


def test_it_shows_each_member_their_own_dashboards_only(client, people):
    """/mywe/… is always the logged-in member's: bob sees his chats, not alice's."""
    client.force_login(people.bob_user)
    hosted = client.get("/mywe/chat-host/").content.decode()
    assert "Continuity of carer" in hosted and "Safe staffing" not in hosted
    comments = client.get("/mywe/blog-comment/").content.decode()
    assert "Great read!" in comments and "Thank you Bob" not in comments
    posts = client.get("/mywe/weblog/").content.decode()
    assert "Continuity matters" in posts and "Why I host tweetchats" not in posts
    followers = client.get("/mywe/followers/").content.decode()
    assert "@alice_rn" in followers and "@carol" not in followers


def test_it_has_no_public_page_for_a_member_who_shares_nothing(client, people):
    for who in (None, people.alice_user, people.bob_user):
        if who:
            client.force_login(who)
        assert client.get("/u/alice_rn/").status_code == 404
        assert client.get("/u/alice_rn/preview.png").status_code == 404
        for slug in SLUGS:
            assert client.get(f"/u/alice_rn/{slug}/").status_code == 404


def test_it_shows_a_shared_dashboard_to_anyone_and_no_other(client, people):
    for slug in SLUGS:
        Share.objects.filter(member=people.alice_user).delete()
        share(people.alice_user, slug)
        for who in (None, people.bob_user, people.alice_user):
            client.logout()
            if who:
                client.force_login(who)
            assert client.get(f"/u/alice_rn/{slug}/").status_code == 200, slug
            for other in SLUGS:
                if other != slug:
                    assert client.get(f"/u/alice_rn/{other}/").status_code == 404, (slug, other)
            profile = client.get("/u/alice_rn/").content.decode()
            assert f"/u/alice_rn/{slug}/" in profile
            assert all(f"/u/alice_rn/{other}/" not in profile for other in SLUGS if other != slug)


def test_it_never_names_followers_or_followed_people_on_a_public_page(client, people):
    share(people.alice_user, "followers", "following")
    for slug in ("followers", "following"):
        html = client.get(f"/u/alice_rn/{slug}/").content.decode()
        assert "2 " in html
        assert "@bob_mw" not in html and "@carol" not in html and "@erin" not in html


def test_it_finds_the_public_page_whatever_the_case_of_the_handle(client, people):
    share(people.alice_user, "chats")
    assert client.get("/u/Alice_RN/").status_code == 200


def test_it_shows_an_unregistered_account_no_page(client, people):
    assert client.get("/u/carol/").status_code == 404


def test_it_takes_the_public_page_down_when_the_member_deletes_their_data(client, people):
    from members.signals import member_data_deleted

    share(people.alice_user, "chats")
    assert client.get("/u/alice_rn/").status_code == 200
    member_data_deleted.send(sender="test", member_id=people.alice_user.pk)
    assert client.get("/u/alice_rn/").status_code == 404
    assert not Share.objects.filter(member=people.alice_user).exists()


def test_it_answers_not_found_for_a_dashboard_that_does_not_exist(client, people):
    client.force_login(people.alice_user)
    assert client.get("/mywe/nonsense/").status_code == 404
    share(people.alice_user, "chats")
    assert client.get("/u/alice_rn/nonsense/").status_code == 404
