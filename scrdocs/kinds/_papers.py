"""The papers an agenda item takes to its meeting: its committee report, its appendices, and
whether it is exempt from publication (Part B).

Takes what an agenda (or the minutes an agenda takes its items from) says of each item;
produces validated :class:`PaperItem` models that :mod:`scrdocs.kinds.agenda` lays out and
:mod:`scrdocs.pack` assembles into the agenda pack.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Annotated

from pydantic import Field, Strict, model_validator

from ..i18n import N_
from ..i18n import gettext as _
from ..model import Model, Text, field_error
from ._base import AgendaItem

SCHEDULE_12A: dict[int, str] = {
    1: N_("information relating to any individual"),
    2: N_("information which is likely to reveal the identity of an individual"),
    3: N_("information relating to the financial or business affairs of any particular person "
       "(including the authority holding that information)"),
    4: N_("information relating to any consultations or negotiations, or contemplated "
       "consultations or negotiations, in connection with any labour relations matter "
       "arising between the authority or a Minister of the Crown and employees of, or "
       "office holders under, the authority"),
    5: N_("information in respect of which a claim to legal professional privilege could be "
       "maintained in legal proceedings"),
    6: N_("information which reveals that the authority proposes to give under any enactment "
       "a notice under or by virtue of which requirements are imposed on a person, or to "
       "make an order or direction under any enactment"),
    7: N_("information relating to any action taken or to be taken in connection with the "
       "prevention, investigation or prosecution of crime"),
}
"""The descriptions of exempt information in Part 1 of Schedule 12A to the Local Government
Act 1972, by paragraph."""

ExemptParagraph = Annotated[int, Strict(), Field(ge=1, le=len(SCHEDULE_12A))]

APPENDIX_TYPES = (".pdf", ".docx")
"""The files an appendix may be: a PDF, or a Word file (converted with LibreOffice)."""


class Appendix(Model):
    """A paper appended to an item's report: a PDF or Word file in the workspace folder."""

    file: Text = Field(description=(
        "The file, relative to the workspace folder: appendices/action-plan.pdf. A PDF, or "
        "a .docx file (converted to PDF with LibreOffice when the pack is made)."))
    title: Text | None = Field(None, description=(
        "What it is: 'Multi-agency action plan'. The file name when not given."))
    exempt_paragraph: ExemptParagraph | None = Field(None, description=(
        "The paragraph of Schedule 12A (1 to 7) that makes this appendix exempt: it is left "
        "out of the public pack, and its line says why."))

    @model_validator(mode="after")
    def _a_paper(self) -> Appendix:
        suffix = PurePosixPath(self.file).suffix.lower()
        if suffix not in APPENDIX_TYPES:
            raise field_error(("file",), (
                f"'{self.file}' is not a PDF or Word file; an appendix is a .pdf or .docx file "
                "in the workspace folder (save other files as PDF first)"), self.file)
        return self

    @property
    def shown_title(self) -> str:
        """Return the appendix's title, or its file name without the suffix."""
        return self.title or PurePosixPath(self.file).stem.replace("-", " ").replace("_", " ")


class PaperItem(AgendaItem):
    """An agenda item with the papers it takes to the meeting."""

    committee_report: Text | None = Field(None, description=(
        "The committee report this item takes: the name of a committee-report document of "
        "the workspace (its file name without .yaml). The agenda pack includes it."))
    appendices: list[Appendix] = Field(default=[], description=(
        "Papers appended to the report, in order: Appendix 1, Appendix 2 …"))
    part_b: Annotated[bool, Strict()] = Field(False, description=(
        "The item is exempt (Part B): taken after the press and public are excluded, and "
        "left out of the public pack. Say why in exempt_paragraph."))
    exempt_paragraph: ExemptParagraph | None = Field(None, description=(
        "The paragraph of Part 1 of Schedule 12A to the Local Government Act 1972 (1 to 7) "
        "that makes the item exempt; giving it makes the item Part B."))
    supplement: Annotated[int, Strict(), Field(ge=1)] | None = Field(None, description=(
        "An item added after the agenda was published: the number of the supplementary "
        "pack that carries it (1 for the first). The main pack leaves it out."))

    @model_validator(mode="after")
    def _part_b_says_why(self) -> PaperItem:
        if self.part_b and self.exempt_paragraph is None:
            raise field_error(("part_b",), (
                "a Part B item must say which paragraph of Schedule 12A to the Local "
                "Government Act 1972 makes it exempt: add exempt_paragraph (1 to 7), e.g. "
                "exempt_paragraph: 3 for information about the financial or business affairs "
                "of any particular person"), True)
        return self

    @property
    def is_exempt(self) -> bool:
        """Return whether the item is Part B (exempt from publication)."""
        return self.part_b or self.exempt_paragraph is not None


def exempt_reason(paragraph: int) -> str:
    """Return why an item is exempt, as an agenda says it: 'Exempt under paragraph 3 of Part
    1 of Schedule 12A to the Local Government Act 1972 (information relating to …)'."""
    # Translators: Welsh: check against the council's Welsh agendas (Schedule 12A as varied for
    # Wales in 2007).
    return _("Exempt under paragraph {paragraph} of Part 1 of Schedule 12A to the Local "
             "Government Act 1972 ({reason})").format(paragraph=paragraph,
                                                     reason=_(SCHEDULE_12A[paragraph]))
