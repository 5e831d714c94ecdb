"""The demo: members built from the demo world, and the demo login, which exists only with
DEBUG on and no X client configured."""

from __future__ import annotations

import random

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from demo.members import build_members
from demo.world import SIZES, DemoWorld
from tweets.models import Account, Tweet

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    """Demo mode: DEBUG on, no X client."""
    settings.DEBUG = True
    settings.X_CLIENT_ID = ""
    providers = {**settings.SOCIALACCOUNT_PROVIDERS}
    providers["twitter_oauth2"] = {**providers["twitter_oauth2"], "APP": {"client_id": "", "secret": "", "key": ""}}
    settings.SOCIALACCOUNT_PROVIDERS = providers


def world(**made) -> DemoWorld:
    return DemoWorld(size=SIZES["small"], rng=random.Random(1), made=made)


def accounts_with_tweets(counts: dict[str, int]) -> dict[str, Account]:
    made, tweet_id = {}, 1
    for n, (handle, tweets) in enumerate(counts.items(), start=1):
        made[handle] = Account.objects.create(id=n, handle=handle, name=handle.title())
        for _ in range(tweets):
            Tweet.objects.create(id=tweet_id, author=made[handle], created_at=timezone.now())
            tweet_id += 1
    return made


def test_it_makes_the_chosen_accounts_members(demo):
    accounts = accounts_with_tweets({"ann": 3, "ben": 1, "cat": 0})

    build_members(world(member_account_ids=[accounts["ann"].id, accounts["cat"].id]))

    linked = dict(Account.objects.filter(member__isnull=False).values_list("handle", "member__username"))
    assert linked == {"ann": "ann", "cat": "cat"}
    assert not get_user_model().objects.get(username="ann").has_usable_password()


def test_it_picks_the_most_active_accounts_when_the_world_names_none(demo):
    accounts_with_tweets({"ann": 3, "ben": 1, "cat": 0})

    build_members(world())

    assert set(Account.objects.filter(member__isnull=False).values_list("handle", flat=True)) == {"ann", "ben"}


def test_it_adds_nothing_when_run_again_and_never_takes_over_an_existing_user(demo, staff):
    accounts = accounts_with_tweets({"staff": 2, "ann": 1})
    ids = [a.id for a in accounts.values()]
    build_members(world(member_account_ids=ids))

    build_members(world(member_account_ids=ids))

    assert get_user_model().objects.count() == 3
    assert Account.objects.get(handle="staff").member.username == f"staff_{accounts['staff'].id}"
    assert not hasattr(get_user_model().objects.get(username="staff"), "x_account")


def test_it_leads_the_log_in_link_to_the_demo_login_in_the_demo(client, demo):
    home = client.get("/").content.decode()
    assert 'href="/accounts/login/?next=/"' in home

    response = client.get("/accounts/login/?next=/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/demo-login/?next=%2F"


def test_it_logs_a_visitor_in_as_a_demo_member(client, demo):
    accounts = accounts_with_tweets({"ann": 2, "ben": 1})
    build_members(world(member_account_ids=[a.id for a in accounts.values()]))
    ann = get_user_model().objects.get(username="ann")

    page = client.get("/accounts/demo-login/?next=/accounts/privacy/")
    assert page.status_code == 200
    assert "Log in as @ann" in page.content.decode()
    response = client.post("/accounts/demo-login/", {"user_id": ann.pk, "next": "/accounts/privacy/"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/privacy/"
    privacy = client.get("/accounts/privacy/").content.decode()
    assert "@ann" in privacy
    assert "This is the demo" in privacy


def test_it_never_logs_in_as_staff_or_to_another_site(client, demo, staff):
    Account.objects.create(id=9, handle="boss", member=staff)

    assert client.post("/accounts/demo-login/", {"user_id": staff.pk}).status_code == 404
    assert client.post("/accounts/demo-login/", {"user_id": "x"}).status_code == 400
    assert "boss" not in client.get("/accounts/demo-login/").content.decode()
    accounts = accounts_with_tweets({"ann": 1})
    build_members(world(member_account_ids=[accounts["ann"].id]))
    ann = get_user_model().objects.get(username="ann")
    response = client.post("/accounts/demo-login/", {"user_id": ann.pk, "next": "https://evil.example/"})
    assert response["Location"] == "/mywe/"


@pytest.mark.parametrize(
    "debug, client_id",
    [(False, ""), (False, "real-client-id"), (True, "real-client-id")],
    ids=["debug-off", "debug-off-with-x", "debug-on-with-x"],
)
def test_it_has_no_demo_login_outside_the_demo(client, settings, debug, client_id):
    settings.DEBUG = debug
    settings.X_CLIENT_ID = client_id
    providers = {**settings.SOCIALACCOUNT_PROVIDERS}
    providers["twitter_oauth2"] = {
        **providers["twitter_oauth2"],
        "APP": {"client_id": client_id, "secret": "s", "key": ""},
    }
    settings.SOCIALACCOUNT_PROVIDERS = providers
    user = get_user_model().objects.create_user("ann")
    Account.objects.create(id=1, handle="ann", member=user)

    assert client.get("/accounts/demo-login/").status_code == 404
    assert client.post("/accounts/demo-login/", {"user_id": user.pk}).status_code == 404
    assert "_auth_user_id" not in client.session
    assert client.get("/accounts/login/").status_code == 200  # the real login page instead


def test_the_demo_login_opens_with_named_personas_and_a_moderator_who_reaches_the_admin(client, demo):
    from badges.models import BadgeValue
    from dashboards.models import Share
    from demo.personas import build_moderator

    accounts = accounts_with_tweets({"hana_host": 3, "pat_prolific": 9, "nell_new": 1, "sam_shares": 2, "zed": 1})
    build_members(world(member_account_ids=[a.id for a in accounts.values()]))
    user = {u.username: u for u in get_user_model().objects.all()}
    for name, badge, value in [("hana_host", "chat-host", 4), ("pat_prolific", "hashtags", 900), ("pat_prolific", "chats", 40),
                               ("nell_new", "hashtags", 1), ("sam_shares", "hashtags", 30), ("zed", "hashtags", 20)]:
        BadgeValue.objects.create(member=user[name], badge=badge, value=value)
    Share.objects.create(member=user["sam_shares"], dashboard="hashtags")
    build_moderator(world())

    page = client.get("/accounts/demo-login/").content.decode()
    personas = page.split('id="personas-heading"')[1].split("</section>")[0]
    labels = [line.strip() for line in personas.split("<h3>")[1:]]
    assert [label.split("</h3>")[0] for label in labels] == [
        "A host: @hana_host", "A prolific member: @pat_prolific", "A newcomer: @nell_new",
        "A member who shares: @sam_shares", "The moderator: Demo Moderator",
    ]  # fmt: skip
    assert page.index("Worth a look") < page.index("Every demo member") < page.index("Log in as @zed")

    moderator = get_user_model().objects.get(username="demo-moderator")
    assert moderator.is_staff and not moderator.is_superuser and not moderator.has_usable_password()
    response = client.post("/accounts/demo-login/", {"user_id": moderator.pk})
    assert response["Location"] == "/admin/"
    admin = client.get("/admin/").content.decode()
    assert "Tweetchats" in admin and "Posts" in admin and "Users" not in admin


def test_the_demo_moderator_has_no_door_without_debug(client, settings):
    from demo.personas import build_moderator

    build_moderator(world())
    moderator = get_user_model().objects.get(username="demo-moderator")
    settings.DEBUG = False
    assert client.post("/accounts/demo-login/", {"user_id": moderator.pk}).status_code == 404
    assert client.get("/admin/").status_code == 302
