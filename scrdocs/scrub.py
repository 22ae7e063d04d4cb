"""Remove what a Word template may carry that must never be published.

Takes a rendered python-docx document; removes comments, tracked changes (deletions are
dropped, insertions accepted) and hidden text (runs marked ``w:vanish``, with their text),
in the body, headers, footers and footnotes. Core properties are set from the data
elsewhere (:mod:`scrdocs.word`), so nothing of a template's author survives either.
"""

from __future__ import annotations

from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

_COMMENT_MARKS = ("w:commentRangeStart", "w:commentRangeEnd", "w:commentReference")
_OFFICE = "http://schemas.microsoft.com/office"
_COMMENT_RELS = {
    RT.COMMENTS,
    f"{_OFFICE}/2011/relationships/commentsExtended",
    f"{_OFFICE}/2016/09/relationships/commentsIds",
    f"{_OFFICE}/2018/08/relationships/commentsExtensible",
}


def scrub(document: Any) -> None:
    """Remove comments, tracked changes and hidden text from every story of ``document``."""
    for part in _story_parts(document):
        _scrub_element(part.element if hasattr(part, "element") else part._element)
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype in _COMMENT_RELS:
            document.part.rels.pop(rel_id, None)


def _story_parts(document: Any) -> list[Any]:
    parts = [document.part]
    for rel in document.part.rels.values():
        if rel.is_external:
            continue
        if rel.reltype in (RT.HEADER, RT.FOOTER, RT.FOOTNOTES, RT.ENDNOTES):
            parts.append(rel.target_part)
    return parts


def _scrub_element(root: Any) -> None:
    if root is None:
        return
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
