"""Make Haringey's overriding minutes templates the way a democratic services officer would.

Starts from ``scrdocs templates export`` output and makes two edits of the kind people make to
house style: a label reworded ("Presented by:" becomes "Presenter:") and a standing note added
under the title. A house style is one style in both formats, so the same two edits go into
the Word template (as a person would make them in Word) and the HTML template the PDF is
printed from. Writes ``data/haringey/templates/minutes/minutes.docx`` and ``minutes.html.j2``.
Run it again after changing the default minutes templates (``tools/make_templates.py``).
"""

from __future__ import annotations

import io
import sys
import tempfile
from pathlib import Path

import docx
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scrdocs.customise import export_templates  # noqa: E402
from scrdocs.word import normalise_zip  # noqa: E402

STANDING_NOTE = ("These minutes are a draft until the Panel approves them at its next "
                 "meeting.")
TARGET = ROOT / "data" / "haringey" / "templates" / "minutes"


def edit_word(path: Path) -> bytes:
    """Return the exported Word template with the label reworded and the note added."""
    document = docx.Document(str(path))
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if run.text == "{{ document.labels.presented_by }} ":
                run.text = "Presenter: "
    title = next(p for p in document.paragraphs if p.style.name == "Title")
    note = Paragraph(document.element.body.makeelement(title._p.tag), title._parent)
    title._p.addnext(note._p)
    note.add_run(STANDING_NOTE).italic = True
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_zip(buffer.getvalue())


HTML_EDITS = (
    ("{{ m.presenter(item.presenter) }}",
     '{% if item.presenter %}<p class="presenter"><strong>Presenter:</strong> '
     "{{ item.presenter }}</p>{% endif %}"),
    ("<h1>{{ document.title }}</h1>\n",
     f"<h1>{{{{ document.title }}}}</h1>\n<p><em>{STANDING_NOTE}</em></p>\n"),
)


def edit_html(text: str) -> str:
    """Return the exported HTML template with the same two edits."""
    for old, new in HTML_EDITS:
        if text.count(old) != 1:
            raise SystemExit(f"the default minutes.html.j2 no longer has {old!r} once: "
                             "update HTML_EDITS")
        text = text.replace(old, new)
    return text


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        export_templates(scratch, ["minutes"])
        exported = Path(scratch) / "minutes"
        word = edit_word(exported / "minutes.docx")
        html = edit_html((exported / "minutes.html.j2").read_text(encoding="utf-8"))
    TARGET.mkdir(parents=True, exist_ok=True)
    (TARGET / "minutes.docx").write_bytes(word)
    (TARGET / "minutes.html.j2").write_text(html, encoding="utf-8")
    for name in ("minutes.docx", "minutes.html.j2"):
        print(f"wrote {(TARGET / name).relative_to(ROOT)}")


if __name__ == "__main__":
    main()
