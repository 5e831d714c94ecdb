""""Add to your portfolio": from the member's dashboard and the public pages to each shared
level's downloads."""

from __future__ import annotations

from .conftest import issue, share


def test_the_dashboard_offers_the_portfolio_once_shared(client, people):
    client.force_login(people.alice_user)
    assert b"Add to your portfolio" not in client.get("/mywe/chats/").content
    share(people.alice_user, "chats")
    page = client.get("/mywe/chats/").content.decode()
    assert 'href="/credentials/u/alice_rn/chats/">Add to your portfolio</a>' in page


def test_the_public_pages_link_each_shared_badge_to_its_credentials(client, alice_shares):
    public = client.get("/u/alice_rn/").content.decode()
    assert 'href="/credentials/u/alice_rn/chats/"' in public
    assert 'href="/credentials/u/alice_rn/weblog/"' in public
    assert 'href="/credentials/u/alice_rn/hashtags/"' not in public
    dashboard = client.get("/u/alice_rn/chats/").content.decode()
    assert 'href="/credentials/u/alice_rn/chats/">Add to portfolio</a>' in dashboard


def test_the_portfolio_lists_each_level_with_its_downloads(client, alice_shares, django_assert_max_num_queries):
    (chats,) = issue(client, "alice_rn", "chats")
    with django_assert_max_num_queries(8):
        response = client.get("/credentials/u/alice_rn/chats/")
    page = response.content.decode()
    assert "Chats credentials of @alice_rn" in page
    for path in ["credential.png", "credential.svg", "credential.json", "badge.png"]:
        assert f'href="/credentials/{chats.public_id}/{path}" download' in page
    client.force_login(alice_shares.alice_user)
    assert "Add Chats to your portfolio" in client.get("/credentials/u/alice_rn/chats/").content.decode()


def test_opening_the_portfolio_twice_issues_once(client, alice_shares):
    first = issue(client, "alice_rn", "chats")
    assert issue(client, "alice_rn", "chats") == first


def test_a_stranger_cannot_reach_what_is_not_shared(client, alice_shares):
    assert client.get("/credentials/u/alice_rn/hashtags/").status_code == 404
    assert client.get("/credentials/u/bob_mw/chats/").status_code == 404
    assert client.get("/credentials/u/alice_rn/no-such-badge/").status_code == 404
