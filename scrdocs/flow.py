"""Page flow: whether a document is set tight, to spare its reader a near-empty last page.

Takes the HTML a document's PDF is printed from, in the house setting and in the tight one
(:data:`scrdocs.design.TIGHT`); lays it out as the PDF would be (WeasyPrint, no PDF written)
and produces the decision: tight when the last page would hold less than
:data:`~scrdocs.design.NEAR_EMPTY` of a page and the tight setting needs one page fewer.

The Word file follows the same decision: both formats set the same lines in the same space
(:mod:`scrdocs.design`), so one layout decides for both and their pages stay the same.
Decisions are remembered for the life of the process, by the HTML, so rendering a document's
Word file and its PDF lays it out once.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from .design import NEAR_EMPTY

_DECISIONS: OrderedDict[str, bool] = OrderedDict()
_REMEMBERED = 64


def sets_tight(html_of: Callable[[bool], str], allowed_roots: tuple[Path, ...]) -> bool:
    """Return whether the document is set tight.

    :param html_of: the document's HTML as the PDF prints it, set tight (``True``) or not.
    :param allowed_roots: the only folders the layout may read files from.
    """
    try:
        html = html_of(False)
    except Exception:  # noqa: BLE001 - a fault of the HTML is the PDF's to report
        return False
    key = hashlib.sha256(html.encode("utf-8")).hexdigest()
    if key not in _DECISIONS:
        _DECISIONS[key] = _spares_a_page(html, html_of, allowed_roots)
        if len(_DECISIONS) > _REMEMBERED:
            _DECISIONS.popitem(last=False)
    return _DECISIONS[key]


def _spares_a_page(html: str, html_of: Callable[[bool], str],
                   allowed_roots: tuple[Path, ...]) -> bool:
    """Return whether the tight setting ends the document before a near-empty last page.

    The decision is never what fails a render: should the layout fail, the document is set
    as usual, and the PDF's own render reports the fault.
    """
    from .pdf import page_fill

    try:
        fill = page_fill(html, allowed_roots)
        if len(fill) < 2 or fill[-1] >= NEAR_EMPTY:
            return False
        return len(page_fill(html_of(True), allowed_roots)) < len(fill)
    except Exception:  # noqa: BLE001
        return False
