"""Open Badges 2.0 hosted verification: the issuer profile, one BadgeClass per badge level and
one Assertion per credential, as JSON-LD at the stable URLs they name as their `id`. A revoked
assertion answers with only its id, `revoked` and the reason: nothing about whom it was for."""

from __future__ import annotations

from . import issuer
from .models import Credential

CONTEXT = "https://w3id.org/openbadges/v2"


def profile() -> dict:
    return {
        "@context": CONTEXT,
        "type": "Issuer",
        "id": issuer.absolute("issuer_json"),
        "name": issuer.name(),
        "url": issuer.site_url(),
        "email": issuer.email(),
        "description": issuer.DESCRIPTION,
        "image": issuer.image_url(),
    }


def badge_class(slug: str, level: int) -> dict:
    return {
        "@context": CONTEXT,
        "type": "BadgeClass",
        "id": issuer.absolute("badge_class_json", slug, level),
        "name": issuer.level_title(slug, level),
        "description": issuer.criteria(slug, level),
        "image": issuer.absolute("badge_class_png", slug, level),
        "criteria": {"id": issuer.absolute("badge_class", slug, level), "narrative": issuer.criteria(slug, level)},
        "issuer": issuer.absolute("issuer_json"),
        "tags": ["#MyWe", "tweetchat", slug],
    }


def assertion(credential: Credential) -> dict:
    if credential.revoked:
        return revoked(credential)
    return {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": issuer.absolute("assertion_json", credential.public_id),
        "recipient": {"type": "url", "hashed": True, "salt": credential.salt, "identity": credential.recipient_hash()},
        "badge": issuer.absolute("badge_class_json", credential.badge, credential.level),
        "verification": {"type": "HostedBadge"},
        "issuedOn": issuer.timestamp(credential.reached_at),
        "image": issuer.absolute("baked_png", credential.public_id),
        "evidence": issuer.absolute("credential", credential.public_id),
    }


def revoked(credential: Credential) -> dict:
    return {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": issuer.absolute("assertion_json", credential.public_id),
        "revoked": True,
        "revocationReason": credential.get_reason_display(),
    }
