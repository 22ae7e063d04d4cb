"""Join tagged PDFs into one, and stamp page numbers on every page.

Takes the PDF parts of an agenda pack in a pypdf writer; joins their structure trees into
one (so a document made of tagged parts stays tagged), and draws on every page its number
in the whole as page furniture (an artifact), in the bundled font, embedded and subset.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

STAMP_SIZE = 9.0
"""The stamp's type size in points."""

STAMP_INSET = (51.0, 26.0)
"""How far the stamp stands from the right and the top edge of the page, in points."""


class StructureJoiner:
    """Join the pages and structure trees of several tagged PDFs into one writer.

    Each part's top structure element becomes a Part of one Document; its marked-content
    keys (the pages' StructParents, the annotations' StructParent) move on past the parts
    before it, so the parent tree stays one tree. A part without a structure tree adds
    its pages untagged.
    """

    def __init__(self, writer: Any) -> None:
        from pypdf.generic import ArrayObject, DictionaryObject, NameObject

        self.writer = writer
        self.kids = ArrayObject()
        self.nums = ArrayObject()
        self.offset = 0
        self.document = DictionaryObject({NameObject("/Type"): NameObject("/StructElem"),
                                          NameObject("/S"): NameObject("/Document")})
        self.document_ref = writer._add_object(self.document)
        self.root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
        self.root_ref = writer._add_object(self.root)
        self.role_map = DictionaryObject()

    def add(self, data: bytes) -> int:
        """Add a part's pages and structure; return the index of its first page."""
        from pypdf.generic import IndirectObject, NameObject, NumberObject

        from .appendices import read_pdf

        reader = read_pdf(data)
        start = len(self.writer.pages)
        pages = [self.writer.add_page(page) for page in reader.pages]
        tree = reader.trailer["/Root"].get("/StructTreeRoot")
        if tree is None:
            return start
        tree = tree.get_object()
        entries = _number_tree(tree["/ParentTree"]) if "/ParentTree" in tree else []
        for original, page in zip(reader.pages, pages):
            if "/StructParents" in original:
                page[NameObject("/StructParents")] = NumberObject(
                    int(original["/StructParents"]) + self.offset)
            for annotation in page.get("/Annots", []) or []:
                annotation = annotation.get_object()
                if "/StructParent" in annotation:
                    annotation[NameObject("/StructParent")] = NumberObject(
                        int(annotation["/StructParent"]) + self.offset)
        top = tree.get("/K")
        for element in top if isinstance(top, list) else [top] if top is not None else []:
            clone = element.clone(self.writer, False, ["/P"])
            made = clone.get_object()
            if made.get("/S") == "/Document":
                made[NameObject("/S")] = NameObject("/Part")
            self.kids.append(clone if isinstance(clone, IndirectObject)
                             else self.writer._add_object(clone))
        for key, value in entries:
            self.nums.append(NumberObject(key + self.offset))
            self.nums.append(value.clone(self.writer, False, ["/P"]))
        role_map = tree.get("/RoleMap")
        if role_map is not None:
            for name, role in role_map.get_object().items():
                self.role_map.setdefault(NameObject(name), role)
        self.offset += max((key for key, _ in entries), default=-1) + 1
        return start

    def finish(self) -> None:
        """Put the joined structure tree in the writer's catalogue."""
        from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

        self.document[NameObject("/K")] = self.kids
        self.root[NameObject("/K")] = ArrayObject([self.document_ref])
        self.root[NameObject("/ParentTree")] = self.writer._add_object(
            DictionaryObject({NameObject("/Nums"): self.nums}))
        self.root[NameObject("/ParentTreeNextKey")] = NumberObject(self.offset)
        if self.role_map:
            self.root[NameObject("/RoleMap")] = self.role_map
        _set_parents(self.document_ref, self.root_ref, set())
        self.writer._root_object[NameObject("/StructTreeRoot")] = self.root_ref


def _number_tree(node: Any) -> list[tuple[int, Any]]:
    """Return the entries of a PDF number tree, in order."""
    node = node.get_object()
    entries = []
    nums = node.get("/Nums")
    if nums is not None:
        entries += [(int(nums[i]), nums[i + 1]) for i in range(0, len(nums) - 1, 2)]
    for kid in node.get("/Kids", []) or []:
        entries += _number_tree(kid)
    return entries


def _set_parents(reference: Any, parent: Any, seen: set[int]) -> None:
    """Point every structure element below ``reference`` at its parent (/P)."""
    from pypdf.generic import DictionaryObject, IndirectObject, NameObject

    element = reference.get_object()
    if id(element) in seen:
        return
    seen.add(id(element))
    element[NameObject("/P")] = parent
    kids = element.get("/K")
    for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
        if isinstance(kid, IndirectObject):
            found = kid.get_object()
            if isinstance(found, DictionaryObject) and "/S" in found \
                    and found.get("/Type", "/StructElem") == "/StructElem":
                _set_parents(kid, reference, seen)


