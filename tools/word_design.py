"""Draw the shared design (:mod:`scrdocs.design`) into a Word template with python-docx.

Takes a ``docx.Document`` under construction; sets its styles, list glyphs, page, header and
footer from the design table, so that the Word templates and the print stylesheet make the
same decisions. :func:`common` is what every kind gets; :func:`typeset` sets sizes, line
heights and spacing for kinds laid out in the shared type scale (the meeting documents).
"""

from __future__ import annotations

from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from scrdocs.design import (
    COLOURS,
    FONT,
    ITEM_RULE,
    LIST,
    PAGE,
    PROMPT,
    TEMPLATE_BRAND,
    TYPE,
    WORD_STYLES,
    Type,
    colour,
)

HEADINGS = ("title", "heading1", "heading2", "heading3")
LIST_STYLES = {"List Bullet": 1, "List Number": 1, "List Bullet 2": 2, "List Number 2": 2,
               "List Continue": 1, "List Continue 2": 2}
"""Word's list styles and the nesting level each indents to."""


SEQUENCES = {
    "pPr": ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
            "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
            "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
            "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
            "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
            "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
            "sectPr", "pPrChange"),
    "rPr": ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike",
            "dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid",
            "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs",
            "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em",
            "lang", "eastAsianLayout", "specVanish", "oMath"),
    "tblPr": ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
              "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
              "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription"),
    "trPr": ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit",
             "trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden"),
}
"""The order WordprocessingML requires of the children of each properties element."""


def place(parent: Any, child: Any) -> Any:
    """Put ``child`` into the properties element ``parent`` where the schema wants it,
    replacing one of the same name; return it."""
    local = etree_local(child.tag)
    order = SEQUENCES[etree_local(parent.tag)]
    for old in parent.findall(child.tag):
        parent.remove(old)
    later = set(order[order.index(local) + 1:])
    for index, sibling in enumerate(parent):
        if etree_local(sibling.tag) in later:
            parent.insert(index, child)
            return child
    parent.append(child)
    return child


def drop(parent: Any, *tags: str) -> None:
    """Remove every child of ``parent`` named by one of ``tags`` (``"w:pBdr"``)."""
    for tag in tags:
        for old in parent.findall(qn(tag)):
            parent.remove(old)


def etree_local(tag: str) -> str:
    """Return an element tag without its namespace."""
    return tag.rsplit("}", 1)[-1]


def rgb(value: str) -> RGBColor:
    """Return a #RRGGBB colour as python-docx wants it."""
    return RGBColor.from_string(value.lstrip("#").upper())


def hex_of(role: str) -> str:
    """Return a colour role as Word writes it in attributes: RRGGBB."""
    return colour(role).lstrip("#").upper()


def paragraph_style(doc: Any, name: str) -> Any:
    """Return the paragraph style ``name``, added (based on Normal) when the template lacks it."""
    styles = doc.styles
    try:
        return styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        return style


