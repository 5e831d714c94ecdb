"""Baked Open Badges 3.0 images: the signed credential inside the SVG and the PNG artwork,
read back byte for byte, and still verifying."""

from __future__ import annotations

import json

import pytest

from credentials import baking

from .conftest import issue


def test_the_png_carries_the_signed_credential(client, alice_shares, verifier):
    (chats,) = issue(client, "alice_rn", "chats")
    signed = client.get(f"/credentials/{chats.public_id}/credential.json").json()
    png = client.get(f"/credentials/{chats.public_id}/credential.png").content
    baked = json.loads(baking.png_texts(png)["openbadgecredential"])
    assert baked == signed
    assert verifier(baked)["verified"] is True


def test_the_svg_carries_the_signed_credential(client, alice_shares):
    (chats,) = issue(client, "alice_rn", "chats")
    signed = client.get(f"/credentials/{chats.public_id}/credential.json").json()
    response = client.get(f"/credentials/{chats.public_id}/credential.svg")
    assert response["Content-Type"] == "image/svg+xml"
    ob3, ob2 = baking.svg_contents(response.content)
    assert json.loads(ob3) == signed and ob2 is None
    assert b'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' in response.content


def test_baking_again_replaces_the_chunk_rather_than_adding_one():
    png = baking.artwork_png("chats", 2)
    twice = baking.bake_png(baking.bake_png(png, "openbadges", "https://a.example/1"), "openbadges", "https://a.example/2")
    kinds = [kind for kind, _ in baking.chunks(twice)]
    assert kinds.count(b"iTXt") == 1 and kinds[-1] == b"IEND"
    assert baking.png_texts(twice)["openbadges"] == "https://a.example/2"


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x01IEND\x00\x00\x00\x00\x00"],
)
def test_a_damaged_png_is_refused_with_a_reason(data):
    with pytest.raises(baking.Unreadable):
        baking.png_texts(data)


def test_an_svg_with_entities_is_refused():
    bomb = b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'
    with pytest.raises(baking.Unreadable):
        baking.svg_contents(bomb)
