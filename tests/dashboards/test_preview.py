"""The preview card behind Open Graph and Twitter cards."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from dashboards.models import Share

pytestmark = pytest.mark.django_db


def test_it_draws_a_1200_by_630_png_of_the_member_s_badges(client, people):
    Share.objects.create(member=people.alice_user, dashboard="chats")
    response = client.get("/u/alice_rn/preview.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    data = response.content
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    image = Image.open(io.BytesIO(data))
    image.verify()
    assert image.size == (1200, 630)


def test_it_answers_not_modified_when_the_badges_did_not_change(client, people):
    Share.objects.create(member=people.alice_user, dashboard="chats")
    first = client.get("/u/alice_rn/preview.png")
    again = client.get("/u/alice_rn/preview.png", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert "public" in first["Cache-Control"]
