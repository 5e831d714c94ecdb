"""RDF canonicalisation (RDFC-1.0, which pyld calls URDNA2015) over the JSON-LD contexts that
ship with this app. The document loader reads `contexts/` and refuses anything else: signing
never reaches for the network, and a credential naming a context we do not hold cannot be
canonicalised by us (so it is not ours)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from pyld import jsonld

HERE = Path(__file__).resolve().parent / "contexts"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
FILES = {VC_V2: "credentials-v2.json", OB_V3: "ob-context-3.0.3.json"}


class UnknownContext(Exception):
    pass


@cache
def _context(url: str) -> dict:
    return json.loads((HERE / FILES[url]).read_text())


def load_document(url: str, options: dict | None = None) -> dict:
    if url not in FILES:
        raise UnknownContext(f"the JSON-LD context {url!r} is not one we ship")
    return {"contextUrl": None, "documentUrl": url, "document": _context(url)}


def canonize(document: dict) -> str:
    """The canonical N-Quads of a JSON-LD document."""
    return jsonld.normalize(
        document, {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": load_document}
    )
