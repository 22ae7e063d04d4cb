"""Turn a view into a .docx: docxtpl fills the Word template, python-docx finishes the job.

Takes a kind's view and its Word template (``<kind>/<kind>.docx``); produces the bytes of a
.docx whose paragraphs use Word's built-in styles, whose marked-up text became real runs and
hyperlinks, whose numbered lists restart for every agenda item, and whose core properties
and language come from the data. The same input always gives the same bytes.
"""

from __future__ import annotations

import base64
import io
import re
import struct
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, RGBColor
from docxtpl import DocxTemplate, InlineImage, RichText
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from ._word_layout import apply_layouts, marker
from .bidi import mark_word
from .bilingual import SEPARATOR, SPLIT, child_element, finish_word, plain_text
from .bounds import filling
from .design import TEMPLATE_BRAND, TIGHT
from .errors import TemplateError
from .footer import fit_word_footer
from .i18n import gettext
from .limits import shorten
from .markup import PARAGRAPH, Rich
from .scrub import scrub, story_roots
from .templating import template_location

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
HEADING_STYLES = ("Title", "Heading 1", "Heading 2", "Heading 3")
WORD_FONTS = {"Arimo": "Arial"}


def render_docx(view: Mapping[str, Any], template: Path, env: SandboxedEnvironment,
                properties: Mapping[str, str]) -> bytes:
    """Return the .docx made by filling ``template`` with ``view``.

    :param properties: core properties (title, author, subject, keywords, language) and
        ``primary``/``font`` branding applied to the heading styles.
    """
    tpl = DocxTemplate(str(template))
    context = _with_logo_image(_to_word(view, tpl), tpl)
    try:
        with filling():  # one budget for all the template's parts (see scrdocs.bounds)
            tpl.render(context, jinja_env=env)
    except JinjaTemplateError as exc:
        raise TemplateError(_template_message(template, exc, tpl), template) from None
    document = tpl.docx
    _follow_replaced_parts(document)
    with story_roots(document) as roots:
        scrub(document, roots)
        _describe_images(roots, view["document"]["organisation"].get("logo_alt", ""))
        _set_images_flush(roots)
        mark_word(roots, view["document"].get("direction", "ltr"))
    restart_numbering(document)
    apply_layouts(document)
    languages = view["document"].get("languages")
    if languages:
        with story_roots(document) as roots:
            finish_word(document, roots, languages, view["document"].get("bilingual", ""))
    fit_word_footer(document, view)
    fit_masthead_label(document, view.get("guide"))
    _apply_branding(document, properties)
    if view.get("meta", {}).get("tight"):
        tighten(document)
    _set_core_properties(document, properties)
    if view["document"].get("draft"):
        add_watermark(document, plain_text(gettext("DRAFT")))
    buffer = io.BytesIO()
    tpl.save(buffer)
    return normalise_zip(buffer.getvalue())


GUIDE_LABEL_STYLE = "Guide Label"
"""The style of the label in the masthead of the guide and the seven-minute briefing."""


def fit_masthead_label(document: Any, masthead: Mapping[str, Any] | None) -> None:
    """Give the label cell of a guide's masthead ('One Minute Guide') the width the view
    measured for it (``label_width``, in points), as the PDF's label box has, taking the
    difference from the organisation's cell beside it; and set a label in several languages
    a language a line ('Canllaw Un Munud /', 'One Minute Guide'), as the PDF sets it. A
    masthead a template changed (no cell in the Guide Label style last in a one-row
    table) is left as it is."""
    width = masthead.get("label_width") if isinstance(masthead, Mapping) else None
    style = _style(document, GUIDE_LABEL_STYLE)
    if not width or style is None:
        return
    for table in document.element.body.iter(qn("w:tbl")):
        rows = table.findall(qn("w:tr"))
        grid = table.find(qn("w:tblGrid"))
        cells = rows[0].findall(qn("w:tc")) if len(rows) == 1 else []
        columns = grid.findall(qn("w:gridCol")) if grid is not None else []
        if len(cells) < 2 or len(columns) != len(cells) or not any(
                found.get(qn("w:val")) == style.style_id
                for found in cells[-1].iter(qn("w:pStyle"))):
            continue
        label = round(float(width) * 20)
        name = int(columns[-2].get(qn("w:w"))) + int(columns[-1].get(qn("w:w"))) - label
        if name > 0:
            for cell, column, twips in ((cells[-2], columns[-2], name),
                                        (cells[-1], columns[-1], label)):
                column.set(qn("w:w"), str(twips))
                cell_width = cell.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
                if cell_width is not None:
                    cell_width.set(qn("w:w"), str(twips))
        _a_language_a_line(cells[-1])


