"""Catch scrdocs.DataError and show where each problem is: file, line and field path.

Loading a review with mistakes raises one DataError listing every problem at once, so a
tool can show them all to the person who typed them. Run it from any folder::

    python examples/catch_data_error.py
"""

from __future__ import annotations

from pathlib import Path

import scrdocs

BROKEN = Path(__file__).resolve().parent / "broken-review.yaml"


def main() -> None:
    """Load the broken review and print each problem it has."""
    try:
        scrdocs.load_review(BROKEN)
    except scrdocs.DataError as error:
        print(f"{len(error.problems)} problems (the CLI would exit with code "
              f"{error.exit_code}):")
        for problem in error.problems:
            where = problem.file.name if problem.file else "<data>"
            print(f"  {where}, line {problem.line}, field {problem.path}: {problem.message}")
    else:
        print(f"{BROKEN.name} loaded without problems")


if __name__ == "__main__":
    main()
