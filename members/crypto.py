"""Encryption at rest for OAuth tokens (Fernet: AES-128-CBC with an HMAC, so a tampered or
foreign ciphertext is refused rather than decrypted to garbage).

Keys come from TOKEN_ENCRYPTION_KEY: one Fernet key, or several separated by commas to rotate
(the first encrypts, any decrypts). Without it the key is derived from SECRET_KEY, so a fresh
clone works; rotating SECRET_KEY then makes stored tokens unreadable, which only asks members
to reconnect.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class Undecryptable(Exception):
    """A stored token cannot be read with the keys we hold (a rotated key, a tampered row)."""


@lru_cache(maxsize=8)
def _fernet(configured: str, secret_key: str) -> MultiFernet:
    keys = [k.strip() for k in configured.split(",") if k.strip()]
    if not keys:
        digest = hashlib.sha256(b"mywe-token-encryption:" + secret_key.encode()).digest()
        keys = [base64.urlsafe_b64encode(digest).decode()]
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError:
        raise ImproperlyConfigured(
            "TOKEN_ENCRYPTION_KEY must be a Fernet key (32 url-safe base64-encoded bytes), or several "
            "separated by commas. Make one with: python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'"
        ) from None


def _current() -> MultiFernet:
    return _fernet(settings.TOKEN_ENCRYPTION_KEY, settings.SECRET_KEY)


def encrypt(plain: str) -> str:
    if not plain:
        return ""
    return _current().encrypt(plain.encode()).decode()


def decrypt(cipher: str) -> str:
    if not cipher:
        return ""
    try:
        return _current().decrypt(cipher.encode()).decode()
    except InvalidToken:
        raise Undecryptable("the stored token cannot be decrypted with the configured keys") from None
