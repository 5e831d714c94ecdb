import pytest

from tweets.models import Community

pytestmark = pytest.mark.django_db


def test_it_lists_the_communities_on_the_home_page(client):
    Community.objects.create(name="WeNurses", slug="wenurses", hashtag="#WeNurses", display_hashtag="#WeNurses")
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "#WeNurses" in page
    assert 'aria-label="Main"' in page
    assert "Log in" in page
