"""Every kind of page carries a strict Content-Security-Policy (scripts from our origin only, no
inline script, no plugins, no framing) and a Permissions-Policy; HSTS preload is opt-in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from blog.models import Post
from dashboards.models import Share
from tweets.models import Account, Community

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def site(alice, bob, staff):
    Community.objects.create(name="WeNurses", slug="wenurses", hashtag="wenurses", display_hashtag="#WeNurses")
    Account.objects.create(id=1001, handle="alice_rn", name="Alice", member=alice)
    Share.objects.create(member=alice, dashboard="chats")
    post = Post.objects.create(author=bob, title="Tips", body="Some *tips*.")
    Post.objects.filter(pk=post.pk).update(status=Post.Status.PUBLISHED)
    return post


def _pages(site) -> list[tuple[str, str | None]]:
    """(path, who is logged in): one of each kind of page, errors and files included."""
    return [
        ("/", None), ("/chats/", None), ("/chats/host/", None), ("/blog/", None), (f"/blog/{site.slug}/", None),
        ("/blog/feed/", None), ("/blog/new/", "alice"), ("/badges/", None), ("/mywe/", "alice"),
        ("/mywe/chats/", "alice"), ("/u/alice_rn/", None), ("/u/alice_rn/chats/", None),
        ("/u/alice_rn/preview.png", None), ("/accounts/login/", None), ("/accounts/privacy/", "alice"),
        ("/accounts/logout/", "alice"), ("/admin/login/", None), ("/admin/blog/post/", "staff"),
        ("/no-such-page/", None), ("/static/css/site.css", None),
    ]  # fmt: skip


def test_every_kind_of_page_has_a_content_security_policy_and_a_permissions_policy(site, alice, staff):
    users = {"alice": alice, "staff": staff}
    for path, who in _pages(site):
        client = Client()
        if who:
            client.force_login(users[who])
        response = client.get(path)
        assert response.status_code in {200, 404}, (path, response.status_code)
        policy = response.headers.get("Content-Security-Policy", "")
        assert "script-src 'self';" in policy, path
        assert "object-src 'none'" in policy and "base-uri 'none'" in policy and "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy.replace("style-src-attr 'unsafe-inline'", ""), path
        assert "camera=()" in response.headers.get("Permissions-Policy", ""), path


def test_no_page_has_an_inline_script(site, alice, staff):
    users = {"alice": alice, "staff": staff}
    for path, who in _pages(site):
        client = Client()
        if who:
            client.force_login(users[who])
        response = client.get(path)
        if response.get("Content-Type", "").startswith("text/html"):
            html = response.content.decode()
            assert html.count("<script") == html.count("<script src="), path


def test_logging_in_with_x_may_send_the_browser_to_x(client, settings):
    settings.X_OAUTH_AUTHORIZE_URL = "https://x.com/i/oauth2/authorize"
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "form-action 'self' https://x.com" in policy


def _settings_in_a_fresh_process(**env) -> str:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "PYTEST"))}
    code = "import django; django.setup(); from django.conf import settings as s; print(s.SECURE_HSTS_PRELOAD, s.SECURE_HSTS_SECONDS)"
    done = subprocess.run([sys.executable, "-c", code], env={**base, **env}, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_hsts_preload_is_off_unless_the_deployment_opts_in():
    assert _settings_in_a_fresh_process(DJANGO_SETTINGS_MODULE="wecommunities.settings") == "False 31536000"
    assert _settings_in_a_fresh_process(DJANGO_SETTINGS_MODULE="wecommunities.settings", SECURE_HSTS_PRELOAD="true") == "True 31536000"
