"""The minute-ready list of every resolution of a meeting."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from ..model import Meeting, Text
from ._base import DocumentBase, unique
from .minutes import MinutesItem


class ResolutionList(DocumentBase):
    """Resolutions of a meeting (``kind: resolution-list``).

    Either carries ``meeting`` and ``items`` itself, or names a minutes document of the same
    workspace in ``minutes`` and takes them from there.
    """

    kind: Literal["resolution-list"] = "resolution-list"
    minutes: Text | None = Field(
        None, description="The name of a minutes document (its file name without .yaml).")
    meeting: Meeting | None = None
    items: list[MinutesItem] = []

    @model_validator(mode="after")
    def _one_source(self) -> ResolutionList:
        if self.minutes and (self.meeting or self.items):
            raise PydanticCustomError(
                "resolution_source",
                "give either 'minutes' (a minutes document) or 'meeting' and 'items', not both")
        if not self.minutes and not (self.meeting and self.items):
            raise PydanticCustomError(
                "resolution_source",
                "give 'minutes' (the name of a minutes document) or both 'meeting' and 'items'")
        return self

    def review_ids(self) -> list[str]:
        return unique([item.review for item in self.items])