def common(doc: Any) -> None:
    """Set what every kind shares: the page, the typeface, heading and label styles (colours,
    keep-with-next, no rule under the title), list glyphs, link and status colours, prompts,
    and the line saying the document is available in another language."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE["width"]), Mm(PAGE["height"])
    section.top_margin, section.bottom_margin = Mm(PAGE["top"]), Mm(PAGE["bottom"])
    section.left_margin, section.right_margin = Mm(PAGE["left"]), Mm(PAGE["right"])
    section.header_distance, section.footer_distance = Mm(PAGE["header"]), Mm(PAGE["footer"])
    doc.styles["Normal"].font.name = FONT["word"]
    for role in (*HEADINGS, "organisation", "subtitle", "agenda-label", "label", "purpose",
                 "presenter", "prompt", "fact", "table", "lead-in", "contact", "available-in"):
        _look(paragraph_style(doc, WORD_STYLES[role]), TYPE[role])
    # the line naming the other language's version is set alike in every kind's own scale
    _spacing(doc.styles[WORD_STYLES["available-in"]], TYPE["available-in"])
    _plain_title(doc.styles["Title"])
    _plain_subtitle(doc.styles["Subtitle"])
    _prompt_box(doc.styles["Prompt"])
    _fact_tab(doc.styles["Fact"])
    _agenda_label_run(doc)
    _dash_bullets(doc)
    _character_style(doc, "Hyperlink", "primary", underline=True)
    _character_style(doc, "Status Overdue", "overdue", bold=True)
    _character_style(doc, "Status Complete", "complete", bold=True)
    _character_style(doc, "Reference", "muted").font.size = Pt(TYPE["reference"].size)


def typeset(doc: Any) -> None:
    """Set every role's size, line height and spacing, and the list indents, from the type
    scale: lines as tall as the PDF's, so a page holds the same text in both formats."""
    for role, name in WORD_STYLES.items():
        if role in ("footer", "marking"):
            continue
        _spacing(paragraph_style(doc, name), TYPE[role])
    for name, level in LIST_STYLES.items():
        style = paragraph_style(doc, name)
        _spacing(style, TYPE["list"])
        indent = LIST["indent"] * level
        style.paragraph_format.left_indent = Pt(indent)
        if name.startswith("List Continue"):
            # a paragraph of its own inside the item, as <li><p>…</p><p>…</p> in the PDF
            style.paragraph_format.space_before = Pt(TYPE["body"].after)
            style.paragraph_format.space_after = Pt(TYPE["body"].after)
        else:
            style.paragraph_format.first_line_indent = Pt(-LIST["hanging"])
    _list_indents(doc)


def header_and_footer(doc: Any) -> None:
    """Write the running header (the marking, centred) and footer: the organisation, the
    marking and "Page X of Y", each in a cell of a borderless table of one row, as the PDF's
    three bottom margin boxes show them (rendering sizes the cells as the PDF shares the
    line out, :func:`scrdocs.footer.fit_word_footer`, so a long name wraps in its own cell).
    The page number is said once a language: the template loops over the pieces the
    ``page_numbers`` filter makes of ``document.labels.page_of``, with PAGE and NUMPAGES
    fields between them."""
    section = doc.sections[0]
    header_style, footer_style = doc.styles["Header"], doc.styles["Footer"]
    _look(header_style, TYPE["marking"])
    _spacing(header_style, TYPE["marking"])
    _look(footer_style, TYPE["footer"])
    _spacing(footer_style, TYPE["footer"])
    header = section.header.paragraphs[0]
    header.style = header_style
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.add_run("{{ document.page_marking }}")
    end = section.footer.paragraphs[0]
    table = _footer_table(section.footer, end)
    organisation, middle, numbers = (cell.paragraphs[0] for cell in table.rows[0].cells)
    organisation.add_run("{{ document.footer }}")
    marking = middle.add_run("{{ document.page_marking }}")
    marking.bold = True
    marking.font.color.rgb = rgb(COLOURS["text"])
    middle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    numbers.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    numbers.add_run("{% for number in document.labels.page_of | page_numbers %}"
                    "{{ number.before }}")
    _field(numbers, "PAGE")
    numbers.add_run("{{ number.between }}")
    _field(numbers, "NUMPAGES")
    numbers.add_run("{{ number.after }}{% endfor %}")
    for paragraph in (organisation, middle, numbers):
        paragraph.style = footer_style
    _hairline(end, footer_style)


def _footer_table(footer: Any, end: Any) -> Any:
    """Return a borderless table of one row of three cells, set before the footer's last
    paragraph ``end``: no cell margins, so the text meets the page margins as the PDF's
    margin boxes do, and each cell's text centred on the line's height."""
    from scrdocs.footer import FOOTER_TABLE

    table = footer.add_table(1, 3, Mm(PAGE["width"] - PAGE["left"] - PAGE["right"]))
    end._p.addprevious(table._tbl)
    properties = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    place(properties, layout)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    place(properties, borders)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "0")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    place(properties, margins)
    look = OxmlElement("w:tblLook")
    look.set(qn("w:val"), "0000")
    for flag, value in (("firstRow", "0"), ("lastRow", "0"), ("firstColumn", "0"),
                        ("lastColumn", "0"), ("noHBand", "1"), ("noVBand", "1")):
        look.set(qn(f"w:{flag}"), value)
    place(properties, look)
    description = OxmlElement("w:tblDescription")
    description.set(qn("w:val"), FOOTER_TABLE)
    place(properties, description)
    for cell in table.rows[0].cells:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    return table


