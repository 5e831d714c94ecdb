"""Staff logins to the admin: failures are limited per visitor address and username, with a
clear message; behind trusted proxies the visitor's address is read through them."""

import uuid

import pytest

from wecommunities import admin_login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_keys(monkeypatch):
    # The cache may be a Redis shared with other test runs (whose counts expire on their own).
    monkeypatch.setattr(admin_login, "KEY_PREFIX", f"test:{uuid.uuid4().hex[:12]}:admin-login:")


def _login(client, password, ip="192.0.2.1", **headers):
    return client.post(
        "/admin/login/?next=/admin/", {"username": "staff", "password": password}, REMOTE_ADDR=ip, **headers
    )


def test_it_stops_guessing_after_five_failures_with_a_clear_message(client, staff):
    for _ in range(5):
        assert "Please enter the correct username and password" in _login(client, "wrong").content.decode()
    response = _login(client, "staff-password-1")
    assert response.status_code == 200
    assert "Too many failed logins from your address. Wait 15 minutes, then try again." in response.content.decode()
    # The same staff member from another address logs in.
    assert _login(client, "staff-password-1", ip="198.51.100.7").status_code == 302


def test_behind_a_proxy_each_visitor_has_their_own_count(client, staff, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        _login(client, "wrong", ip="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert "Too many failed logins" in _login(client, "staff-password-1", ip="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9").content.decode()
    # Another visitor through the same proxy, who claims to be the first one further left.
    forged = "203.0.113.9, 203.0.113.50"
    assert _login(client, "staff-password-1", ip="10.0.0.1", HTTP_X_FORWARDED_FOR=forged).status_code == 302
