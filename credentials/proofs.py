"""Data Integrity proofs with the eddsa-rdfc-2022 cryptosuite (W3C VC Data Integrity EdDSA
Cryptosuites v1.0, §3.2): the document and the proof options are canonicalised apart, hashed
with SHA-256, and the concatenated hashes (options first) signed with Ed25519; the signature is
the proof's `proofValue` in multibase base58btc."""

from __future__ import annotations

import hashlib
from datetime import datetime

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from . import rdf
from .keys import SigningKey

CRYPTOSUITE = "eddsa-rdfc-2022"


class BadProof(Exception):
    """The proof is missing, malformed, by a key we do not hold, or does not match."""


def _hash_data(unsigned: dict, options: dict) -> bytes:
    config = {"@context": unsigned["@context"], **options}
    return hashlib.sha256(rdf.canonize(config).encode()).digest() + hashlib.sha256(
        rdf.canonize(unsigned).encode()
    ).digest()


def sign(document: dict, key: SigningKey, created: datetime) -> dict:
    """The document with a proof by this key (any proof it had is replaced)."""
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "verificationMethod": key.method_id,
        "proofPurpose": "assertionMethod",
    }
    signature = key.private.sign(_hash_data(unsigned, options))
    return {**unsigned, "proof": {**options, "proofValue": "z" + base58.b58encode(signature).decode()}}


def check(document: dict, public_keys: dict[str, Ed25519PublicKey]) -> str:
    """Raise BadProof unless the document carries a valid proof by one of these keys; return
    the verification method that signed it."""
    proof = document.get("proof")
    if not isinstance(proof, dict):
        raise BadProof("it carries no proof")
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        raise BadProof("its proof is not an eddsa-rdfc-2022 Data Integrity proof")
    method = proof.get("verificationMethod")
    if method not in public_keys:
        raise BadProof("it was not signed with a key of ours")
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z"):
        raise BadProof("its proof value is malformed")
    try:
        signature = base58.b58decode(value[1:])
    except ValueError:
        raise BadProof("its proof value is malformed") from None
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    try:
        hashed = _hash_data(unsigned, options)
    except Exception as error:  # pyld raises its own errors for anything it cannot read
        raise BadProof(f"it cannot be read as JSON-LD ({type(error).__name__})") from None
    try:
        public_keys[method].verify(signature, hashed)
    except InvalidSignature:
        raise BadProof("its signature does not match its content: it was changed after signing") from None
    return method
