"""Errors in the site's frame: 400, 403, 404 and 500 pages with the header, the footer and a way
on, in production and in the demo (DEBUG); a 403 logged as one line, without a traceback."""

from __future__ import annotations

import logging

import pytest
from django.template.loader import render_to_string
from django.test import Client

pytestmark = pytest.mark.django_db


def in_the_frame(html: str) -> bool:
    return '<header class="site-header">' in html and '<footer class="site-footer">' in html and 'href="/chats/"' in html


def test_a_missing_page_is_the_branded_404(client):
    response = client.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert in_the_frame(html) and "We cannot find that page" in html and "/no/such/page/" in html


@pytest.mark.parametrize("path", ["/no/such/page/", "/blog/no-such-post/", "/u/nobody_here/"])
def test_the_demo_shows_the_branded_404_not_the_list_of_urls(settings, path):
    settings.DEBUG = True
    response = Client().get(path)  # a new client loads the middleware under DEBUG
    html = response.content.decode()
    assert response.status_code == 404
    assert in_the_frame(html) and "We cannot find that page" in html
    assert "URLconf" not in html and "admin/" not in html


def test_a_member_on_a_staff_page_gets_the_branded_403_and_the_log_a_single_line(client, alice, caplog, settings):
    settings.REDIS_URL = ""
    client.force_login(alice)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/status/pipeline/")
    html = response.content.decode()
    assert response.status_code == 403
    assert in_the_frame(html) and "this page is for the site's moderators and staff" in html
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.getMessage() == "Forbidden (Permission denied): /status/pipeline/"
    assert record.exc_info is None and "Traceback" not in caplog.text


def test_the_500_and_400_pages_are_in_the_frame_without_a_request():
    for template, words in [("500.html", "Something went wrong on our side"), ("400.html", "could not read that request")]:
        html = render_to_string(template)
        assert in_the_frame(html) and words in html


def test_an_expired_form_is_the_branded_403(alice):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    response = strict.post("/mywe/sharing/", {})
    assert response.status_code == 403
    assert in_the_frame(response.content.decode()) and "That form had expired" in response.content.decode()


def test_the_pipeline_page_refreshes_without_a_meta_refresh(client, staff, settings):
    settings.REDIS_URL = ""
    client.force_login(staff)
    html = client.get("/status/pipeline/").content.decode()
    assert 'http-equiv="refresh"' not in html
    assert 'id="auto-refresh"' in html and "js/auto-refresh.js" in html
