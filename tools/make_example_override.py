"""Make Haringey's overriding Word template the way a democratic services officer would.

Starts from ``scrdocs templates export`` output and makes two edits of the kind people make in
Word: a label reworded ("Presented by:" becomes "Presenter:") and a standing paragraph added
under the title. Writes ``data/haringey/templates/minutes/minutes.docx``.
"""

from __future__ import annotations

import copy
import sys
import tempfile
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scrdocs.customise import export_templates  # noqa: E402

STANDING_NOTE = ("These minutes are a draft until the Panel approves them at its next "
                 "meeting.")


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        export_templates(scratch, ["minutes"])
        document = docx.Document(str(Path(scratch) / "minutes" / "minutes.docx"))
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if run.text == "Presented by: ":
                run.text = "Presenter: "
    title = next(p for p in document.paragraphs if p.style.name == "Title")
    note = copy.deepcopy(title._p)
    title._p.addnext(note)
    added = docx.text.paragraph.Paragraph(note, title._parent)
    added.style = document.styles["Subtitle"]
    for run in added.runs[1:]:
        run._r.getparent().remove(run._r)
    added.runs[0].text = STANDING_NOTE
    target = ROOT / "data" / "haringey" / "templates" / "minutes" / "minutes.docx"
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