STAMP_CHARACTERS = ("Page 0123456789 –ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                    "abcdefghijklmnopqrstuvwxyz")
"""Every character a stamp may print; the stamp's font holds these glyphs."""


@dataclass(frozen=True)
class _StampFont:
    """The bundled Arimo Bold, subset to :data:`STAMP_CHARACTERS`: its font object (PDF)
    and, for each character, its glyph id and width (thousandths of the size)."""

    pdf: bytes
    glyphs: dict[str, tuple[int, float]]

    def encode(self, text: str) -> tuple[bytes, float]:
        """Return ``text`` as the font's glyph ids (hex) and its width at size 1."""
        codes = b"".join(f"{self.glyphs[char][0]:04x}".encode() for char in text)
        return codes, sum(self.glyphs[char][1] for char in text) / 1000


_STAMP_FONT: list[_StampFont] = []


def _stamp_font() -> _StampFont:
    """Return the stamp's font, made once per process with WeasyPrint (so it is embedded
    and subset like the rest of the pack's text)."""
    if _STAMP_FONT:
        return _STAMP_FONT[0]
    import pypdf

    from .pdf import _fixed_font_timestamps, _font_config, _font_stylesheet, import_weasyprint

    weasyprint = import_weasyprint()
    html = ('<html><body style="margin:0;font:bold 9pt Arimo"><p>'
            f"{STAMP_CHARACTERS}</p></body></html>")
    document = weasyprint.HTML(string=html).render(stylesheets=[_font_stylesheet()],
                                                   font_config=_font_config())
    with _fixed_font_timestamps():  # the same subset font, so the same pack, every run
        pdf = document.write_pdf()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    font = _first_font(reader)
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    codes = {chr(int(unicode, 16)): int(code, 16)
             for code, unicode in re.findall(r"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]{4})>", cmap)}
    widths = _widths(font["/DescendantFonts"][0].get_object())
    glyphs = {char: (code, widths.get(code, 556.0)) for char, code in codes.items()}
    _STAMP_FONT.append(_StampFont(pdf, glyphs))
    return _STAMP_FONT[0]


def _first_font(reader: Any) -> Any:
    """Return the first font of a PDF's first page (the stamp's PDF has only one)."""
    resources: Any = reader.pages[0]["/Resources"]
    fonts = resources["/Font"].get_object()
    return next(iter(fonts.values())).get_object()


def _widths(font: Any) -> dict[int, float]:
    """Return a CID font's widths (/W array) by glyph id."""
    found: dict[int, float] = {}
    entries = list(font.get("/W", []))
    index = 0
    while index < len(entries):
        start = int(entries[index])
        following = entries[index + 1]
        if isinstance(following, list):
            for offset, width in enumerate(following):
                found[start + offset] = float(width)
            index += 2
        else:
            for code in range(start, int(following) + 1):
                found[code] = float(entries[index + 2])
            index += 3
    return found


def stamp_pages(writer: Any, first: int, banner: str, number: str = "Page {number}") -> None:
    """Stamp every page with its number in the pack, top right (``number`` filled in:
    "Page 12", "Tudalen 12"), and a restricted pack's pages with ``banner`` top left; both
    are page furniture (artifacts), in the bundled font, embedded."""
    import pypdf
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    font = _stamp_font()
    font_ref = _first_font(pypdf.PdfReader(io.BytesIO(font.pdf))).clone(writer)
    before = DecodedStreamObject()
    before.set_data(b"q\n")
    before_ref = writer._add_object(before)
    for index, page in enumerate(writer.pages):
        stamp = DecodedStreamObject()
        stamp.set_data(_stamp_content(page, number.format(number=first + index), banner, font))
        resources = DictionaryObject(page.get("/Resources", DictionaryObject()).get_object())
        fonts = DictionaryObject(resources.get("/Font", DictionaryObject()).get_object())
        fonts[NameObject("/ScrdocsStamp")] = font_ref
        resources[NameObject("/Font")] = fonts
        page[NameObject("/Resources")] = resources
        contents = page.get("/Contents")
        parts = list(contents) if isinstance(contents, list) else [contents] \
            if contents is not None else []
        page[NameObject("/Contents")] = ArrayObject(
            [before_ref, *parts, writer._add_object(stamp)])


def _stamp_content(page: Any, number: str, banner: str, font: _StampFont) -> bytes:
    """Return the content stream that draws the stamp on ``page``, whatever its size and
    rotation, after the page's own content (in a balanced graphics state)."""
    box = page.cropbox  # what a viewer shows (the media box, unless cropped)
    left, bottom, right, top = (float(box.left), float(box.bottom), float(box.right),
                                float(box.top))
    rotation = int(page.get("/Rotate", 0) or 0) % 360
    width, height = (right - left, top - bottom)
    matrix = {0: (1, 0, 0, 1, left, bottom), 90: (0, 1, -1, 0, right, bottom),
              180: (-1, 0, 0, -1, right, top), 270: (0, -1, 1, 0, left, top)}[rotation]
    if rotation in (90, 270):
        width, height = height, width
    inset_x, inset_y = STAMP_INSET
    size = STAMP_SIZE
    codes, span = font.encode(number)
    lines = [(f"BT /ScrdocsStamp {size:g} Tf 0.043 0.047 0.047 rg "
              f"1 0 0 1 {width - inset_x - span * size:.2f} {height - inset_y:.2f} Tm "
              f"<{codes.decode()}> Tj ET")]
    if banner:
        codes, _ = font.encode(banner)
        lines.append(f"BT /ScrdocsStamp {size:g} Tf 0.694 0.055 0.118 rg "
                     f"1 0 0 1 {inset_x:.2f} {height - inset_y:.2f} Tm "
                     f"<{codes.decode()}> Tj ET")
    body = "\n".join(lines)
    return (f"Q\n/Artifact <</Type /Pagination /Subtype /Header>> BDC\nq "
            f"{' '.join(f'{value:g}' for value in matrix)} cm\n{body}\nQ\nEMC\n").encode()