def _hairline(paragraph: Any, style: Any) -> None:
    """Make the empty paragraph a footer must end with as thin as it can be: 1 pt."""
    paragraph.style = style
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = Pt(1)
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
    mark = OxmlElement("w:rPr")
    for name in ("w:sz", "w:szCs"):
        size = OxmlElement(name)
        size.set(qn("w:val"), "2")
        mark.append(size)
    place(paragraph._p.get_or_add_pPr(), mark)


def _footer_widths(section: Any, width: int) -> None:
    """Share the footer table's ``width`` (EMU) out as the PDF shares its bottom margin
    among "Organisation", "OFFICIAL" and "Page 1 of 1": rendering shares it out again for
    each document's own words."""
    from scrdocs.footer import MarginBox, margin_box_widths

    for table in section.footer.tables:
        points = width / 12700
        shares = margin_box_widths(MarginBox.of("Organisation"),
                                   MarginBox.of("OFFICIAL", bold=True),
                                   MarginBox.of("Page 10 of 10"), points)
        twips = [round(share * 20) for share in shares]
        twips[-1] += round(points * 20) - sum(twips)
        table._tbl.tblPr.find(qn("w:tblW")).set(qn("w:w"), str(round(points * 20)))
        table._tbl.tblPr.find(qn("w:tblW")).set(qn("w:type"), "dxa")
        for column, share in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), twips):
            column.set(qn("w:w"), str(share))
        for cell, share in zip(table.rows[0].cells, twips):
            cell.width = share * 635


def flush_tables(doc: Any) -> None:
    """Set every table's edge on the text margin, as the PDF's tables sit: indent it by its
    left cell margin (Word, in this compatibility mode, and LibreOffice line the first cell's
    text up with the margin, so that the borders stand out to the left). A floating table
    keeps the place it floats to."""
    for table in doc.element.body.iter(qn("w:tbl")):
        properties = table.find(qn("w:tblPr"))
        if properties is None or properties.find(qn("w:tblpPr")) is not None:
            continue
        indent = OxmlElement("w:tblInd")
        indent.set(qn("w:w"), str(_left_cell_margin(doc, properties)))
        indent.set(qn("w:type"), "dxa")
        place(properties, indent)


WORD_CELL_MARGIN = 108
"""The left cell margin Word gives a table that sets none, in twips (1.9 mm)."""


def _left_cell_margin(doc: Any, properties: Any) -> int:
    """Return a table's left cell margin in twips: its own, else its style's (or the style
    that style is based on), else Word's default."""
    while properties is not None:
        margins = properties.find(qn("w:tblCellMar"))
        for side in ("w:left", "w:start"):
            margin = margins.find(qn(side)) if margins is not None else None
            if margin is not None:
                return int(margin.get(qn("w:w"), "0"))
        properties = _style_table_properties(doc, properties)
    return WORD_CELL_MARGIN


def _style_table_properties(doc: Any, properties: Any) -> Any:
    """Return the table properties of the style a table's (or a table style's) properties
    take theirs from: the table's style, the style's base, else the default table style."""
    styles = doc.styles.element
    owner = properties.getparent()
    if etree_local(owner.tag) == "tbl":
        style_ref = properties.find(qn("w:tblStyle"))
        wanted = style_ref.get(qn("w:val")) if style_ref is not None else None
    else:
        based_on = owner.find(qn("w:basedOn"))
        if based_on is None:
            return None
        wanted = based_on.get(qn("w:val"))
    for style in styles.iterchildren(qn("w:style")):
        if style.get(qn("w:type")) != "table":
            continue
        if (wanted is None and style.get(qn("w:default")) in ("1", "true")) or (
                wanted is not None and style.get(qn("w:styleId")) == wanted):
            return style.find(qn("w:tblPr")) if style is not owner else None
    return None


