"""The visitor's address for per-IP limits, with and without trusted proxies in front."""

import uuid

from django.test import RequestFactory

from wecommunities.client_ip import client_ip


def _request(remote="10.0.0.1", forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_without_proxies_it_ignores_what_the_client_claims(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


def test_behind_proxies_it_takes_the_address_the_first_trusted_proxy_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request(forwarded="1.2.3.4, 203.0.113.9")) == "203.0.113.9"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request(forwarded="1.2.3.4, 203.0.113.9, 10.0.0.2")) == "203.0.113.9"


def test_a_request_that_bypassed_the_proxies_has_its_socket_address(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request("10.0.0.5", "203.0.113.9")) == "10.0.0.5"
    assert client_ip(_request("10.0.0.5")) == "10.0.0.5"


def test_every_visitor_behind_a_proxy_has_their_own_blog_limit(settings, client, django_user_model, db):
    from blog import throttle

    settings.TRUSTED_PROXY_COUNT = 1
    limit = throttle.Limit(f"test-{uuid.uuid4().hex[:12]}", per_member=1000, per_address=2)
    behind = [_request("10.0.0.1", f"203.0.113.{n}") for n in range(3)]
    assert all(throttle.allow(limit, n, request) for n, request in enumerate(behind))
    same = _request("10.0.0.1", "203.0.113.99")
    assert throttle.allow(limit, 10, same) and throttle.allow(limit, 11, same)
    assert not throttle.allow(limit, 12, same)