def _a_language_a_line(cell: Any) -> None:
    """Break the line after each ' / ' standing between two languages of a cell's text."""
    for text in list(cell.iter(qn("w:t"))):
        if text.text == SEPARATOR and text.getparent().tag == qn("w:r"):
            text.text = SEPARATOR.rstrip()
            text.addnext(OxmlElement("w:br"))


def _follow_replaced_parts(document: Any) -> None:
    """Point python-docx's part lookup at the header and footer parts docxtpl rendered.

    docxtpl swaps each rendered header and footer in as a new part on its relationship, but
    python-docx answers ``section.header`` from a dictionary of the parts it loaded, which
    still holds the old ones; without this, an edit made through ``section.header`` would
    land in a part that is no longer saved.
    """
    rels = document.part.rels
    rels._target_parts_by_rId.update(
        {rel_id: rel.target_part for rel_id, rel in rels.items() if not rel.is_external})


def _template_message(template: Path, exc: JinjaTemplateError, tpl: DocxTemplate) -> str:
    """Say what went wrong in a Word template, and the text of the paragraphs around it."""
    lines = [f"{template}: {exc.message or exc}"]
    context = getattr(exc, "docx_context", None)
    if not context:
        context = _paragraphs_around(tpl, template_location(exc))
    lines += ["  near: " + line.strip() for line in context or [] if line.strip()]
    return "\n".join(lines)


def _paragraphs_around(tpl: DocxTemplate, where: tuple[str, int] | None) -> list[str]:
    """Return the text of the template paragraphs around line ``where`` of the part docxtpl
    was rendering (docxtpl puts each paragraph on a line of its own before rendering)."""
    part = getattr(tpl, "current_rendering_part", None)
    if where is None or part is None:
        return []
    try:
        xml = tpl.get_xml() if part is tpl.docx._part else tpl.get_part_xml(part)
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(xml)).splitlines()
    except Exception:  # the message is still useful without its context  # noqa: BLE001
        return []
    line = where[1]
    return [re.sub(r"<[^>]+>", "", text) for text in source[max(line - 2, 0):line + 1]]


def _to_word(value: Any, tpl: DocxTemplate) -> Any:
    """Return ``value`` with every :class:`Rich` paragraph turned into docxtpl RichText."""
    if isinstance(value, Rich):
        return rich_text(value, tpl)
    if isinstance(value, Mapping):
        return {key: _to_word(item, tpl) for key, item in value.items()}
    if isinstance(value, list):
        return [_to_word(item, tpl) for item in value]
    return value


def _with_logo_image(context: dict[str, Any], tpl: DocxTemplate) -> dict[str, Any]:
    """Add ``document.organisation.logo_image``: the logo as an inline picture, or ''. The
    picture is the one the HTML and PDF show, already without its metadata: the view's
    data: URI (see :func:`scrdocs.render._with_logo`), never the file read again."""
    organisation = dict(context["document"]["organisation"])
    source = organisation.get("logo_src", "") if organisation.get("logo_path") else ""
    picture = io.BytesIO(base64.b64decode(source.partition(",")[2])) if source else None
    organisation["logo_image"] = InlineImage(tpl, picture, height=Mm(14)) if picture else ""
    return {**context, "document": {**context["document"], "organisation": organisation}}


def _describe_images(roots: list[Any], alt: str) -> None:
    """Give every picture without alternative text the logo's (the only picture scrdocs adds).

    :param roots: the root elements of the document's story parts.
    """
    for root in roots:
        for properties in root.iter(qn("wp:docPr")):
            if not properties.get("descr"):
                properties.set("descr", alt)


