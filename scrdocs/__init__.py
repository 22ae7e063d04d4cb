"""scrdocs: record what a case review taught once, as data; publish it as the documents
councils use — committee reports, minutes, resolution lists, one-minute guides and learning
briefings — in Word, PDF and HTML.

>>> import scrdocs
>>> ws = scrdocs.load_workspace("data/thurrock")            # doctest: +SKIP
>>> pdf = scrdocs.render(ws.documents["minutes-julia"], ws)  # doctest: +SKIP
"""

__version__ = "0.1.0.dev0"

from .dates import PartialDate
from .errors import (ArgumentError, DataError, FormatError, InternalError, OutputError,
                     PageCountWarning, Problem, RenderError, ScrdocsError, ScrdocsWarning,
                     TemplateError)
from .guard import CaseKey, DisclosureError, Hit, scan_file
from .kinds import (KINDS, Agenda, CommitteeReport, Document, LearningBriefing, Minutes,
                    OneMinuteGuide, ResolutionList, SevenMinuteBriefing)
from .kinds.learning_briefing import FastFact, Theme
from .kinds.minutes import DiscussionPoint, MinutesItem
from .kinds.one_minute_guide import LocalReviews
from .kinds.committee_report import ReportItem
from .model import (Action, ActionStatus, Colours, Contact, Link, Logo, Marking, Meeting,
                    Organisation, Review, ReviewType, Section)
from .render import FORMATS, build, render, render_to_path
from .schema import json_schema
from .workspace import Workspace, load_document, load_review, load_workspace

__all__ = [
    "__version__",
    # loading and rendering
    "load_workspace", "load_review", "load_document", "Workspace",
    "render", "render_to_path", "build", "FORMATS", "KINDS", "json_schema",
    # the data contract
    "Organisation", "Colours", "Logo", "Contact", "Review", "ReviewType", "Action",
    "ActionStatus", "Link", "Meeting", "Section", "Marking", "PartialDate",
    "Document", "CommitteeReport", "ReportItem", "Minutes", "MinutesItem", "DiscussionPoint",
    "ResolutionList", "OneMinuteGuide", "LocalReviews", "LearningBriefing", "Theme", "FastFact",
    "Agenda", "SevenMinuteBriefing",
    # errors and warnings
    "ScrdocsError", "DataError", "Problem", "TemplateError", "RenderError", "OutputError",
    "FormatError", "ArgumentError", "InternalError", "DisclosureError", "BuildError",
    "BuildReport",
    "ScrdocsWarning", "PageCountWarning",
    # the anonymisation guard
    "CaseKey", "Hit", "scan_file",
]

# After .render, which loads the module scrdocs.build: ``scrdocs.build`` stays the function.
from .build import BuildError, BuildReport
