"""Word layout of the seven-minute briefing: the one-minute guide's page, labelled
"7 Minute Briefing".

The briefing's view gives the guide's view its masthead (``guide``) and its planned ``boxes``
(the seven numbered boxes), so the guide's layout lays it out unchanged: masthead table, title,
date line, then the boxes as one-column tables down two columns, measured from ``GUIDE``, which
the HTML template shares.
"""

from __future__ import annotations

from make_templates import Builder

from layouts.one_minute_guide import layout as guide_layout
from scrdocs.kinds.seven_minute_briefing import BRIEFING_LABEL


def layout(b: Builder) -> None:
    """Lay out the Word template of this kind."""
    guide_layout(b, BRIEFING_LABEL)
