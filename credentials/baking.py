"""Badge images that carry their credential ("baking"), and reading it back out.

- PNG (Open Badges Baking 2.0 and 3.0): an iTXt chunk before IEND, keyword "openbadges" with the
  hosted assertion's URL (2.0) or "openbadgecredential" with the signed credential's JSON (3.0),
  uncompressed, no language tag.
- SVG (3.0): an `<openbadges:credential>` element (namespace https://purl.imsglobal.org/ob/v3p0)
  first in the root, the credential's JSON in CDATA.

Reading takes untrusted uploads: chunks are walked with their lengths and CRCs checked, and the
SVG is parsed with defusedxml (no entities, no external references).
"""

from __future__ import annotations

import struct
import zlib
from functools import lru_cache

import cairosvg
from defusedxml import ElementTree

from badges import artwork

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
OB2_KEYWORD = "openbadges"
OB3_KEYWORD = "openbadgecredential"
OB3_NS = "https://purl.imsglobal.org/ob/v3p0"
OB2_NS = "http://openbadges.org"
SIZE = 400


class Unreadable(Exception):
    pass


@lru_cache(maxsize=64)
def artwork_png(slug: str, level: int, size: int = SIZE) -> bytes:
    """The level's artwork (badges.artwork) as a square PNG."""
    return cairosvg.svg2png(bytestring=artwork.svg(slug, level).encode(), output_width=size, output_height=size)


# The issuer's image: the site's blue disc with "#MyWe", in the artwork's style.
ISSUER_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="100" height="100">'
    '<circle cx="50" cy="50" r="48" fill="#005eb8"/>'
    '<circle cx="50" cy="50" r="41" fill="none" stroke="#fff" stroke-width="2.5" opacity=".7"/>'
    '<text x="50" y="57" text-anchor="middle" font-family="Arial, Helvetica, sans-serif" font-size="18" '
    'font-weight="700" fill="#fff">#MyWe</text></svg>'
)


@lru_cache(maxsize=1)
def issuer_png() -> bytes:
    return cairosvg.svg2png(bytestring=ISSUER_SVG.encode(), output_width=SIZE, output_height=SIZE)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    if not png.startswith(PNG_SIGNATURE):
        raise Unreadable("this is not a PNG image")
    found, at = [], len(PNG_SIGNATURE)
    while at + 12 <= len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, data = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        if len(data) != length or png[at + 8 + length : at + 12 + length] != struct.pack(">I", zlib.crc32(kind + data)):
            raise Unreadable("the PNG image is damaged")
        found.append((kind, data))
        at += 12 + length
        if kind == b"IEND":
            return found
    raise Unreadable("the PNG image is cut short")


def bake_png(png: bytes, keyword: str, text: str) -> bytes:
    """The PNG with one iTXt chunk `keyword` holding `text` (any earlier one replaced)."""
    itxt = keyword.encode("latin-1") + b"\x00\x00\x00\x00\x00" + text.encode()
    kept = [(k, d) for k, d in chunks(png) if not (k == b"iTXt" and d.split(b"\x00", 1)[0] == keyword.encode())]
    body = b"".join(_chunk(k, d) for k, d in kept[:-1])
    return PNG_SIGNATURE + body + _chunk(b"iTXt", itxt) + _chunk(*kept[-1])


def png_texts(png: bytes) -> dict[str, str]:
    """keyword → text of the PNG's iTXt chunks (compressed ones inflated) and tEXt chunks."""
    texts: dict[str, str] = {}
    for kind, data in chunks(png):
        if kind == b"tEXt" and b"\x00" in data:
            keyword, _, text = data.partition(b"\x00")
            texts[keyword.decode("latin-1")] = text.decode("latin-1")
        elif kind == b"iTXt":
            keyword, _, rest = data.partition(b"\x00")
            if len(rest) < 2:
                raise Unreadable("the PNG image has a damaged text chunk")
            compressed, rest = rest[0], rest[2:]
            _language, _, rest = rest.partition(b"\x00")
            _translated, _, text = rest.partition(b"\x00")
            try:
                raw = zlib.decompressobj().decompress(text, 1 << 20) if compressed else text
                texts[keyword.decode("latin-1")] = raw.decode()
            except (zlib.error, UnicodeDecodeError):
                raise Unreadable("the PNG image has a damaged text chunk") from None
    return texts


def bake_svg(svg: str, credential_json: str) -> str:
    """The SVG with the credential inside, first in the root element."""
    head, _, rest = svg.partition(">")
    cdata = credential_json.replace("]]>", "]]]]><![CDATA[>")
    return (
        f'{head} xmlns:openbadges="{OB3_NS}">'
        f"<openbadges:credential><![CDATA[{cdata}]]></openbadges:credential>{rest}"
    )


def svg_contents(svg: bytes) -> tuple[str | None, str | None]:
    """(3.0 credential JSON, 2.0 assertion URL or JSON) found in an SVG, either may be None."""
    try:
        root = ElementTree.fromstring(svg)
    except Exception:  # defusedxml refuses entities with its own errors; any failure is "unreadable"
        raise Unreadable("this is not an SVG image we can read") from None
    ob3 = root.find(f"{{{OB3_NS}}}credential")
    ob2 = root.find(f"{{{OB2_NS}}}assertion")
    ob2_text = None
    if ob2 is not None:
        ob2_text = (ob2.text or "").strip() or ob2.get("verify")
    return (ob3.text.strip() if ob3 is not None and ob3.text else None), ob2_text