def footer_tabs(doc: Any) -> None:
    """Put the footer's centre and right tab stops at the middle and the end of the line,
    and give the footer's table the line's width, shared out as the PDF shares it for a
    short name and a marking, for the page margins the layout ended with."""
    section = doc.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    _footer_widths(section, width)
    for name in ("Footer",):
        stops = doc.styles[name].paragraph_format.tab_stops
        for stop in list(stops):
            stops._pPr.tabs.remove(stop._tab)
        stops.add_tab_stop(width // 2, WD_TAB_ALIGNMENT.CENTER)
        stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)


def _look(style: Any, type_: Type) -> None:
    """Set a style's typeface, weight, slant, case, tracking, colour and keep-with-next."""
    font = style.font
    _inherit_font(style)
    font.size = Pt(type_.size)
    font.bold = type_.bold or None
    font.italic = type_.italic or None
    font.all_caps = type_.caps or None
    font.color.rgb = rgb(colour(type_.colour))
    r_pr = style.element.get_or_add_rPr()
    drop(r_pr, "w:spacing")
    if type_.tracking:
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(round(type_.tracking * type_.size * 20)))
        place(r_pr, spacing)
    style.paragraph_format.keep_with_next = type_.keep_with_next or None
    style.paragraph_format.keep_together = type_.keep_together or None


def _spacing(style: Any, type_: Type) -> None:
    """Set a style's line height (at least the type's leading) and space before and after."""
    paragraph = style.paragraph_format
    paragraph.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
    paragraph.line_spacing = Pt(type_.leading)
    paragraph.space_before = Pt(type_.before)
    paragraph.space_after = Pt(type_.after)
    paragraph.widow_control = True
    _no_contextual_spacing(style)


def _inherit_font(style: Any) -> None:
    """Let a style take Normal's typeface (which rendering sets to the profile's font)."""
    r_pr = style.element.get_or_add_rPr()
    drop(r_pr, "w:rFonts")


def _no_contextual_spacing(style: Any) -> None:
    p_pr = style.element.get_or_add_pPr()
    drop(p_pr, "w:contextualSpacing")


def _plain_title(style: Any) -> None:
    """Drop Word's default blue rule under the title, and its extra letter spacing."""
    p_pr = style.element.get_or_add_pPr()
    drop(p_pr, "w:pBdr")
    r_pr = style.element.get_or_add_rPr()
    drop(r_pr, "w:kern")


def _plain_subtitle(style: Any) -> None:
    """Drop the numbering python-docx's default template gives the Subtitle style."""
    p_pr = style.element.get_or_add_pPr()
    drop(p_pr, "w:numPr")


def _prompt_box(style: Any) -> None:
    """Draw the template prompt's dashed, lightly filled box, the text inset from it."""
    p_pr = style.element.get_or_add_pPr()
    drop(p_pr, "w:pBdr", "w:shd")
    borders = OxmlElement("w:pBdr")
    for side, space in (("top", PROMPT["padding"]), ("left", PROMPT["inset"]),
                        ("bottom", PROMPT["padding"]), ("right", PROMPT["inset"])):
        borders.append(border(side, PROMPT["border"], hex_of("rule"), space, "dashed"))
    place(p_pr, borders)
    shade(p_pr, hex_of("prompt"))
    style.paragraph_format.left_indent = Pt(PROMPT["inset"])
    style.paragraph_format.right_indent = Pt(PROMPT["inset"])


def _fact_tab(style: Any) -> None:
    """Set a review fact as the PDF does: the label, then the value from a fixed column."""
    from scrdocs.design import FACT_LABEL_WIDTH
    paragraph = style.paragraph_format
    paragraph.left_indent = Mm(FACT_LABEL_WIDTH)
    paragraph.first_line_indent = Mm(-FACT_LABEL_WIDTH)
    paragraph.tab_stops.add_tab_stop(Mm(FACT_LABEL_WIDTH))


def _agenda_label_run(doc: Any) -> None:
    """Add the character style of an agenda item's label where it opens the item's heading."""
    label = TYPE["agenda-label"]
    style = _character_style(doc, "Agenda Label Char", label.colour)
    style.font.size = Pt(label.size)
    style.font.bold = False
    style.font.all_caps = True
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(round(label.tracking * label.size * 20)))
    place(style.element.get_or_add_rPr(), spacing)


