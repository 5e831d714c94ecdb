"""A NUL byte or an impossible name in an address is a 404, in a query a 400 that says why:
never a 500 (PostgreSQL refuses NUL in text)."""

import pytest

from tweets.models import Community

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def wenurses():
    return Community.objects.create(name="WeNurses", slug="wenurses", hashtag="wenurses", display_hashtag="#WeNurses")


@pytest.mark.parametrize(
    "path",
    ["/u/%00/", "/u/alice%00/", "/u/%00/preview.png", "/u/%00/chats/", "/u/not a handle/", "/u/" + "a" * 51 + "/",
     "/blog/%00/", "/blog/%00/edit/", "/mywe/%00/", "/chats/%00/2024-01-11/x/", "/badges/%00/"],
)  # fmt: skip
def test_a_nul_or_an_impossible_name_in_the_path_is_not_found(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/blog/?community=%00", "/blog/?page=%00", "/chats/?community=%00", "/blog/feed/?community=%00", "/?q=%00"])
def test_a_nul_in_the_query_is_a_bad_request_that_says_so(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_a_malformed_community_in_the_blog_listing_is_a_bad_request_that_says_so(client):
    response = client.get("/blog/?community=not a slug!")
    assert response.status_code == 400
    assert "“community” must be a community's short name, such as wenurses." in response.content.decode()
    assert client.get("/blog/feed/?community=not a slug!").status_code == 404
    assert client.get("/blog/?community=wenurses").status_code == 200
    assert client.get("/blog/?community=nosuch").status_code == 404
