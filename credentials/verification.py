"""What the verification page says about a credential URL or an uploaded file: who issued it,
to whom, when, and whether it still holds, in words. Only credentials of this site can be
checked here; anything else is named as such, never fetched."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils.dateparse import parse_datetime

from . import baking, issuance, issuer, keys, proofs
from .models import Credential, Reason

CREDENTIAL_VIEWS = {"credential", "assertion_json", "baked_png", "credential_json", "credential_svg", "credential_png"}
# Our credentials hold about 15 JSON objects.
MAX_OBJECTS = 60
NOT_FOUND = (
    "We found no credential in this file. Upload a badge image (PNG or SVG) or a credential (JSON) "
    "downloaded from this site."
)


@dataclass
class Report:
    problem: str = ""  # set when there is nothing (valid) to report on
    version: str = ""
    title: str = ""
    issuer: str = field(default_factory=issuer.name)
    recipient: str = ""
    issued_on: datetime | None = None
    holds: bool = False
    revoked_on: datetime | None = None
    reason: str = ""
    credential: Credential | None = None

    @property
    def valid(self) -> bool:
        return not self.problem


def _not_ours(what: str) -> Report:
    return Report(problem=f"{what} is not a credential issued by {issuer.name()}: we can only check our own.")


def _report(row: Credential | None, version: str) -> Report:
    if row is None:
        return Report(problem="We have no record of this credential: it was not issued by this site.")
    report = Report(version=version, title=row.title, issued_on=row.reached_at, credential=row, holds=not row.revoked)
    named = f"the X account @{row.handle} ({row.profile_url})"
    if row.revoked:
        report.revoked_on, report.reason = row.revoked_at, row.get_reason_display()
        # A revoked credential names its member only while they still share the badge.
        shared = row.member_id is not None and issuance.is_shared(row.member_id, row.badge)
        report.recipient = named if shared else {
            Reason.DATA_DELETED: "a member who has since deleted their data",
        }.get(row.reason, "a member who no longer shares this badge")
    else:
        report.recipient = named
    return report


def _row(public_id) -> Credential | None:
    return Credential.objects.filter(public_id=public_id).first()


def from_url(url: str) -> Report:
    url = url.strip()
    if url.startswith("urn:uuid:"):
        try:
            return _report(_row(uuid.UUID(url[9:])), "an Open Badges credential, checked with us")
        except ValueError:
            return _not_ours("This address")
    if not url.startswith(f"{settings.SITE_URL}/"):
        return _not_ours("This address")
    try:
        match = resolve(url[len(settings.SITE_URL) :].split("?")[0].split("#")[0])
    except Resolver404:
        return _not_ours("This address")
    if match.namespace != "credentials" or match.url_name not in CREDENTIAL_VIEWS:
        return _not_ours("This address")
    return _report(_row(match.kwargs["public_id"]), "an Open Badges credential, checked with us")


def _objects(value, limit: int) -> int:
    """How many JSON objects the value holds, counting no further than just past `limit`."""
    found, stack = 0, [value]
    while stack and found <= limit:
        item = stack.pop()
        if isinstance(item, dict):
            found += 1
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def from_ob3(document: dict) -> Report:
    if not isinstance(document, dict):
        return Report(problem=NOT_FOUND)
    proof = document.get("proof")
    method = proof.get("verificationMethod", "") if isinstance(proof, dict) else ""
    if not str(method).startswith(f"{keys.did()}#"):
        return _not_ours("This credential")
    try:
        row = _row(uuid.UUID(str(document.get("id", "")).removeprefix("urn:uuid:")))
    except ValueError:
        row = None
    # The copy we signed, handed back unchanged (the usual case): its proof was made over these
    # very bytes. Anything else is canonicalised and checked, but only if it is the size of a
    # credential of ours: canonicalisation of a crafted graph can take exponential time.
    if row is None or row.signed != document:
        if _objects(document, MAX_OBJECTS) > MAX_OBJECTS:
            return Report(problem="This credential does not verify: it is far larger than any we issue.")
        try:
            proofs.check(document, keys.public_keys())
        except proofs.BadProof as error:
            return Report(problem=f"This credential does not verify: {error}.")
    report = _report(row, "an Open Badges 3.0 credential, its signature intact")
    if report.valid and (issued := parse_datetime(str(document.get("validFrom", "")))):
        report.issued_on = issued
    return report


def _from_json_text(text: str) -> Report:
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: nesting deeper than any credential
        return Report(problem=NOT_FOUND)
    if isinstance(document, dict) and "proof" in document:
        return from_ob3(document)
    if isinstance(document, dict) and isinstance(document.get("id"), str):
        return from_url(document["id"])  # an Open Badges 2.0 assertion: its id is its URL
    return Report(problem=NOT_FOUND)


def _from_ob2_text(text: str) -> Report:
    text = text.strip()
    return _from_json_text(text) if text.startswith("{") else from_url(text)


def from_upload(data: bytes) -> Report:
    try:
        if data.startswith(baking.PNG_SIGNATURE):
            texts = baking.png_texts(data)
            if baking.OB3_KEYWORD in texts:
                return _from_json_text(texts[baking.OB3_KEYWORD])
            if baking.OB2_KEYWORD in texts:
                return _from_ob2_text(texts[baking.OB2_KEYWORD])
            return Report(problem=NOT_FOUND)
        head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        if head == b"<":
            ob3, ob2 = baking.svg_contents(data)
            if ob3:
                return _from_json_text(ob3)
            if ob2:
                return _from_ob2_text(ob2)
            return Report(problem=NOT_FOUND)
        if head == b"{":
            return _from_json_text(data.decode("utf-8", errors="replace"))
    except baking.Unreadable as error:
        return Report(problem=f"We could not read this file: {error}.")
    return Report(problem=NOT_FOUND)
