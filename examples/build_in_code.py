"""Build an organisation, a review and a learning briefing in code; render them to bytes.

No file is read or written: this is how another tool (a case-management system, a publishing
pipeline) hands its own data to scrdocs and gets documents back. Run it from any folder::

    python examples/build_in_code.py
"""

from __future__ import annotations

import scrdocs


def make_workspace() -> tuple[scrdocs.Workspace, scrdocs.LearningBriefing]:
    """Return a workspace built from models, and the briefing it holds."""
    organisation = scrdocs.Organisation(
        name="Anyshire Safeguarding Children Partnership",
        colours=scrdocs.Colours(primary="#5B2C86", accent="#00838F"),
        contact=scrdocs.Contact(role="Partnership Business Manager",
                                email="partnership@example.org"),
        marking=scrdocs.Marking.OFFICIAL,
    )
    review = scrdocs.Review(
        id="child-b",
        name="Child B",
        review_type=scrdocs.ReviewType.SAFEGUARDING_PRACTICE_REVIEW,
        completed=scrdocs.PartialDate.parse("2024-11"),  # YYYY, YYYY-MM or YYYY-MM-DD
        summary="concerned a twelve-year-old who was missing from school for most of a term "
                "before anyone asked where she was.",
        learning_points=["A child missing education may be a child at risk of harm.",
                         "Ask the child, not only the parent, why they are not in school."],
        questions=["Who in your team checks on children who stop attending?"],
        actions=[scrdocs.Action(action="Review the children missing education procedure",
                                owner="Head of Education Safeguarding",
                                due=scrdocs.PartialDate.parse("2025-04"),
                                status=scrdocs.ActionStatus.IN_PROGRESS)],
    )
    briefing = scrdocs.LearningBriefing(
        title="Learning from case reviews",
        edition="Summer 2025",
        headline="Children missing education",
        themes=[scrdocs.Theme(
            title="When a child stops coming to school",
            fast_facts=[scrdocs.FastFact(figure="11 weeks", text="Child B was out of school "
                                         "before a referral was made",
                                         source="Child Safeguarding Practice Review Child B")],
            reviews=["child-b"],
        )],
    )
    workspace = scrdocs.Workspace(organisation, reviews={"child-b": review},
                                  documents={"briefing": briefing})
    return workspace, briefing


def main() -> None:
    """Render the briefing in every format and say how big each one is."""
    workspace, briefing = make_workspace()
    print(f"{briefing.title} ({briefing.edition}), drawing on "
          f"{', '.join(r.title for r in workspace.reviews_for(briefing).values())}")
    for format in scrdocs.FORMATS:
        data = scrdocs.render(briefing, workspace, format)
        print(f"  {format:<4}  {len(data):>7,} bytes{_pages(data, format)}")


def _pages(data: bytes, format: str) -> str:
    """Return ', N pages' for a PDF when pypdf is installed, else nothing."""
    if format != "pdf":
        return ""
    try:
        import io

        from pypdf import PdfReader
    except ImportError:
        return ""
    pages = len(PdfReader(io.BytesIO(data)).pages)
    return f", {pages} page{'s' if pages != 1 else ''}"


if __name__ == "__main__":
    main()
