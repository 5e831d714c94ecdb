"""The issuer's Ed25519 signing keys and its identity as a DID.

Keys come from BADGE_SIGNING_KEYS: one key, or several separated by commas to rotate (the first
signs, all of them stay in the DID document so that credentials signed with an older key still
verify). A key is the 32-byte Ed25519 seed in url-safe base64 (`manage.py credential_key` makes
one). With DEBUG on and no key set, one is derived from SECRET_KEY so that a fresh clone works;
with DEBUG off the system check `credentials.E001` refuses to start without it.

The issuer is `did:web` of SITE_URL: its DID document is served at /.well-known/did.json, so a
verifier anywhere resolves our keys from the site they already trust for the badge pages, and a
new key is published by the same deploy that starts using it (did:key would tie every credential
to one key forever and make rotation invisible).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, urlsplit

import base58
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SETTING = "BADGE_SIGNING_KEYS"
# The multicodec prefix of an Ed25519 public key (0xed, varint-encoded) in a Multikey.
ED25519_PUB = b"\xed\x01"
DID_CONTEXTS = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]


@dataclass(frozen=True)
class SigningKey:
    private: Ed25519PrivateKey

    @property
    def public(self) -> Ed25519PublicKey:
        return self.private.public_key()

    @property
    def multibase(self) -> str:
        """The public key as a Multikey `publicKeyMultibase` (base58btc, 'z6Mk…')."""
        raw = self.public.public_bytes(Encoding.Raw, PublicFormat.Raw)
        return "z" + base58.b58encode(ED25519_PUB + raw).decode()

    @property
    def method_id(self) -> str:
        return f"{did()}#{self.multibase}"


def new_key_text() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip("=")


def _parse(text: str) -> Ed25519PrivateKey:
    try:
        seed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        seed = b""
    if len(seed) != 32:
        raise ImproperlyConfigured(
            f"{SETTING} must hold Ed25519 keys: 32 random bytes in url-safe base64 each, separated by "
            "commas (the first signs). Make one with: python manage.py credential_key"
        )
    return Ed25519PrivateKey.from_private_bytes(seed)


@lru_cache(maxsize=8)
def _keys(configured: tuple[str, ...], secret_key: str, debug: bool) -> tuple[SigningKey, ...]:
    if not configured:
        if not debug:
            raise ImproperlyConfigured(f"{SETTING} is not set: badge credentials cannot be signed without it.")
        seed = hashlib.sha256(b"mywe-badge-signing:" + secret_key.encode()).digest()
        return (SigningKey(Ed25519PrivateKey.from_private_bytes(seed)),)
    return tuple(SigningKey(_parse(text)) for text in configured)


def all_keys() -> tuple[SigningKey, ...]:
    """Every key we hold, the signing one first."""
    return _keys(tuple(settings.BADGE_SIGNING_KEYS), settings.SECRET_KEY, settings.DEBUG)


def signing_key() -> SigningKey:
    return all_keys()[0]


def public_keys() -> dict[str, Ed25519PublicKey]:
    """verification method id → public key, for checking our own proofs."""
    return {key.method_id: key.public for key in all_keys()}


def did() -> str:
    """did:web of the site's host (its port percent-encoded): the DID document is then at
    /.well-known/did.json. The site's URLs are rooted at "/", so SITE_URL has no path."""
    return "did:web:" + quote(urlsplit(settings.SITE_URL).netloc, safe="")


def did_document() -> dict:
    identity = did()
    methods = [
        {"id": key.method_id, "type": "Multikey", "controller": identity, "publicKeyMultibase": key.multibase}
        for key in all_keys()
    ]
    ids = [method["id"] for method in methods]
    return {
        "@context": DID_CONTEXTS,
        "id": identity,
        "verificationMethod": methods,
        "assertionMethod": ids,
        "authentication": ids,
    }
