"""Open Badges 2.0 hosted verification: assertion, badge class and issuer as JSON-LD at the
URLs they name, the recipient a salted hash of the member's X profile URL, and a baked PNG."""

from __future__ import annotations

import hashlib
import io

from PIL import Image

from badges.models import Award
from credentials import baking

from .conftest import issue

JSONLD = "application/ld+json"


def test_the_assertion_has_the_required_fields_and_types(client, alice_shares):
    (chats,) = issue(client, "alice_rn", "chats")
    response = client.get(f"/credentials/{chats.public_id}.json")
    assert response.status_code == 200
    assert response["Content-Type"] == JSONLD
    assert response["Access-Control-Allow-Origin"] == "*"
    assertion = response.json()
    assert assertion["@context"] == "https://w3id.org/openbadges/v2"
    assert assertion["type"] == "Assertion"
    assert assertion["id"] == f"http://127.0.0.1:8000/credentials/{chats.public_id}.json"
    assert assertion["verification"] == {"type": "HostedBadge"}
    assert assertion["badge"] == "http://127.0.0.1:8000/credentials/badges/chats/1.json"
    award = Award.objects.get(member=alice_shares.alice_user, badge="chats", level=1)
    assert assertion["issuedOn"] == award.reached_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    recipient = assertion["recipient"]
    assert recipient["type"] == "url" and recipient["hashed"] is True
    assert isinstance(recipient["salt"], str) and len(recipient["salt"]) == 32
    assert "revoked" not in assertion


def test_the_hashed_recipient_is_the_members_x_profile_url(client, alice_shares):
    (chats,) = issue(client, "alice_rn", "chats")
    recipient = client.get(f"/credentials/{chats.public_id}.json").json()["recipient"]
    expected = hashlib.sha256(("https://x.com/alice_rn" + recipient["salt"]).encode()).hexdigest()
    assert recipient["identity"] == f"sha256${expected}"
    other = hashlib.sha256(("https://x.com/bob_mw" + recipient["salt"]).encode()).hexdigest()
    assert recipient["identity"] != f"sha256${other}"


def test_the_badge_class_and_issuer_are_served_where_they_say(client, alice_shares):
    (weblog,) = issue(client, "alice_rn", "weblog")
    assertion = client.get(f"/credentials/{weblog.public_id}.json").json()
    badge = client.get(assertion["badge"].removeprefix("http://127.0.0.1:8000")).json()
    assert badge["type"] == "BadgeClass"
    assert badge["id"] == assertion["badge"]
    assert badge["name"] == "WeBlog level 1"
    assert badge["criteria"]["narrative"].startswith("Held by members with at least 1 published WeBlog post.")
    assert client.get(badge["image"].removeprefix("http://127.0.0.1:8000"))["Content-Type"] == "image/png"
    issuer = client.get(badge["issuer"].removeprefix("http://127.0.0.1:8000")).json()
    assert issuer["type"] == "Issuer"
    assert issuer["id"] == badge["issuer"]
    assert {"name", "url", "email", "description", "image"} <= set(issuer)
    assert client.get(issuer["image"].removeprefix("http://127.0.0.1:8000")).status_code == 200


def test_it_answers_json_ld_or_a_page_by_content_negotiation(client, alice_shares):
    (chats,) = issue(client, "alice_rn", "chats")
    as_json = client.get(f"/credentials/{chats.public_id}/", HTTP_ACCEPT="application/ld+json, application/json")
    assert as_json.json()["type"] == "Assertion"
    page = client.get(f"/credentials/{chats.public_id}/", HTTP_ACCEPT="text/html,*/*;q=0.8")
    assert page["Content-Type"].startswith("text/html")
    assert b"This credential holds" in page.content
    assert client.get("/credentials/issuer/", HTTP_ACCEPT="application/json").json()["type"] == "Issuer"
    assert client.get("/credentials/badges/chats/1/", HTTP_ACCEPT=JSONLD).json()["type"] == "BadgeClass"
    assert client.get("/credentials/badges/chats/7/").status_code == 404


def test_the_baked_png_round_trips_to_the_same_assertion_url(client, alice_shares):
    (chats,) = issue(client, "alice_rn", "chats")
    response = client.get(f"/credentials/{chats.public_id}/badge.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    url = f"http://127.0.0.1:8000/credentials/{chats.public_id}.json"
    assert baking.png_texts(response.content)["openbadges"] == url
    # Pillow's PNG reader, not ours, finds the same iTXt chunk in a whole, readable image.
    image = Image.open(io.BytesIO(response.content))
    image.load()
    assert image.text["openbadges"] == url
    assert image.size == (400, 400)
    assert client.get(url.removeprefix("http://127.0.0.1:8000")).json()["id"] == url


def test_every_level_of_every_badge_has_its_badge_class_and_artwork(client, db):
    from badges.definitions import BADGES

    for badge in BADGES:
        for level in badge.levels:
            data = client.get(f"/credentials/badges/{badge.slug}/{level}.json").json()
            assert data["name"] == f"{badge.name} level {level}"
            assert f"{badge.threshold(level):,}" in data["criteria"]["narrative"]
            png = client.get(f"/credentials/badges/{badge.slug}/{level}.png").content
            assert Image.open(io.BytesIO(png)).size == (400, 400)
