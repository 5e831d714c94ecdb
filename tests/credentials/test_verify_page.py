"""The verification page: a credential URL of ours or an uploaded file, answered in words (who
issued it, to whom, when, whether it still holds); CSRF, a size limit and clear errors."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from .conftest import issue


def check_file(client, name: str, data: bytes):
    return client.post("/credentials/verify/", {"file": SimpleUploadedFile(name, data)})


def text(response) -> str:
    return response.content.decode()


def test_it_answers_for_a_credential_url_of_ours(client, alice_shares):
    (chats,) = issue(client, "alice_rn", "chats")
    response = client.post("/credentials/verify/", {"url": f"http://127.0.0.1:8000/credentials/{chats.public_id}.json"})
    page = text(response)
    assert response.status_code == 200
    assert "This credential holds" in page
    assert "Chats level 1" in page and "@alice_rn" in page and "https://x.com/alice_rn" in page
    assert "#MyWe · WeCommunities" in page
    assert chats.reached_at.strftime("%-d %B %Y") in page


def test_it_answers_for_each_file_we_hand_out(client, alice_shares):
    (chats,) = issue(client, "alice_rn", "chats")
    for path in ["credential.png", "credential.svg", "credential.json", "badge.png"]:
        data = client.get(f"/credentials/{chats.public_id}/{path}").content
        response = check_file(client, path.replace("/", "-"), data)
        assert "This credential holds" in text(response), path


def test_it_says_when_a_credential_no_longer_holds_and_why(client, alice_shares, django_capture_on_commit_callbacks):
    (chats,) = issue(client, "alice_rn", "chats")
    png = client.get(f"/credentials/{chats.public_id}/credential.png").content
    client.force_login(alice_shares.alice_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/mywe/chats/share/", {"share": "0"})
    client.logout()
    page = text(check_file(client, "chats.png", png))
    assert "This credential no longer holds" in page
    assert "The member stopped sharing this badge." in page
    assert "alice_rn" not in page  # no longer shared: no longer named


def test_a_changed_credential_does_not_verify(client, alice_shares):
    (chats,) = issue(client, "alice_rn", "chats")
    document = client.get(f"/credentials/{chats.public_id}/credential.json").json()
    document["credentialSubject"]["achievement"]["name"] = "Chats level 6"
    page = text(check_file(client, "chats.json", json.dumps(document).encode()))
    assert "We cannot confirm this credential" in page
    assert "it was changed after signing" in page


def test_it_never_fetches_an_address_that_is_not_ours(client, alice_shares):
    page = text(client.post("/credentials/verify/", {"url": "http://169.254.169.254/latest/meta-data/"}))
    assert "is not a credential issued by" in page
    page = text(client.post("/credentials/verify/", {"url": "http://127.0.0.1:8000/blog/"}))
    assert "is not a credential issued by" in page


def test_a_credential_of_another_issuer_is_named_as_such(client, db):
    foreign = {"@context": [], "id": "urn:uuid:1", "proof": {"verificationMethod": "did:key:z6MkForeign#z6MkForeign"}}
    page = text(check_file(client, "other.json", json.dumps(foreign).encode()))
    assert "This credential is not a credential issued by" in page


def test_a_file_without_a_credential_gets_a_clear_error(client, db):
    from credentials import baking

    page = text(check_file(client, "plain.png", baking.artwork_png("chats", 1)))
    assert "We found no credential in this file" in page
    page = text(check_file(client, "notes.txt", b"hello"))
    assert "We found no credential in this file" in page
    page = text(check_file(client, "broken.png", b"\x89PNG\r\n\x1a\nbroken"))
    assert "We could not read this file" in page


def test_it_refuses_a_file_over_the_size_limit(client, db):
    response = check_file(client, "huge.png", b"\x89PNG\r\n\x1a\n" + b"\0" * (600 * 1024))
    assert response.status_code == 400
    assert "we check files up to 512.0\xa0KB" in text(response)


def test_it_asks_for_one_thing_to_check(client, db):
    response = client.post("/credentials/verify/", {})
    assert response.status_code == 400
    assert "Give the credential&#x27;s address, or choose a badge file to upload." in text(response)


def test_it_needs_the_csrf_token(db):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/credentials/verify/", {"url": "urn:uuid:x"}).status_code == 403
    page = strict.get("/credentials/verify/")
    assert b'name="csrfmiddlewaretoken"' in page.content


def test_what_it_echoes_is_escaped(client, db):
    hostile = 'http://127.0.0.1:8000/credentials/"><script>alert(1)</script>'
    for response in (client.post("/credentials/verify/", {"url": hostile}), client.get("/credentials/verify/", {"url": hostile})):
        assert "<script>alert(1)" not in text(response)
        assert "&lt;script&gt;alert(1)" in text(response)


def test_a_link_checks_an_address_without_a_form(client, alice_shares):
    (chats,) = issue(client, "alice_rn", "chats")
    response = client.get("/credentials/verify/", {"url": f"urn:uuid:{chats.public_id}"})
    assert "This credential holds" in text(response)


def test_a_crafted_credential_far_larger_than_ours_is_refused_unread(client, alice_shares):
    (chats,) = issue(client, "alice_rn", "chats")
    document = client.get(f"/credentials/{chats.public_id}/credential.json").json()
    document["credentialSubject"]["evidence"] = [{"type": "Evidence", "name": str(n)} for n in range(500)]
    page = text(check_file(client, "big.json", json.dumps(document).encode()))
    assert "far larger than any we issue" in page


def test_a_credential_re_serialised_by_a_wallet_still_verifies(client, alice_shares):
    (chats,) = issue(client, "alice_rn", "chats")
    document = client.get(f"/credentials/{chats.public_id}/credential.json").json()
    # Keys reordered and a one-item type list written as a string: the same graph, other JSON.
    moved = dict(reversed(list(document.items())))
    moved["credentialSubject"] = {**document["credentialSubject"], "type": "AchievementSubject"}
    assert moved != document
    page = text(check_file(client, "wallet.json", json.dumps(moved).encode()))
    assert "This credential holds" in page


def test_a_deeply_nested_file_gets_an_answer_not_an_error(client, db):
    response = check_file(client, "deep.json", b"{" + b'"a":[' * 50_000 + b"]" * 50_000 + b"}")
    assert response.status_code == 200
    assert "We found no credential in this file" in text(response)