def _set_images_flush(roots: list[Any]) -> None:
    """Give every inline picture no space around it, as in the PDF: without it LibreOffice
    keeps Word's 3.2 mm for a floating picture beside the logo, pushing it off its cell's
    edge and into the organisation's name."""
    for root in roots:
        for inline in root.iter(qn("wp:inline")):
            for side in ("distT", "distB", "distL", "distR"):
                inline.set(side, "0")


_WATERMARK = (
    '<w:r {ns}><w:pict>'
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
    'path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas><v:f eqn="sum #0 0 10800"/>'
    '<v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/>'
    '<v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/>'
    '<v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/>'
    '<v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/>'
    '<v:f eqn="sum @6 0 @5"/></v:formulas><v:path textpathok="t" o:connecttype="custom" '
    'o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>'
    '<v:textpath on="t" fitshape="t"/><o:lock v:ext="edit" text="t" shapetype="t"/>'
    '</v:shapetype>'
    '<v:shape id="scrdocsWatermark" o:spt="136" type="#_x0000_t136" '
    'style="position:absolute;margin-left:0;margin-top:0;width:470pt;height:120pt;'
    'rotation:315;z-index:-251654144;mso-position-horizontal:center;'
    'mso-position-horizontal-relative:margin;mso-position-vertical:center;'
    'mso-position-vertical-relative:margin" fillcolor="#C80000" stroked="f">'
    '<v:fill opacity="0.15"/><v:textpath on="t" style="font-family:&quot;Arial&quot;;'
    'font-size:1pt;font-weight:bold" string="{text}"/></v:shape></w:pict></w:r>')


_VML_NAMESPACES = (' xmlns:v="urn:schemas-microsoft-com:vml"'
                   ' xmlns:o="urn:schemas-microsoft-com:office:office"')


def add_watermark(document: Any, text: str) -> None:
    """Put ``text`` diagonally behind every page, as Word's own watermarks do (VML in the
    header), and clear the light shading that would hide it (:func:`clear_light_shading`)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    clear_light_shading(document)
    for section in document.sections:
        for header in (section.header, section.first_page_header, section.even_page_header):
            if header.is_linked_to_previous and header is not section.header:
                continue
            paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
            paragraph._p.append(parse_xml(_WATERMARK.format(
                ns=nsdecls("w") + _VML_NAMESPACES, text=text)))


_SHADING_THEME = ("w:themeFill", "w:themeFillTint", "w:themeFillShade", "w:themeColor",
                  "w:themeTint", "w:themeShade")


def clear_light_shading(document: Any) -> None:
    """Take the fill out of every light shading in the body and the styles (boxes, prompts,
    table header cells), keeping their borders.

    Word and LibreOffice draw a header's content, where a watermark lives, beneath the
    page's text, and a shaded paragraph or cell is opaque, so a watermark would vanish
    behind every box. Dark shading, which carries light text, is kept: without it the
    text would not be readable.
    """
    for root in (document.element.body, document.styles.element):
        for shading in root.iter(qn("w:shd")):
            if _is_light(shading.get(qn("w:fill"), "auto")):
                for attribute in _SHADING_THEME:
                    shading.attrib.pop(qn(attribute), None)
                shading.set(qn("w:val"), "clear")
                shading.set(qn("w:color"), "auto")
                shading.set(qn("w:fill"), "auto")


def _is_light(fill: str) -> bool:
    """Return whether dark text reads better than white on the colour ``fill`` ('RRGGBB'):
    its relative luminance (WCAG) is above 0.179."""
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", fill):
        return False

    def linear(channel: str) -> float:
        value = int(channel, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(fill[i:i + 2]) for i in (0, 2, 4))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue > 0.179


def rich_text(paragraph: Rich, tpl: DocxTemplate) -> RichText:
    """Return a paragraph's spans as Word runs; links become real hyperlinks. A paragraph
    laid out as a list item, sub-heading or numbered paragraph starts with the marker
    :func:`~scrdocs._word_layout.apply_layouts` turns into Word's own structure."""
    text = RichText()
    if paragraph.layout is not PARAGRAPH:
        text.xml = marker(paragraph.layout)
    versions = paragraph.versions or ((paragraph.lang, paragraph),)
    for index, (language, version) in enumerate(versions):
        if index:
            text.add(SPLIT)
        for span in version:
            url_id = tpl.build_url_id(span.url) if span.url else None
            text.add(span.text, bold=span.bold, italic=span.italic, url_id=url_id,
                     style="Hyperlink" if span.url else None, lang=language)
    return text


