"""Write the Thurrock example's PDF appendix, data/thurrock/appendices/members-protocol-steps.pdf.

Run ``python tools/make_example_appendix.py`` after changing the text here. The appendix is an
ordinary tagged PDF (PDF/UA-1, the bundled fonts embedded), as a council officer would attach
one exported from Word: the agenda pack joins it after its report. The text is illustrative;
it sets out the steps the Corporate Parenting Committee asked for in resolution 2 of its
meeting of 10 March 2015 (data/thurrock/documents/minutes-julia.yaml).
"""

from __future__ import annotations

import sys
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scrdocs.pdf import render_pdf
from scrdocs.templating import default_templates

TARGET = ROOT / "data" / "thurrock" / "appendices" / "members-protocol-steps.pdf"

TITLE = "Appendix 1: Informing Members of a serious case review – the steps"

STEPS = [
    ("The Local Safeguarding Children Board decides to commission a serious case review",
     "Business Manager", "Within 2 working days"),
    (("The Director of Children’s Services briefs the Leader, the Portfolio Holder and the "
      "Chairs of the Corporate Parenting and the Children’s Services Overview and Scrutiny "
      "Committees, in confidence"), "Director of Children’s Services", "Within 5 working days"),
    (("The review’s progress is reported to each Corporate Parenting Committee, in Part B "
      "while criminal proceedings are live"), "Head of Children’s Social Care",
     "Every meeting"),
    (("The final report and the multi-agency action plan go to the Corporate Parenting "
      "Committee before the report is published"), "Business Manager",
     "At least 10 working days before publication"),
    (("Overview and Scrutiny adds the review to its work programme, and receives the action "
      "plan's progress every six months until it is complete"),
     "Democratic Services Officer", "Next available meeting"),
]

STYLE = """
@page { size: A4; margin: 20mm 18mm 22mm 18mm;
        @bottom-right { content: "Appendix 1 – page " counter(page) " of " counter(pages);
                        font: 8pt Arimo; color: #505a5f; } }
html { font: 11pt/1.4 Arimo; color: #0b0c0c; }
h1 { font-size: 18pt; line-height: 1.2; color: #5b2c86; margin: 0 0 10pt; }
p { margin: 0 0 8pt; }
table { border-collapse: collapse; width: 100%; margin-top: 6pt; }
th, td { border: 0.5pt solid #b1b4b6; padding: 4pt 6pt; text-align: left; vertical-align: top;
         font-size: 10pt; }
th { background: #5b2c86; color: #ffffff; }
"""


def html() -> str:
    """Return the appendix as HTML."""
    rows = "\n".join(
        f"<tr><td>{number}</td><td>{escape(step)}</td><td>{escape(who)}</td>"
        f"<td>{escape(when)}</td></tr>"
        for number, (step, who, when) in enumerate(STEPS, 1))
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{escape(TITLE)}</title>
<meta name="author" content="Thurrock Council">
<meta name="dcterms.created" content="2015-05-29T00:00:00+00:00">
<meta name="dcterms.modified" content="2015-05-29T00:00:00+00:00">
<style>{STYLE}</style></head>
<body>
<h1>{escape(TITLE)}</h1>
<p>When the Local Safeguarding Children Board commissions a serious case review about a child
known to Thurrock’s services, Members are told in these steps, so that no Member first hears of
a review from the local press.</p>
<table>
<thead><tr><th scope="col">Step</th><th scope="col">What happens</th><th scope="col">Who</th>
<th scope="col">When</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</body></html>
"""


def main() -> None:
    """Write the appendix."""
    pdf, pages = render_pdf(html(), (default_templates(),))
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_bytes(pdf)
    print(f"wrote {TARGET.relative_to(ROOT)} ({pages} page{'s' * (pages != 1)})")


if __name__ == "__main__":
    main()
