"""The "Share this" switch and the settings list of what is shared."""

from __future__ import annotations

import pytest

from dashboards.models import Share

pytestmark = pytest.mark.django_db


def shared(user) -> set[str]:
    return set(Share.objects.filter(member=user).values_list("dashboard", flat=True))


def test_it_keeps_every_dashboard_private_by_default(client, people):
    client.force_login(people.alice_user)
    html = client.get("/mywe/engagement/").content.decode()
    assert 'class="switch" aria-pressed="false"' in html
    assert "Private: only you can see it" in html
    assert shared(people.alice_user) == set()


def test_it_shares_and_unshares_with_the_switch(client, people):
    client.force_login(people.alice_user)
    response = client.post("/mywe/engagement/share/", {"share": "1", "next": "/mywe/engagement/"})
    assert response.status_code == 302 and response["Location"] == "/mywe/engagement/"
    assert shared(people.alice_user) == {"engagement"}
    html = client.get("/mywe/engagement/").content.decode()
    assert 'aria-pressed="true"' in html and "/u/alice_rn/engagement/" in html
    assert "is now on your public page" in html
    client.post("/mywe/engagement/share/", {"share": "0"})
    assert shared(people.alice_user) == set()


def test_it_shares_only_by_post_with_a_csrf_token(people):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(people.alice_user)
    assert strict.get("/mywe/engagement/share/").status_code == 405
    assert strict.post("/mywe/engagement/share/", {"share": "1"}).status_code == 403
    assert shared(people.alice_user) == set()


def test_it_refuses_bad_switch_input_and_unknown_dashboards(client, people):
    client.force_login(people.alice_user)
    assert client.post("/mywe/engagement/share/", {"share": "yes"}).status_code == 400
    assert client.post("/mywe/nonsense/share/", {"share": "1"}).status_code == 404
    assert client.post("/mywe/sharing/", {"dashboards": ["chats", "nonsense"]}).status_code == 400
    assert shared(people.alice_user) == set()


def test_it_never_redirects_away_from_the_site_after_sharing(client, people):
    client.force_login(people.alice_user)
    response = client.post("/mywe/chats/share/", {"share": "1", "next": "https://evil.example/"})
    assert response["Location"] == "/mywe/chats/"


def test_it_saves_the_whole_sharing_list_at_once(client, people):
    client.force_login(people.alice_user)
    client.post("/mywe/sharing/", {"dashboards": ["chats", "weblog"]})
    assert shared(people.alice_user) == {"chats", "weblog"}
    html = client.get("/mywe/sharing/").content.decode()
    assert 'value="chats" checked' in html and 'value="weblog" checked' in html
    assert 'value="engagement">' in html
    assert "/u/alice_rn/" in html
    client.post("/mywe/sharing/", {})
    assert shared(people.alice_user) == set()
    assert "You share nothing" in client.get("/mywe/sharing/").content.decode()


def test_it_gives_the_public_page_social_cards_and_share_links(client, people):
    Share.objects.create(member=people.alice_user, dashboard="chats")
    html = client.get("/u/alice_rn/").content.decode()
    assert 'property="og:image" content="http://testserver/u/alice_rn/preview.png"' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert 'property="og:image:width" content="1200"' in html
    assert "https://x.com/intent/post?text=" in html and "u%2Falice_rn%2F" in html
    assert 'class="button button-secondary copy-link"' in html
    assert "Alice Nurse" in html


def test_it_tells_the_badge_pages_who_shares_which_badge(client, people):
    Share.objects.create(member=people.alice_user, dashboard="chats")
    Share.objects.create(member=people.bob_user, dashboard="weblog")
    chats = client.get("/badges/chats/").content.decode()
    assert "@alice_rn" in chats and "@bob_mw" not in chats  # bob holds Chats too, unshared
    weblog = client.get("/badges/weblog/").content.decode()
    assert "@bob_mw" in weblog and "@alice_rn" not in weblog


def test_it_points_share_links_and_cards_at_the_address_the_page_was_asked_for(client, people, settings):
    settings.ALLOWED_HOSTS = ["mywe.test"]
    Share.objects.create(member=people.alice_user, dashboard="chats")
    for path in ["/u/alice_rn/", "/u/alice_rn/chats/"]:
        html = client.get(path, HTTP_HOST="mywe.test:8101").content.decode()
        assert '<link rel="canonical" href="http://mywe.test:8101/u/alice_rn/">' in html
        assert 'property="og:image" content="http://mywe.test:8101/u/alice_rn/preview.png"' in html
        assert 'data-link="http://mywe.test:8101/u/alice_rn/"' in html
        assert "url=http%3A%2F%2Fmywe.test%3A8101%2Fu%2Falice_rn%2F" in html
        assert settings.SITE_URL not in html


def test_the_public_pages_say_things_in_plain_words(client, people):
    Share.objects.create(member=people.alice_user, dashboard="hashtags")
    Share.objects.create(member=people.alice_user, dashboard="followers")
    html = client.get("/u/alice_rn/").content.decode()
    assert "<strong>Hashtags</strong>: We hashtags used" in html and "we hashtags used" not in html
    followers = client.get("/u/alice_rn/followers/").content.decode()
    assert "Who follows @alice_rn, in their own words" in followers and "thinks they are" not in followers
    levels = client.get("/badges/").content.decode()
    assert '<th scope="col">To reach it</th>' in levels and "<td>1 chat hosted</td>" in levels
    assert "<td>10 tweets with a We hashtag</td>" in levels
