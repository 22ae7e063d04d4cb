"""Measure the anonymisation guard: how long a scan of rendered outputs and their data takes.

Run ``python benchmarks/guard_scan.py`` (``--repeat N``, default 20). Renders the West
Sussex learning briefing once in each format (with no case key, so nothing is blocked), then
times, with a sample case key of three names, two identifiers and a date of birth:

- ``scan_bytes`` of each format with the per-part cache of .docx parts emptied first (cold),
- the same again with the cache filled (warm: the build's second document onwards),
- ``scan_data`` of the document and every review it uses.

Prints the median of the repeats in milliseconds of CPU time (steadier than wall time on a
shared machine); figures, not pass/fail.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DOCUMENT = "learning-briefing-winter-2017"
CASE_KEY = {
    "names": [{"real": "Mia Thornton", "pseudonym": "Child M"},
              {"real": "Kayleigh Thornton", "pseudonym": "Child M's mother"},
              {"real": "Darren Pike", "pseudonym": "Child M's stepfather"}],
    "identifiers": ["Oakfield Primary School", "NHS 485 777 3456", "2009-03-14"],
}


def median_ms(action: Callable[[], object], repeat: int, before: Callable[[], object] = lambda: None
              ) -> float:
    """Return the median CPU time of ``action`` in milliseconds over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        before()
        start = time.process_time()
        action()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    """Print the scan times of the West Sussex briefing."""
    sys.path.insert(0, str(ROOT))
    from scrdocs import guard
    from scrdocs.render import render
    from scrdocs.workspace import load_workspace

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    repeat = parser.parse_args().repeat
    workspace = load_workspace(ROOT / "data" / "west-sussex")
    document = workspace.documents[DOCUMENT]
    outputs = {format: render(document, workspace, format) for format in ("docx", "pdf", "html")}
    key = guard.CaseKey.model_validate(CASE_KEY)
    matcher = guard.Matcher(key.terms())

    def clear() -> None:  # the per-part caches (an older scrdocs has fewer of them)
        for name in ("_part_hits", "_image_hits"):
            cache = getattr(guard, name, None)
            if cache is not None:
                cache.cache_clear()

    print(f"{DOCUMENT}: {len(matcher.terms)} protected terms, median of {repeat} (ms)")
    for format, data in outputs.items():
        scan = partial(guard.scan_bytes, data, format, matcher, "x")
        cold = median_ms(scan, repeat, clear)
        warm = median_ms(scan, repeat)
        print(f"  scan_bytes {format:<4} {len(data) // 1024:>5} KB  cold {cold:7.1f}  "
              f"warm {warm:7.1f}")
    reviews = workspace.reviews_for(workspace.resolve(document))

    def scan_data() -> None:
        guard.scan_data(document, matcher, DOCUMENT)
        for review_id, review in reviews.items():
            guard.scan_data(review, matcher, review_id)

    print(f"  scan_data (document and {len(reviews)} reviews) "
          f"{median_ms(scan_data, repeat):7.1f}")


if __name__ == "__main__":
    main()
