"""Tokens at rest: encrypted with TOKEN_ENCRYPTION_KEY (or a key derived from SECRET_KEY),
rotatable, and a clear message for a bad key."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from members import crypto, tokens
from members.models import XToken

pytestmark = pytest.mark.django_db


def test_it_stores_only_ciphertext(alice):
    tokens.keep(alice, 42, "access-secret-1", "refresh-secret-1", None)

    row = XToken.objects.values("access_token_cipher", "refresh_token_cipher").get()
    assert "access-secret-1" not in row["access_token_cipher"]
    assert "refresh-secret-1" not in row["refresh_token_cipher"]
    token = XToken.objects.get()
    assert (token.access_token, token.refresh_token) == ("access-secret-1", "refresh-secret-1")


def test_it_uses_the_configured_key_and_reads_old_tokens_after_a_rotation(alice, settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.TOKEN_ENCRYPTION_KEY = old
    tokens.keep(alice, 42, "access-secret-1", "", None)
    assert Fernet(old).decrypt(XToken.objects.get().access_token_cipher.encode()) == b"access-secret-1"

    settings.TOKEN_ENCRYPTION_KEY = f"{new},{old}"

    assert XToken.objects.get().access_token == "access-secret-1"


def test_it_treats_a_token_it_cannot_decrypt_as_revoked(alice, settings):
    settings.TOKEN_ENCRYPTION_KEY = Fernet.generate_key().decode()
    tokens.keep(alice, 42, "access-secret-1", "refresh-secret-1", None)
    settings.TOKEN_ENCRYPTION_KEY = Fernet.generate_key().decode()  # the old key is lost

    with pytest.raises(tokens.Revoked):
        tokens.access_token_for(alice.pk)

    assert XToken.objects.get().is_revoked


def test_it_names_the_setting_when_the_key_is_malformed(settings):
    settings.TOKEN_ENCRYPTION_KEY = "not-a-fernet-key"

    with pytest.raises(ImproperlyConfigured, match="TOKEN_ENCRYPTION_KEY must be a Fernet key"):
        crypto.encrypt("x")