def restart_numbering(document: Any) -> None:
    """Give every run of consecutive 'List Number' paragraphs its own numbering from 1."""
    style = _style(document, "List Number")
    if style is None:
        return
    num_pr = style.element.pPr.numPr if style.element.pPr is not None else None
    if num_pr is None or num_pr.numId is None:
        return
    numbering = document.part.numbering_part.numbering_definitions._numbering
    abstract_id = numbering.num_having_numId(num_pr.numId.val).abstractNumId.val
    previous_was_number = False
    num_id = None
    for paragraph in document.paragraphs:
        is_number = paragraph._p.style == style.style_id
        if is_number and not previous_was_number:
            num = numbering.add_num(abstract_id)
            num.add_lvlOverride(ilvl=0).add_startOverride(1)
            num_id = num.numId
        if is_number:
            p_pr = paragraph._p.get_or_add_pPr()
            p_pr.get_or_add_numPr().get_or_add_numId().val = num_id
            p_pr.get_or_add_numPr().get_or_add_ilvl().val = 0
        previous_was_number = is_number


def _style(document: Any, name: str) -> Any:
    try:
        return document.styles[name]
    except KeyError:
        return None


BRANDED_TEXT = ("Box Title", "Box Figure")
"""Styles besides the headings whose text takes the primary colour (learning briefing)."""

BRANDED_BORDERS = {"Box": ("top", "accent"), "Question": ("left", "primary")}
"""Styles whose paragraph border takes a profile colour: style → (border side, colour)."""


def _apply_branding(document: Any, properties: Mapping[str, str]) -> None:
    """Colour the headings, call-out boxes and questions, and set the font and language
    the profile asks for. Styles a template does not have are left alone."""
    primary = properties.get("primary")
    for name in (*HEADING_STYLES, *BRANDED_TEXT):
        style = _style(document, name)
        if style is not None and primary:
            style.font.color.rgb = RGBColor.from_string(primary.lstrip("#"))
    for name, (side, colour) in BRANDED_BORDERS.items():
        style, value = _style(document, name), properties.get(colour)
        p_pr = style.element.pPr if style is not None else None
        border = p_pr.find(f"{qn('w:pBdr')}/{qn(f'w:{side}')}") if p_pr is not None else None
        if border is not None and value:
            border.set(qn("w:color"), value.lstrip("#").upper())
    font = properties.get("font")
    normal = _style(document, "Normal")
    if font and normal is not None:
        normal.font.name = WORD_FONTS.get(font, font)
    _set_language(document, properties.get("language", "en-GB"))
    recolour(document, properties)


def recolour(document: Any, properties: Mapping[str, str]) -> None:
    """Give the profile's colours to whatever the template draws in the colours it was
    designed in (:data:`~scrdocs.design.TEMPLATE_BRAND`): rules, cell fills, links and any
    text an editor coloured so in Word."""
    swaps = {TEMPLATE_BRAND[role].lstrip("#").upper(): properties[role].lstrip("#").upper()
             for role in TEMPLATE_BRAND if properties.get(role)}
    swaps = {old: new for old, new in swaps.items() if old != new}
    if not swaps:
        return
    colour_tag = qn("w:color")
    for root in (document.element.body, document.styles.element):
        for element in root.iter(etree.Element):
            keys = _VALUE if element.tag == colour_tag else _COLOUR_ATTRIBUTES
            for key in keys:
                value = element.get(key)
                if value and value.upper() in swaps:
                    element.set(key, swaps[value.upper()])


