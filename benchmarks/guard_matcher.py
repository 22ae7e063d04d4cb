"""Measure the case-key matcher against a large key: how long finding names in text takes.

Run ``python benchmarks/guard_matcher.py`` (``--repeat N``, default 5; ``--names N``,
default 500). Builds a case key of N made-up people (a real name of two parts and one other
name each: about four terms a person) and times, in CPU milliseconds (median of the
repeats):

- building the matcher (the key's patterns compiled),
- ``find`` in a 5,000-word text with no name in it,
- ``find`` in the same text with one name at its end (every term was once tried over the
  whole text when anything was found; now only where a term starts),
- ``find`` in 5,000 words that are near misses of the names (prefixes, suffixes),
- ``normalise`` of 30,000 single letters joined by hyphens (the worst case for the
  spaced-letters reading).

Figures, not pass/fail.
"""

from __future__ import annotations

import argparse
import random
import statistics
import string
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def median_ms(action: Callable[[], object], repeat: int) -> float:
    """Return the median CPU time of ``action`` in milliseconds over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        action()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def made_up_name(rng: random.Random) -> str:
    """Return a capitalised word of five to eight random letters."""
    return "".join(rng.choice(string.ascii_lowercase)
                   for _ in range(rng.randint(5, 8))).title()


def main() -> None:
    """Print the matcher's times against a large case key."""
    sys.path.insert(0, str(ROOT))
    from scrdocs._matching import normalise
    from scrdocs.guard import CaseKey, Matcher, _compiled

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--names", type=int, default=500)
    arguments = parser.parse_args()
    rng = random.Random(1)
    people = [{"real": f"{made_up_name(rng)} {made_up_name(rng)}",
               "also": [made_up_name(rng)]} for _ in range(arguments.names)]
    key = CaseKey.model_validate({"names": people})
    terms = key.terms()
    words = ["the", "child", "was", "seen", "by", "a", "health", "visitor", "and", "school",
             "nurse", "family", "assessment", "referral", "protocol", "bruising"]
    clean = " ".join(rng.choice(words) for _ in range(5000))
    first = people[0]["real"].split()[0]
    near = " ".join(rng.choice([name[:-1], name + "s", name[1:]])
                    for name in (person["real"].split()[0]
                                 for person in rng.choices(people, k=5000)))
    matcher = Matcher(terms)

    def build() -> None:
        _compiled.cache_clear()
        Matcher(terms)

    rows = [
        ("build the matcher", median_ms(build, arguments.repeat)),
        ("5,000 words, no name", median_ms(lambda: matcher.find(clean), arguments.repeat)),
        ("5,000 words, one name", median_ms(lambda: matcher.find(f"{clean} {first}"),
                                            arguments.repeat)),
        ("5,000 near misses", median_ms(lambda: matcher.find(near), arguments.repeat)),
        ("normalise 30,000 hyphen-joined letters",
         median_ms(lambda: normalise("-".join("m" * 30000)), arguments.repeat)),
    ]
    print(f"case key: {arguments.names} people, {len(terms)} terms; CPU ms, median of "
          f"{arguments.repeat}")
    for label, value in rows:
        print(f"{label:<42} {value:9.1f}")


if __name__ == "__main__":
    main()
