"""Open Badges 3.0: each credential as an OpenBadgeCredential (VC Data Model 2.0) signed with
eddsa-rdfc-2022 by the site's did:web, and the Bitstring Status Lists that say which of them
were revoked.

A credential is signed once, when first asked for, and kept as signed: the member's copy and
ours stay byte for byte the same, and a rotated key signs only what is issued after it.
"""

from __future__ import annotations

import base64
import gzip
import hashlib

from django.core.cache import cache
from django.utils import timezone

from . import issuer, keys, proofs, rdf
from .models import LIST_SIZE, Credential

CONTEXT = [rdf.VC_V2, rdf.OB_V3]
STATUS_SECONDS = 24 * 60 * 60


def profile() -> dict:
    return {
        "id": keys.did(),
        "type": ["Profile"],
        "name": issuer.name(),
        "url": issuer.site_url(),
        "email": issuer.email(),
        "description": issuer.DESCRIPTION,
        "image": {"id": issuer.image_url(), "type": "Image"},
    }


def achievement(slug: str, level: int) -> dict:
    return {
        "id": issuer.absolute("badge_class", slug, level),
        "type": ["Achievement"],
        "achievementType": "Badge",
        "name": issuer.level_title(slug, level),
        "description": issuer.criteria(slug, level),
        "criteria": {"id": issuer.absolute("badge_class", slug, level), "narrative": issuer.criteria(slug, level)},
        "image": {"id": issuer.absolute("badge_class_png", slug, level), "type": "Image"},
        "creator": profile(),
    }


def status_url(number: int) -> str:
    return issuer.absolute("status_list", number)


def unsigned(credential: Credential) -> dict:
    list_url = status_url(credential.status_list)
    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:{credential.public_id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": credential.title,
        "issuer": profile(),
        "validFrom": issuer.timestamp(credential.reached_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            # The member's X profile URL, salted and hashed as in Open Badges 2.0. OB 3.0 has no
            # "url" identifier type; "identifier" is its catch-all.
            "identifier": [
                {
                    "type": "IdentityObject",
                    "hashed": True,
                    "identityHash": credential.recipient_hash(),
                    "identityType": "identifier",
                    "salt": credential.salt,
                }
            ],
            "achievement": achievement(credential.badge, credential.level),
        },
        "credentialStatus": {
            "id": f"{list_url}#{credential.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(credential.status_index),
            "statusListCredential": list_url,
        },
    }


def signed(credential: Credential) -> dict:
    """The credential as signed, signing it now if it never was."""
    if credential.signed is None:
        document = proofs.sign(unsigned(credential), keys.signing_key(), timezone.now())
        # Two requests may sign at once: the first write wins and both serve what was stored.
        Credential.objects.filter(pk=credential.pk, signed__isnull=True).update(signed=document)
        credential.refresh_from_db(fields=["signed"])
    return credential.signed


def encode_list(revoked_indexes: list[int]) -> str:
    """A Bitstring Status List's `encodedList`: the bits (index 0 the leftmost bit of the first
    byte), GZIP-compressed, in multibase base64url without padding."""
    bits = bytearray(LIST_SIZE // 8)
    for index in revoked_indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    # mtime=0: the same revocations give the same bytes, and so the same cached signature.
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).decode().rstrip("=")


def decode_list(encoded: str) -> bytes:
    packed = base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4))
    return gzip.decompress(packed)


def status_list(number: int) -> dict:
    """The signed BitstringStatusListCredential of one list, re-signed only when a revocation
    in it changed (cached by the list's content and the signing key)."""
    first = number * LIST_SIZE
    revoked = list(
        Credential.objects.filter(pk__gte=first, pk__lt=first + LIST_SIZE, revoked_at__isnull=False).values_list(
            "pk", flat=True
        )
    )
    encoded = encode_list([pk - first for pk in revoked])
    key = keys.signing_key()
    cache_key = "credentials:status:" + hashlib.sha256(f"{number}:{key.multibase}:{encoded}".encode()).hexdigest()
    document = cache.get(cache_key)
    if document is None:
        url = status_url(number)
        now = timezone.now()
        document = proofs.sign(
            {
                "@context": [rdf.VC_V2],
                "id": url,
                "type": ["VerifiableCredential", "BitstringStatusListCredential"],
                "issuer": keys.did(),
                "validFrom": issuer.timestamp(now),
                "credentialSubject": {
                    "id": f"{url}#list",
                    "type": "BitstringStatusList",
                    "statusPurpose": "revocation",
                    "encodedList": encoded,
                },
            },
            key,
            now,
        )
        cache.set(cache_key, document, STATUS_SECONDS)
    return document