def rule_above(paragraph: Any) -> None:
    """Draw the rule between two agenda items above ``paragraph`` (direct formatting)."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    borders.append(border("top", ITEM_RULE["width"], hex_of("rule"), ITEM_RULE["padding"]))
    place(p_pr, borders)
    paragraph.paragraph_format.space_before = Pt(ITEM_RULE["before"])


def _dash_bullets(doc: Any) -> None:
    """Make every bulleted list level use the design's glyph, in the body typeface."""
    numbering = doc.part.numbering_part.element
    for level in numbering.iter(qn("w:lvl")):
        fmt = level.find(qn("w:numFmt"))
        if fmt is None or fmt.get(qn("w:val")) != "bullet":
            continue
        level.find(qn("w:lvlText")).set(qn("w:val"), LIST["glyph"])
        r_pr = level.find(qn("w:rPr"))
        if r_pr is None:
            r_pr = OxmlElement("w:rPr")
            level.append(r_pr)
        drop(r_pr, "w:rFonts")
        fonts = OxmlElement("w:rFonts")
        for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(attribute), FONT["word"])
        fonts.set(qn("w:hint"), "default")
        r_pr.insert(0, fonts)


def _list_indents(doc: Any) -> None:
    """Indent the numbering levels of Word's list styles as the styles themselves are.

    A numbered level sets its number flush right, a small gap before the text, as the PDF's
    list markers stand: "10." then starts further left instead of pushing its item's text
    to the next tab stop."""
    numbering = doc.part.numbering_part.element
    wanted = {doc.styles[name].style_id: level for name, level in LIST_STYLES.items()}
    for lvl in numbering.iter(qn("w:lvl")):
        p_style = lvl.find(qn("w:pStyle"))
        level = wanted.get(p_style.get(qn("w:val"))) if p_style is not None else None
        if level is None:
            continue
        left = round(LIST["indent"] * level * 20)
        hanging = LIST["hanging"]
        number_format = lvl.find(qn("w:numFmt"))
        if number_format is not None and number_format.get(qn("w:val")) != "bullet":
            lvl.find(qn("w:lvlJc")).set(qn("w:val"), "right")
            hanging = LIST["number_gap"]
        p_pr = lvl.find(qn("w:pPr"))
        p_pr.find(qn("w:ind")).set(qn("w:left"), str(left))
        p_pr.find(qn("w:ind")).set(qn("w:hanging"), str(round(hanging * 20)))
        tab = p_pr.find(f"{qn('w:tabs')}/{qn('w:tab')}")
        if tab is not None:
            tab.set(qn("w:pos"), str(left))


def _character_style(doc: Any, name: str, role: str, *, bold: bool = False,
                     underline: bool = False) -> Any:
    styles = doc.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    style.font.color.rgb = rgb(colour(role))
    style.font.bold = bold or None
    style.font.underline = underline or None
    return style


def border(side: str, width: float, colour_hex: str, space: float = 0,
           kind: str = "single") -> Any:
    """Return a ``w:<side>`` border: ``width`` and ``space`` in points."""
    element = OxmlElement(f"w:{side}")
    element.set(qn("w:val"), kind)
    element.set(qn("w:sz"), str(round(width * 8)))
    element.set(qn("w:space"), str(round(space)))
    element.set(qn("w:color"), colour_hex)
    return element


def shade(properties: Any, fill: str) -> None:
    """Give a paragraph's or cell's properties a solid ``fill`` (RRGGBB)."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    if etree_local(properties.tag) in SEQUENCES:
        place(properties, shading)
    else:
        properties.append(shading)


def brand_hex(role: str = "primary") -> str:
    """Return a template brand colour as RRGGBB (rendering swaps it for the profile's)."""
    return TEMPLATE_BRAND[role].lstrip("#").upper()


def _field(paragraph: Any, instruction: str) -> None:
    """Add a simple field (PAGE, NUMPAGES) showing "1" until Word or LibreOffice updates it."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
