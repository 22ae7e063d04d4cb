"""The markup of free text: lists and sub-headings in text of several paragraphs."""

from __future__ import annotations

from scrdocs.markup import as_list, list_depth, paragraphs, plain


def _read(text: str) -> list[tuple[str, int, int, str]]:
    return [(p.layout.role, p.layout.level, p.layout.value, str(p)) for p in paragraphs(text)]


def test_text_without_lists_is_paragraphs_as_before() -> None:
    """Blank lines part paragraphs and a line break reads as a space, as ever."""
    assert _read("one\nline\n\nSecond.") == [("paragraph", 1, 0, "one line"),
                                             ("paragraph", 1, 0, "Second.")]


def test_dash_and_number_lines_are_list_items() -> None:
    """'- ' starts a bullet, '1. ' a numbered item; a list may follow a paragraph's last
    line directly, and a line that is neither continues the item before it."""
    assert _read("Members asked:\n- why\n  it was late;\n- who knew.\n1. First\n2. Second") == [
        ("paragraph", 1, 0, "Members asked:"),
        ("bullet", 1, 1, "why it was late;"),
        ("bullet", 1, 2, "who knew."),
        ("number", 1, 1, "First"),
        ("number", 1, 2, "Second"),
    ]


def test_numbered_list_counts_on_from_its_first_number() -> None:
    """A list whose first item is '3.' starts at 3, and counts on whatever is typed after."""
    assert [value for _, _, value, _ in _read("3. c\n7. d")] == [3, 4]
    html = "".join(p.html() for p in paragraphs("3. c\n7. d"))
    assert html.startswith('<ol start="3" style="counter-reset: list-item 2"><li>c</li>')


def test_indented_item_nests_under_the_one_before() -> None:
    """An item indented under another is the second level; 2 or 4 spaces alike."""
    for indent in ("  ", "    "):
        levels = [level for _, level, _, _ in _read(f"- a\n{indent}- b\n- c")]
        assert levels == [1, 2, 1]
    html = "".join(p.html() for p in paragraphs("- a\n  - b\n- c"))
    assert html == "<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>"


def test_heading_line_is_a_sub_heading() -> None:
    """'### ' starts a sub-heading (Word's Heading 2, HTML h3); the text after it is a
    paragraph of its own."""
    found = paragraphs("### Matters arising\nThere were none.")
    assert [(p.layout.role, str(p)) for p in found] == [("heading", "Matters arising"),
                                                        ("paragraph", "There were none.")]
    assert found[0].html() == "<h3>Matters arising</h3>"


def test_markup_inside_list_items() -> None:
    """Inline markup keeps working inside a list item."""
    item = paragraphs("- a **bold** [link](https://example.org)")[0]
    assert item.html() == ('<ul><li>a <strong>bold</strong> '
                           '<a href="https://example.org">link</a></li></ul>')


def test_list_depth() -> None:
    """list_depth says how deep a text's lists nest: the model refuses more than two."""
    assert list_depth("no list") == 0
    assert list_depth("- a\n- b") == 1
    assert list_depth("- a\n  - b\n    - c") == 3


def test_as_list_letters_from_a_start() -> None:
    """as_list makes items of one list, lettered (a) from any start, with a class."""
    found = as_list([plain("x"), plain("y")], "letter", 3, css_class="resolutions")
    assert [p.layout.value for p in found] == [3, 4]
    assert "".join(p.html() for p in found) == (
        '<ol class="letter resolutions" start="3" style="counter-reset: list-item 2">'
        "<li>x</li><li>y</li></ol>")


def test_escaped_and_dash_inside_a_line_stay_text() -> None:
    """A dash that does not start a line, and '-1' without a space, are text."""
    assert _read("a - b\n-1 degrees") == [("paragraph", 1, 0, "a - b -1 degrees")]
