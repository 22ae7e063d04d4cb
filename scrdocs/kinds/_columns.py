"""Flow boxes down newspaper columns, as WeasyPrint and Word will, to plan a page before either
lays it out.

Takes boxes measured in points (what every piece of a box repeats — border, heading band,
padding — and the height of each block inside it) and the columns of the pages; produces where
each box goes and which boxes are cut in two, the second piece continuing in the next column
under the heading repeated. Both formats keep a box whole (CSS ``break-inside: avoid``; Word
rows that cannot split and paragraphs kept with the next), so a box that fits in the next
column moves there whole, and only a box taller than that column is cut, filling the column it
starts in. With ``fill`` set, every box that does not fit is cut rather than moved: tighter,
for a document that must not run past its last page. :func:`balance` then evens out the
columns of the last page, moving whole boxes from its first column to the top of its second,
where the renderers break the column before them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Measured:
    """A box measured for the flow.

    :param head: the height of what every piece of the box repeats above its blocks: the top
        border, the heading band and the padding.
    :param blocks: the height of each block (paragraph, list item, sub-heading), in order.
    :param keep: for each block, whether it must stay in the same piece as the next one (a
        sub-heading, a line leading into a list).
    :param foot: the bottom padding and border.
    :param resume: for each block, what a piece starting there repeats above it besides the
        head (the sub-heading of the part it continues), or nothing.
    """

    head: float
    blocks: tuple[float, ...]
    keep: tuple[bool, ...]
    foot: float
    resume: tuple[float, ...] = ()

    def height(self, start: int = 0, end: int | None = None) -> float:
        """Return the height of a piece holding blocks ``start`` to ``end``."""
        repeated = self.resume[start] if start and self.resume else 0.0
        return self.head + repeated + sum(self.blocks[start:end]) + self.foot


@dataclass(frozen=True)
class Columns:
    """The columns of the pages: how many a page has and how tall they are.

    :param first: the height of a column on the first page, below its masthead.
    :param other: the height of a column on every later page.
    :param gap: the space after a box, where another follows in the same column.
    :param minimum: the least a piece cut from a box may hold besides its head and foot (a
        cut that would leave less moves the box on instead).
    :param margin: room left unfilled at the foot of a column that a cut piece ends, against
        the estimate running short of the real height.
    """

    per_page: int
    first: float
    other: float
    gap: float
    minimum: float
    margin: float = 0.0

    def height(self, column: int) -> float:
        """Return the height of column number ``column`` (0 is the first page's first)."""
        return self.first if column < self.per_page else self.other


@dataclass(frozen=True)
class Piece:
    """Blocks ``start`` to ``end`` of box ``box``, set in column ``column``."""

    box: int
    start: int
    end: int
    column: int

    @property
    def continued(self) -> bool:
        """Return whether this piece continues a box begun in an earlier column."""
        return self.start > 0


@dataclass
class Plan:
    """Where the boxes go: the pieces in order, and how full each column is, in points."""

    columns: Columns
    pieces: list[Piece] = field(default_factory=list)
    used: list[float] = field(default_factory=lambda: [0.0])
    column_starts: set[int] = field(default_factory=set)
    """The pieces (by index) moved to the top of a column (by :func:`balance`, or a break
    :func:`flow` was asked for): the renderers break the column before them."""

    @property
    def pages(self) -> int:
        """Return how many pages the boxes take."""
        return -(-len(self.used) // self.columns.per_page)

    def last_page_share(self) -> float:
        """Return how much of the last page the boxes fill, 0.0 to 1.0."""
        per_page = self.columns.per_page
        last = self.used[(self.pages - 1) * per_page:]
        return sum(last) / (self.columns.height(len(self.used) - 1) * per_page)

    def new_column(self) -> None:
        """Start filling the next column."""
        self.used.append(0.0)


def flow(boxes: list[Measured], columns: Columns, fill: bool = False,
         breaks: frozenset[int] = frozenset()) -> Plan:
    """Return where ``boxes`` go, in order, down ``columns``.

    A box goes in the column being filled when it fits; otherwise it moves whole to the next
    column when it fits there (unless ``fill``), and is otherwise cut: as many blocks as fit
    stay, the rest continue at the top of the next column. A box reaching the top of a column
    is never moved on, so no column is left empty. A box numbered in ``breaks`` starts a
    column of its own (the renderers break the column before it).
    """
    plan = Plan(columns)
    for number, box in enumerate(boxes):
        if number in breaks and plan.used[-1]:
            plan.new_column()
            plan.column_starts.add(len(plan.pieces))
        start = 0
        while True:
            column = len(plan.used) - 1
            used = plan.used[column]
            room = columns.height(column) - used - (columns.gap if used else 0.0)
            if box.height(start) <= room:
                _place(plan, Piece(number, start, len(box.blocks), column), box)
                break
            if used and not fill and box.height(start) <= columns.height(column + 1):
                plan.new_column()
                continue
            end = _cut(box, start, room - columns.margin, columns.minimum)
            if end is None and used:
                plan.new_column()
                continue
            end = end or start + 1  # nothing fits even an empty column: let it overflow
            _place(plan, Piece(number, start, end, column), box)
            plan.new_column()
            if end >= len(box.blocks):
                break
            start = end
    return plan


def _place(plan: Plan, piece: Piece, box: Measured) -> None:
    used = plan.used[piece.column]
    plan.used[piece.column] = (used + (plan.columns.gap if used else 0.0)
                               + box.height(piece.start, piece.end))
    plan.pieces.append(piece)


def _cut(box: Measured, start: int, room: float, minimum: float) -> int | None:
    """Return the block before which a piece starting at ``start`` ends to fit in ``room``,
    or None when there is no such block: each piece must hold ``minimum`` points of blocks,
    and no piece may end on a block kept with the next."""
    best = None
    for end in range(start + 1, len(box.blocks)):
        if box.height(start, end) > room:
            break
        if (not box.keep[end - 1] and sum(box.blocks[start:end]) >= minimum
                and sum(box.blocks[end:]) >= minimum):
            best = end
    return best


def balance(plan: Plan, boxes: list[Measured]) -> Plan:
    """Even out the two columns of the plan's last page: move the last whole boxes of its
    first column to the top of its second when that makes the taller column shorter by at
    least ``minimum`` and they fit there. A page whose columns part a cut box is left as
    flowed (the cut was made to fill the first column). Returns the plan, changed in place."""
    columns = plan.columns
    first = (plan.pages - 1) * columns.per_page
    if columns.per_page != 2:
        return plan
    on_page = [index for index, piece in enumerate(plan.pieces) if piece.column >= first]
    if not on_page:
        return plan
    heights = [boxes[plan.pieces[i].box].height(plan.pieces[i].start, plan.pieces[i].end)
               for i in on_page]
    split = sum(1 for i in on_page if plan.pieces[i].column == first)

    def stacked(some: list[float]) -> float:
        return sum(some) + columns.gap * max(len(some) - 1, 0)

    def parts_a_box(at: int) -> bool:
        return 0 < at < len(on_page) and (plan.pieces[on_page[at - 1]].box
                                          == plan.pieces[on_page[at]].box)

    if parts_a_box(split):
        return plan
    room = columns.height(first + 1) - columns.margin
    best, tallest = split, max(stacked(heights[:split]), stacked(heights[split:]))
    for at in range(1, split):
        if parts_a_box(at) or stacked(heights[at:]) > room:
            continue
        candidate = max(stacked(heights[:at]), stacked(heights[at:]))
        if candidate <= tallest - columns.minimum:
            best, tallest = at, candidate
    if best == split:
        return plan
    for position, index in enumerate(on_page):
        piece = plan.pieces[index]
        plan.pieces[index] = Piece(piece.box, piece.start, piece.end,
                                   first if position < best else first + 1)
    plan.used[first:] = [stacked(heights[:best]), stacked(heights[best:])]
    plan.column_starts.add(on_page[best])
    return plan
