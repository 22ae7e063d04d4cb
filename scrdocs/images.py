"""Pictures as carriers of text: the metadata of PNG and JPEG files and the text of SVG.

A logo made on a phone or in a design tool can carry its author, a caption, a place or a
comment in chunks no one sees. :func:`strip_metadata` returns a PNG or JPEG with only what
drawing it needs (standard library only: both formats are simple sequences of chunks);
:func:`image_texts` returns every piece of text a picture holds — metadata, SVG text and
attributes — for the anonymisation guard to scan.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

PNG_KEPT = frozenset({b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP",
                      b"sBIT", b"sRGB", b"cICP", b"mDCv", b"cLLi", b"bKGD", b"pHYs", b"acTL",
                      b"fcTL", b"fdAT"})
"""The PNG chunks a stripped image keeps: pixels, palette, transparency, colour and size
(and animation frames). Text (tEXt, zTXt, iTXt), EXIF (eXIf), times and private chunks go."""

_JPEG_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})
_SOS, _EOI, _COM = 0xDA, 0xD9, 0xFE
_TEXT_LIMIT = 1 << 20
"""The most text read out of one picture's metadata (a compressed chunk expands no further)."""


def image_type(data: bytes) -> str | None:
    """Return 'png', 'jpeg' or 'svg' from the first bytes of ``data``, or ``None``."""
    if data.startswith(PNG_SIGNATURE):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<svg", b"<?xml", b"<!--", b"<!doctype svg")) and b"<svg" in \
            data[:65536].lower():
        return "svg"
    return None


def strip_metadata(data: bytes) -> bytes:
    """Return the PNG or JPEG ``data`` without its metadata; other data unchanged.

    :raises ValueError: the PNG or JPEG is truncated or malformed.
    """
    kind = image_type(data)
    if kind == "png":
        return PNG_SIGNATURE + b"".join(raw for name, _, raw in _png_chunks(data)
                                        if name in PNG_KEPT)
    if kind == "jpeg":
        return b"\xff\xd8" + b"".join(raw for marker, body, raw in _jpeg_segments(data)
                                      if _jpeg_kept(marker, body))
    return data


def image_texts(data: bytes) -> list[tuple[str, str]]:
    """Return ``(where, text)`` for every piece of text in a picture: PNG text, EXIF and
    private chunks, JPEG comments and APPn segments (EXIF, XMP), SVG text, comments and
    attributes; for any other file, its runs of readable characters."""
    kind = image_type(data)
    try:
        if kind == "png":
            return [(name.decode("latin-1"), text) for name, body, _ in _png_chunks(data)
                    if name not in (b"IDAT", b"fdAT", b"IHDR", b"PLTE", b"IEND")
                    for text in _png_texts(name, body)]
        if kind == "jpeg":
            return [(_jpeg_name(marker), text) for marker, body, _ in _jpeg_segments(data)
                    if marker == _COM or 0xE0 <= marker <= 0xEF
                    for text in readable(body)]
        if kind == "svg":
            return svg_texts(data)
    except ValueError:
        pass  # malformed: read what can be read
    return [("data", text) for text in readable(data)]


def _png_chunks(data: bytes) -> Iterator[tuple[bytes, bytes, bytes]]:
    """Yield ``(name, body, raw chunk)`` for each chunk of a PNG, up to IEND."""
    position = len(PNG_SIGNATURE)
    while True:
        if position + 8 > len(data):
            raise ValueError("the PNG ends before its IEND chunk")
        length = int.from_bytes(data[position:position + 4], "big")
        name = data[position + 4:position + 8]
        end = position + 12 + length
        if end > len(data) or not name.isalpha():
            raise ValueError("the PNG has a damaged chunk")
        yield name, data[position + 8:end - 4], data[position:end]
        if name == b"IEND":
            return
        position = end