_VALUE = (qn("w:val"),)
_COLOUR_ATTRIBUTES = (qn("w:color"), qn("w:fill"))


def tighten(document: Any) -> None:
    """Set the document tight, as the PDF's ``html.tight`` is (:data:`~scrdocs.design.TIGHT`):
    every paragraph style's space before and after, and its "at least" line height, scaled."""
    line, space = TIGHT["line"], TIGHT["space"]
    for spacing in document.styles.element.iter(qn("w:spacing")):
        if spacing.getparent().tag != qn("w:pPr"):  # a run's spacing is letter spacing
            continue
        for key in (qn("w:before"), qn("w:after")):
            value = spacing.get(key)
            if value and value.isdigit():
                spacing.set(key, str(round(int(value) * space)))
        value = spacing.get(qn("w:line"))
        if spacing.get(qn("w:lineRule")) == "atLeast" and value and value.isdigit():
            spacing.set(qn("w:line"), str(round(int(value) * line)))


def _set_language(document: Any, language: str) -> None:
    """Set the document's default proofing language (w:lang in the style defaults)."""
    defaults = child_element(document.styles.element, "w:docDefaults", first=True)
    run_defaults = child_element(defaults, "w:rPrDefault", first=True)
    lang = child_element(child_element(run_defaults, "w:rPr"), "w:lang")
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), language)


def _set_core_properties(document: Any, properties: Mapping[str, str]) -> None:
    """Set title, subject, author and language from the data, and nothing from the template;
    each is shortened to the 255 characters a core property holds (:func:`shorten`)."""
    core = document.core_properties
    core.title = shorten(properties.get("title", ""))
    core.subject = shorten(properties.get("subject", ""))
    core.author = shorten(properties.get("author", ""))
    core.last_modified_by = shorten(properties.get("author", ""))
    core.keywords = shorten(properties.get("keywords", ""))
    core.language = shorten(properties.get("language", ""))
    core.comments = ""
    core.category = ""
    core.content_status = ""
    core.identifier = ""
    core.version = ""
    core.revision = 1
    stamp = properties.get("date")
    if stamp is not None:
        core.created = stamp  # type: ignore[assignment]
        core.modified = stamp  # type: ignore[assignment]
        core.last_printed = stamp  # type: ignore[assignment]


def normalise_zip(data: bytes) -> bytes:
    """Return the .docx with every member stamped at one fixed time and mode, so the same
    input gives the same bytes.

    The headers are stamped where they are (compressed data untouched); a zip laid out in a
    way the stamping does not expect is rewritten member by member instead.
    """
    try:
        return _stamp_in_place(data)
    except (ValueError, struct.error):
        return _rewrite_zip(data)


_DOS_TIME, _DOS_DATE = 0, (FIXED_ZIP_TIME[0] - 1980) << 9 | FIXED_ZIP_TIME[1] << 5 \
    | FIXED_ZIP_TIME[2]
_MODE = 0o644 << 16


def _stamp_in_place(data: bytes) -> bytes:
    """Set the time, date and mode in every local and central-directory header."""
    out = bytearray(data)
    end = out.rfind(b"PK\x05\x06")
    if end < 0:
        raise ValueError("no end of central directory")
    (count,) = struct.unpack_from("<H", out, end + 10)
    (position,) = struct.unpack_from("<I", out, end + 16)
    for _ in range(count):
        if out[position:position + 4] != b"PK\x01\x02":
            raise ValueError("not a central directory entry")
        name, extra, comment = struct.unpack_from("<HHH", out, position + 28)
        (local,) = struct.unpack_from("<I", out, position + 42)
        if out[local:local + 4] != b"PK\x03\x04":
            raise ValueError("not a local header")
        struct.pack_into("<HH", out, position + 12, _DOS_TIME, _DOS_DATE)
        struct.pack_into("<I", out, position + 38, _MODE)
        struct.pack_into("<HH", out, local + 10, _DOS_TIME, _DOS_DATE)
        position += 46 + name + extra + comment
    return bytes(out)


def _rewrite_zip(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = _MODE
            target.writestr(member, source.read(info.filename))
    return buffer.getvalue()


