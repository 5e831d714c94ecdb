"""The signing keys: from BADGE_SIGNING_KEYS, rotated without breaking what was issued, and
production refuses to start without one."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from credentials import checks, keys

from .conftest import issue

OLD = "OvSvwAVUWgLfj4X9A2KNQtZQ5tvcSs4m1bRc5dC1JUQ"
NEW = "b2JhZGdlcy10ZXN0LWtleS1mb3Itcm90YXRpb24tMDE"


def test_the_did_document_lists_every_key_for_assertions(client, settings):
    settings.BADGE_SIGNING_KEYS = [NEW, OLD]
    document = client.get("/.well-known/did.json").json()
    assert document["id"] == "did:web:127.0.0.1%3A8000"
    methods = [m["id"] for m in document["verificationMethod"]]
    assert len(methods) == 2 and document["assertionMethod"] == methods
    assert all(m["type"] == "Multikey" and m["publicKeyMultibase"].startswith("z6Mk") for m in document["verificationMethod"])


def test_credentials_signed_with_the_old_key_still_verify_after_rotation(client, alice_shares, settings, verifier):
    settings.BADGE_SIGNING_KEYS = [OLD]
    (chats,) = issue(client, "alice_rn", "chats")
    old = client.get(f"/credentials/{chats.public_id}/credential.json").json()

    settings.BADGE_SIGNING_KEYS = [NEW, OLD]
    (weblog,) = issue(client, "alice_rn", "weblog")
    new = client.get(f"/credentials/{weblog.public_id}/credential.json").json()
    assert old["proof"]["verificationMethod"] != new["proof"]["verificationMethod"]
    assert client.get(f"/credentials/{chats.public_id}/credential.json").json() == old  # kept as signed
    assert verifier(old)["verified"] is True
    assert verifier(new)["verified"] is True

    settings.BADGE_SIGNING_KEYS = [NEW]  # the old key withdrawn: what it signed no longer verifies
    assert verifier(old)["verified"] is False


def test_production_refuses_to_start_without_a_key(settings):
    settings.DEBUG = False
    settings.BADGE_SIGNING_KEYS = []
    (error,) = checks.signing_keys()
    assert error.id == "credentials.E001" and "BADGE_SIGNING_KEYS" in error.msg
    with pytest.raises(ImproperlyConfigured, match="BADGE_SIGNING_KEYS"):
        keys.signing_key()


def test_a_malformed_key_is_named(settings):
    settings.BADGE_SIGNING_KEYS = ["not-a-key"]
    (error,) = checks.signing_keys()
    assert error.id == "credentials.E002" and "BADGE_SIGNING_KEYS" in error.msg


def test_development_derives_a_key_from_the_secret(settings):
    settings.DEBUG = True
    settings.BADGE_SIGNING_KEYS = []
    assert checks.signing_keys() == []
    assert keys.signing_key().multibase == keys.signing_key().multibase.strip()
    settings.SECRET_KEY = "another-secret"
    other = keys.signing_key().multibase
    settings.SECRET_KEY = "test-only-secret-key"
    assert keys.signing_key().multibase != other


def test_the_check_runs_with_the_deploy_checks():
    from django.core.management import call_command

    call_command("check")  # the test settings have keys: no error