def _png_texts(name: bytes, body: bytes) -> list[str]:
    """Return the text of one PNG chunk: tEXt, zTXt and iTXt decoded, others' readable runs."""
    keyword, _, rest = body.partition(b"\0")
    if name == b"tEXt":
        return [keyword.decode("latin-1"), rest.decode("latin-1")]
    if name == b"zTXt":
        return [keyword.decode("latin-1"), _inflate(rest[1:]).decode("latin-1")]
    if name == b"iTXt" and len(rest) >= 2:
        compressed, fields = rest[0], rest[2:]
        language, _, fields = fields.partition(b"\0")
        translated, _, text = fields.partition(b"\0")
        text = _inflate(text) if compressed else text
        return [part.decode("utf-8", errors="replace")
                for part in (keyword, language, translated, text)]
    if name == b"iCCP":
        return [keyword.decode("latin-1")]
    return readable(body)


def _inflate(data: bytes) -> bytes:
    """Return zlib ``data`` decompressed, at most :data:`_TEXT_LIMIT` bytes of it."""
    try:
        return zlib.decompressobj().decompress(data, _TEXT_LIMIT)
    except zlib.error:
        return data


def _jpeg_segments(data: bytes) -> Iterator[tuple[int, bytes, bytes]]:
    """Yield ``(marker, body, raw segment)`` for each segment of a JPEG after SOI; the scan
    that starts at SOS is yielded whole, with everything after it."""
    position = 2
    while position < len(data):
        if data[position] != 0xFF:
            raise ValueError("the JPEG has a damaged segment")
        while position + 1 < len(data) and data[position + 1] == 0xFF:
            position += 1  # fill bytes
        if position + 1 >= len(data):
            raise ValueError("the JPEG ends inside a marker")
        marker = data[position + 1]
        if marker in _JPEG_STANDALONE or marker == _EOI:
            yield marker, b"", data[position:position + 2]
            position += 2
            continue
        length = int.from_bytes(data[position + 2:position + 4], "big")
        end = position + 2 + length
        if length < 2 or end > len(data):
            raise ValueError("the JPEG has a damaged segment")
        if marker == _SOS:
            yield marker, data[position + 4:end], data[position:]
            return
        yield marker, data[position + 4:end], data[position:end]
        position = end


def _jpeg_kept(marker: int, body: bytes) -> bool:
    """Return whether a stripped JPEG keeps a segment: everything that draws the picture,
    the JFIF header, an ICC colour profile and Adobe's colour transform; not EXIF, XMP,
    comments or other application data."""
    if marker == _COM:
        return False
    if marker == 0xE0:
        return body.startswith((b"JFIF\0", b"JFXX\0"))
    if marker == 0xE2:
        return body.startswith(b"ICC_PROFILE\0")
    if marker == 0xEE:
        return body.startswith(b"Adobe")
    return not 0xE0 <= marker <= 0xEF


def _jpeg_name(marker: int) -> str:
    return "COM" if marker == _COM else f"APP{marker - 0xE0}"


_READABLE = re.compile(rb"[\t\n\r\x20-\x7e\x80-\xff]{3,}")
_READABLE_UTF16 = re.compile(rb"(?:[\x20-\x7e]\x00){3,}")


def readable(data: bytes) -> list[str]:
    """Return the runs of readable text in binary ``data``: 8-bit text (read as UTF-8 and as
    Latin-1) and UTF-16 text (as Windows writes EXIF author and comment fields)."""
    data = data[:_TEXT_LIMIT]
    runs = _READABLE.findall(data)
    texts = [run.decode("utf-8", errors="replace") for run in runs]
    texts += [run.decode("latin-1") for run in runs if not run.isascii()]
    texts += [run.decode("utf-16-le") for run in _READABLE_UTF16.findall(data)]
    return texts


def svg_texts(data: bytes) -> list[tuple[str, str]]:
    """Return ``(where, text)`` for the text of an SVG: each element's text joined across
    its children (``<text>Mi<tspan>a</tspan></text>``), each text node and comment on its
    own, and every attribute value."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             recover=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        return [("text", text) for text in readable(data)]
    texts: list[tuple[str, str]] = []
    for node in root.iter():
        where = etree.QName(node).localname if isinstance(node.tag, str) else "comment"
        texts += [(where, text) for text in (node.text, node.tail) if text and text.strip()]
        if isinstance(node.tag, str):
            texts.append((where, "".join(node.itertext())))
            texts += [(f"{where}@{etree.QName(name).localname}", value)
                      for name, value in node.attrib.items()]
    return texts
