"""Decisions that set actions: a resolution written as text, or as text with an action.

Takes what a minutes file says under ``resolutions`` (or a ``resolved`` block)::

    resolutions:
      - That the report be noted.
      - text: That officers prepare a protocol for informing Members.
        action: {owner: Director of Children's Services, due: 2015-06}

and produces :class:`ResolutionText`: the resolution's text as a plain ``str`` (so every part
of scrdocs that prints resolutions prints it unchanged) that also carries the
:class:`ResolutionAction` it sets, for the action log (:mod:`scrdocs.actions`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator, Field, PlainSerializer

from ..dates import PartialDate
from ..model import ActionStatus, Model, Text

if TYPE_CHECKING:
    from typing_extensions import Self


class ResolutionAction(Model):
    """What a resolution asks someone to do, by when, and where it stands."""

    owner: Text = Field(description=(
        "Who is to do it: 'Director of Children's Services'. Every action has an owner."))
    due: PartialDate | None = Field(None, description="By when: YYYY, YYYY-MM or YYYY-MM-DD.")
    status: ActionStatus = Field(ActionStatus.PLANNED, description=(
        "Where it stands: planned, in-progress, complete or overdue. An action past its due "
        "date and not complete is shown overdue whatever this says."))
    action: Text | None = Field(None, description=(
        "The action in a few words, when the resolution's own text is too long for a "
        "tracker; the resolution's text otherwise."))
    update: Text | None = Field(None, description=(
        "The latest progress note: 'Protocol drafted; to Committee in June'."))


class DecidedResolution(Model):
    """A resolution that sets an action."""

    text: Text = Field(description="The resolution as minuted: 'That officers …'.")
    action: ResolutionAction


class ResolutionText(str):
    """A resolution's text that also carries the action it sets (``None`` when it sets
    none). It is a ``str``: printed, compared and marked up as the text alone."""

    action: ResolutionAction | None

    def __new__(cls, text: str, action: ResolutionAction | None = None) -> Self:
        made = super().__new__(cls, text)
        made.action = action
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (ResolutionText, (str(self), self.action))


def _as_resolution(value: str | DecidedResolution) -> ResolutionText | str:
    if isinstance(value, DecidedResolution):
        return ResolutionText(value.text, value.action)
    return value


def _as_data(value: str) -> Any:
    action = getattr(value, "action", None)
    if action is None:
        return str(value)
    return {"text": str(value), "action": action.model_dump(mode="json", exclude_none=True)}


Resolution = Annotated[
    Text | DecidedResolution,
    AfterValidator(_as_resolution),
    PlainSerializer(_as_data, return_type=Any),
]
"""A resolution: its text, or ``{text, action: {owner, due, status}}`` when it sets an action
(read as a :class:`ResolutionText`)."""


def action_of(resolution: str) -> ResolutionAction | None:
    """Return the action a resolution sets, or ``None``."""
    return getattr(resolution, "action", None)


