"""Revocation: a level lost, a badge no longer shared, a member's data deleted. The 2.0
assertion answers revoked with the reason, the 3.0 status list flips, and a credential of an
unshared badge is never served."""

from __future__ import annotations

from datetime import timedelta

import pytest

from badges.models import Award
from credentials import ob3
from credentials.models import Credential, Reason

from .conftest import FEB, delete, issue, tweet


def status_bit(client, credential: Credential) -> bool:
    document = client.get(f"/credentials/status/{credential.status_list}.json").json()
    bits = ob3.decode_list(document["credentialSubject"]["encodedList"])
    return bool(bits[credential.status_index // 8] & (0x80 >> (credential.status_index % 8)))


def lose_chats_level(people, capture) -> None:
    """alice's two chat tweets are deleted: she has joined no chat any more."""
    with capture(execute=True):
        delete(people.jan_tweet, people.feb_tweet)


def test_a_lost_level_is_revoked_with_its_reason(client, alice_shares, django_capture_on_commit_callbacks, verifier):
    (chats,) = issue(client, "alice_rn", "chats")
    signed = client.get(f"/credentials/{chats.public_id}/credential.json").json()
    assert status_bit(client, chats) is False

    lose_chats_level(alice_shares, django_capture_on_commit_callbacks)

    assert not Award.objects.filter(member=alice_shares.alice_user, badge="chats").exists()
    chats.refresh_from_db()
    assert chats.revoked and chats.reason == Reason.LEVEL_LOST
    response = client.get(f"/credentials/{chats.public_id}.json")
    assert response.status_code == 410
    assert response.json() == {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": f"http://127.0.0.1:8000/credentials/{chats.public_id}.json",
        "revoked": True,
        "revocationReason": "The member no longer holds this level: their count fell below its threshold.",
    }
    assert status_bit(client, chats) is True
    result = verifier(signed)
    assert result["signature"] is True and result["status"] is False and result["verified"] is False
    assert client.get(f"/credentials/{chats.public_id}/credential.json").status_code == 404


def test_a_re_earned_level_is_a_new_credential(client, alice_shares, django_capture_on_commit_callbacks):
    (first,) = issue(client, "alice_rn", "chats")
    lose_chats_level(alice_shares, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        tweet(alice_shares.alice, FEB + timedelta(minutes=30))
    (second,) = issue(client, "alice_rn", "chats")
    assert second.public_id != first.public_id and second.level == 1
    first.refresh_from_db()
    assert first.revoked
    assert client.get(f"/credentials/{second.public_id}.json").status_code == 200


def test_it_revokes_when_the_member_stops_sharing(client, alice_shares, django_capture_on_commit_callbacks):
    (chats,) = issue(client, "alice_rn", "chats")
    (weblog,) = issue(client, "alice_rn", "weblog")
    client.force_login(alice_shares.alice_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/mywe/chats/share/", {"share": "0"})
    chats.refresh_from_db()
    weblog.refresh_from_db()
    assert chats.reason == Reason.UNSHARED and not weblog.revoked
    assert client.get(f"/credentials/{chats.public_id}.json").json()["revocationReason"] == (
        "The member stopped sharing this badge."
    )
    assert status_bit(client, chats) is True and status_bit(client, weblog) is False
    assert client.get("/credentials/u/alice_rn/chats/").status_code == 404


def test_deleting_their_data_revokes_and_forgets_whose_it_was(client, alice_shares, django_capture_on_commit_callbacks):
    from members.privacy import delete_member_data

    (chats,) = issue(client, "alice_rn", "chats")
    with django_capture_on_commit_callbacks(execute=True):
        delete_member_data(alice_shares.alice_user)
    chats.refresh_from_db()
    assert chats.reason == Reason.DATA_DELETED
    assert (chats.member_id, chats.handle, chats.salt, chats.signed) == (None, "", "", None)
    response = client.get(f"/credentials/{chats.public_id}.json")
    assert response.status_code == 410
    assert "alice" not in response.content.decode()
    page = client.get(f"/credentials/{chats.public_id}/")
    assert page.status_code == 410
    assert b"deleted their data" in page.content and b"alice" not in page.content


@pytest.mark.parametrize("path", ["credential.json", "credential.svg", "credential.png", "badge.png", ""])
def test_a_credential_of_an_unshared_badge_is_never_served(client, alice_shares, path):
    from dashboards.models import Share

    (chats,) = issue(client, "alice_rn", "chats")
    # Gone behind the signals' back (a raw delete): the serving check alone must hold.
    Share.objects.filter(member=alice_shares.alice_user, dashboard="chats")._raw_delete("default")
    assert client.get(f"/credentials/{chats.public_id}/{path}").status_code == 404
    assert client.get(f"/credentials/{chats.public_id}.json").status_code == 404


def test_nothing_is_issued_for_a_badge_not_shared(client, people):
    assert client.get("/credentials/u/bob_mw/chats/").status_code == 404
    assert client.get("/credentials/u/alice_rn/chats/").status_code == 404
    assert client.get("/credentials/u/nobody/chats/").status_code == 404
    assert Credential.objects.count() == 0


def test_an_unknown_status_list_is_not_found(client, alice_shares):
    issue(client, "alice_rn", "chats")
    assert client.get("/credentials/status/0.json").status_code == 200
    assert client.get("/credentials/status/5.json").status_code == 404


def test_a_revoked_credential_names_its_member_only_while_the_badge_is_shared(
    client, alice_shares, django_capture_on_commit_callbacks
):
    (chats,) = issue(client, "alice_rn", "chats")
    lose_chats_level(alice_shares, django_capture_on_commit_callbacks)
    page = client.get(f"/credentials/{chats.public_id}/").content.decode()
    assert "no longer holds" in page and "@alice_rn" in page
    client.force_login(alice_shares.alice_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/mywe/chats/share/", {"share": "0"})
    client.logout()
    page = client.get(f"/credentials/{chats.public_id}/").content.decode()
    assert "a member who no longer shares this badge" in page and "alice_rn" not in page
    assert "count fell below its threshold" in page  # the first reason stays


def test_revoking_after_a_badge_update_takes_two_queries_for_any_number_of_members(
    client, alice_shares, django_assert_num_queries
):
    from credentials import issuance

    issue(client, "alice_rn", "chats")
    issue(client, "alice_rn", "weblog")
    with django_assert_num_queries(2):
        assert issuance.sync([alice_shares.alice_user.pk, alice_shares.bob_user.pk, 999]) == 0
