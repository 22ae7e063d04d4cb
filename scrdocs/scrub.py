"""Remove what a Word template may carry that must never be published.

Takes a rendered python-docx document; removes comments, tracked changes (deletions are
dropped, insertions accepted) and hidden text (runs marked ``w:vanish``, with their text),
in the body, headers, footers and footnotes, and the template's preview picture. Core
properties are set from the data elsewhere (:mod:`scrdocs.word`), so nothing of a
template's author survives either.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml

_COMMENT_MARKS = ("w:commentRangeStart", "w:commentRangeEnd", "w:commentReference")
_OFFICE = "http://schemas.microsoft.com/office"
_COMMENT_RELS = {
    RT.COMMENTS,
    f"{_OFFICE}/2011/relationships/commentsExtended",
    f"{_OFFICE}/2016/09/relationships/commentsIds",
    f"{_OFFICE}/2018/08/relationships/commentsExtensible",
}


def scrub(document: Any, roots: list[Any]) -> None:
    """Remove comments, tracked changes and hidden text from every story of ``document``,
    and the preview picture of the first page a template saved from Word carries (it shows
    the template, whatever it held, never the document made from it).

    :param roots: the root elements of its story parts, from :func:`story_roots`.
    """
    for root in roots:
        _scrub_element(root)
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype in _COMMENT_RELS:
            document.part.rels.pop(rel_id, None)
    package = document.part.package.rels
    for rel_id, rel in list(package.items()):
        if rel.reltype == RT.THUMBNAIL:  # a picture of the template, not of this document
            package.pop(rel_id, None)


_STORY_RELS = (RT.HEADER, RT.FOOTER, RT.FOOTNOTES, RT.ENDNOTES)


@contextmanager
def story_roots(document: Any) -> Iterator[list[Any]]:
    """Yield the root element of every part of ``document`` that holds text: the body,
    headers, footers, footnotes and endnotes.

    python-docx keeps footnotes and endnotes as plain bytes (docxtpl renders them that way
    too), so those are parsed here and written back to their parts when the block ends.
    """
    parts = [document.part, *(rel.target_part for rel in document.part.rels.values()
                              if not rel.is_external and rel.reltype in _STORY_RELS)]
    roots, plain = [], []
    for part in parts:
        if hasattr(part, "element"):
            roots.append(part.element)
        else:
            root = parse_xml(part.blob)
            roots.append(root)
            plain.append((part, root))
    yield roots
    for part, root in plain:
        part._blob = serialize_part_xml(root)


def _scrub_element(root: Any) -> None:
    for tag in ("w:del", "w:moveFrom"):
        for element in list(root.iter(qn(tag))):
            element.getparent().remove(element)
    for tag in ("w:ins", "w:moveTo"):
        for element in list(root.iter(qn(tag))):
            parent = element.getparent()
            index = parent.index(element)
            for child in list(element):
                parent.insert(index, child)
                index += 1
            parent.remove(element)
    for tag in _COMMENT_MARKS:
        for element in list(root.iter(qn(tag))):
            element.getparent().remove(element)
    for vanish in list(root.iter(qn("w:vanish"))):
        properties = vanish.getparent()
        owner = properties.getparent() if properties is not None else None
        if owner is not None and owner.tag == qn("w:r"):
            owner.getparent().remove(owner)
        elif properties is not None:
            properties.remove(vanish)
    for change in ("w:rPrChange", "w:pPrChange", "w:sectPrChange", "w:tblPrChange"):
        for element in list(root.iter(qn(change))):
            element.getparent().remove(element)
