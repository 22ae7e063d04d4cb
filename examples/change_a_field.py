"""Load a workspace, change a field in code, and render one document to a temporary folder.

Here a case-management system reports that an action of Julia's action plan is complete;
the committee report is rendered again with the new status, and the files on disk are left
as they were. Run it from any folder::

    python examples/change_a_field.py
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import scrdocs

THURROCK = Path(__file__).resolve().parent.parent / "data" / "thurrock"


def main() -> None:
    """Mark Julia's first open action complete and render the committee report again."""
    workspace = scrdocs.load_workspace(THURROCK)
    review = workspace.reviews["julia"]
    print(f"before: {_statuses(review)}")

    # Models are frozen: model_copy(update=...) returns a changed copy, validated like new
    # data (the text "complete" would do as well; a status that does not exist is a DataError).
    position = next(i for i, action in enumerate(review.actions)
                    if action.status is not scrdocs.ActionStatus.COMPLETE)
    done = review.actions[position].model_copy(
        update={"status": scrdocs.ActionStatus.COMPLETE})
    actions = [*review.actions[:position], done, *review.actions[position + 1:]]
    workspace.reviews["julia"] = review.model_copy(update={"actions": actions})
    print(f"after:  {_statuses(workspace.reviews['julia'])}")
    print(f"marked complete: {done.action}")

    report = workspace.documents["committee-report-julia"]
    with tempfile.TemporaryDirectory() as folder:
        written = scrdocs.render_to_path(report, workspace,
                                         Path(folder) / "committee-report-julia.docx")
        print(f"rendered {written.name} ({written.stat().st_size:,} bytes) to a temporary "
              "folder")
    html = scrdocs.render(report, workspace, "html").decode("utf-8")
    summary = re.search(r"\d+ actions?: [^<]*", html)
    print(f"its action plan now reads: {summary.group() if summary else '(no summary)'}")


def _statuses(review: scrdocs.Review) -> str:
    """Return how many actions stand at each status: 'complete 1, in-progress 1, …'."""
    counts = {status.value: 0 for status in scrdocs.ActionStatus}
    for action in review.actions:
        counts[action.status.value] += 1
    return ", ".join(f"{status} {count}" for status, count in counts.items() if count)


if __name__ == "__main__":
    main()
