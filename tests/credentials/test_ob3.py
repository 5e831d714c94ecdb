"""Open Badges 3.0: each award a signed OpenBadgeCredential that a verifier not ours accepts,
and rejects once changed."""

from __future__ import annotations

import copy

from badges.models import Award

from .conftest import issue


def download(client, credential) -> dict:
    response = client.get(f"/credentials/{credential.public_id}/credential.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return response.json()


def test_it_issues_an_open_badge_credential_for_each_shared_level(client, alice_shares):
    (chats,) = issue(client, "alice_rn", "chats")
    award = Award.objects.get(member=alice_shares.alice_user, badge="chats", level=1)
    document = download(client, chats)
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert document["validFrom"] == award.reached_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert document["issuer"]["id"] == "did:web:127.0.0.1%3A8000"
    achievement = document["credentialSubject"]["achievement"]
    assert achievement["name"] == "Chats level 1"
    assert "Held by members with at least 1 chat joined." in achievement["criteria"]["narrative"]
    assert document["proof"]["cryptosuite"] == "eddsa-rdfc-2022"


def test_the_credential_verifies_with_an_implementation_not_ours(client, alice_shares, verifier):
    (chats,) = issue(client, "alice_rn", "chats")
    result = verifier(download(client, chats))
    assert result == {"verified": True, "signature": True, "status": True, "errors": []}


def test_it_fails_to_verify_after_one_byte_of_the_subject_changes(client, alice_shares, verifier):
    (chats,) = issue(client, "alice_rn", "chats")
    document = download(client, chats)
    changed = copy.deepcopy(document)
    identifier = changed["credentialSubject"]["identifier"][0]
    identifier["identityHash"] = identifier["identityHash"][:-1] + ("0" if identifier["identityHash"][-1] != "0" else "1")
    result = verifier(changed)
    assert result["verified"] is False
    assert result["signature"] is False


def test_a_context_we_do_not_ship_is_never_fetched():
    import pytest

    from credentials import rdf

    with pytest.raises(Exception, match="not one we ship"):
        rdf.canonize({"@context": "https://example.org/context.json", "name": "x"})
