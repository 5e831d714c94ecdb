"""The members' world: a fake X that speaks OAuth 2.0 and the users endpoints, allauth's X
provider pointed at it through settings, and helpers that walk the OAuth dance as a browser
would (the authorize page on the fake, the callback on our site)."""

from __future__ import annotations

import copy
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.fakex import oauth_api

ALICE_X_ID = "1000000001"
BOB_X_ID = "1000000002"
# Alice's graph: a few dozen by default; with the `big_graph` fixture, more than X's page of
# 1,000 (three pages of followers, two of following), to exercise pagination.
SMALL_FOLLOWERS, SMALL_FOLLOWING = 40, 25
BIG_FOLLOWERS, BIG_FOLLOWING = 2_300, 1_200


def x_user(user_id: str, username: str, name: str, bio: str = "") -> dict:
    """A user object shaped like the real ones in users.jsonl."""
    return {
        "id": user_id,
        "username": username,
        "name": name,
        "description": bio,
        "profile_image_url": f"https://pbs.twimg.com/profile_images/{user_id}/{username}_normal.jpg",
        "public_metrics": {"followers_count": 2300, "following_count": 1200, "tweet_count": 5021, "listed_count": 7},
        "protected": False,
        "verified": False,
        "created_at": "2012-05-01T09:00:00.000Z",
        "location": "Leeds",
        "url": "",
    }


def crowd(count: int, first_id: int) -> list[dict]:
    """`count` users built from the real captured ones, each with an id of its own."""
    real = oauth_api.real_users()
    people = []
    for n in range(count):
        model = real[n % len(real)]
        people.append(dict(model, id=str(first_id + n), username=f"{model['username'][:9]}_{n}"))
    return people


@pytest.fixture
def eager_celery():
    """Run Celery tasks in-process, as the demo does, also when REDIS_URL names a broker."""
    from wecommunities.celery import app

    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield app
    app.conf.task_always_eager, app.conf.task_eager_propagates = before


def give_alice_a_graph(x, followers: int, following: int) -> None:
    """`followers` of the crowd follow alice (and so does bob); she follows `following` of them,
    the first half of whom also follow her."""
    x.followers.pop(ALICE_X_ID, None)
    x.following.pop(ALICE_X_ID, None)
    for user in crowd(followers, 3_000_000_000):
        x.add_user(user)
        x.follow(user["id"], ALICE_X_ID)
    for user in crowd(following, 3_000_000_000 + followers - following // 2):
        x.add_user(user)
        x.follow(ALICE_X_ID, user["id"])
    x.follow(BOB_X_ID, ALICE_X_ID)


@pytest.fixture
def x(fake_x, settings, eager_celery):
    """The fake X with alice and bob, and our settings pointed at it: the provider's three URLs
    and an OAuth client. Nothing else is redirected."""
    x = oauth_api.install(fake_x)
    x.add_user(x_user(ALICE_X_ID, "alice_rn", "Alice Nurse", "Ward sister. #WeNurses regular."))
    x.add_user(x_user(BOB_X_ID, "bob_ahp", "Bob Physio", "Physiotherapist #WeAHPs"))
    give_alice_a_graph(x, SMALL_FOLLOWERS, SMALL_FOLLOWING)
    settings.X_OAUTH_AUTHORIZE_URL = f"{fake_x.url}/i/oauth2/authorize"
    settings.X_OAUTH_TOKEN_URL = f"{fake_x.url}/2/oauth2/token"
    settings.X_API_BASE_URL = fake_x.url
    providers = copy.deepcopy(settings.SOCIALACCOUNT_PROVIDERS)
    providers["twitter_oauth2"]["APP"] = {"client_id": x.client_id, "secret": x.client_secret, "key": ""}
    settings.SOCIALACCOUNT_PROVIDERS = providers
    x.fake = fake_x
    return x


@pytest.fixture
def big_graph(x):
    give_alice_a_graph(x, BIG_FOLLOWERS, BIG_FOLLOWING)
    return x


def authorize_at_x(location: str, approve: bool = True) -> str:
    """What the browser does on X's consent page: press a button. Returns where X redirects."""
    page = requests.get(location, timeout=5)
    assert page.status_code == 200, page.text
    choice = {"approve": "1"} if approve else {"cancel": "1"}
    decision = requests.post(location, data=choice, allow_redirects=False, timeout=5)
    assert decision.status_code == 302, decision.text
    return decision.headers["Location"]


def log_in_with_x(client, x, user_id: str, next_url: str = "/accounts/privacy/", process: str = "login"):
    """The whole dance through the Django test client: our login view, X's consent page, our
    callback. Returns the callback's response (a redirect to `next_url` when it worked)."""
    x.log_in_at_x(user_id)
    start = client.post(f"/accounts/twitter_oauth2/login/?process={process}&next={next_url}")
    assert start.status_code == 302, start.content
    callback = urlsplit(authorize_at_x(start["Location"]))
    return client.get(callback.path, parse_qs(callback.query))


@pytest.fixture
def login(client, x, django_capture_on_commit_callbacks):
    """log_in_with_x with on-commit callbacks run (the follow-graph read is queued on commit)."""

    def do(user_id: str = ALICE_X_ID, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return log_in_with_x(client, x, user_id, **kwargs)

    return do
