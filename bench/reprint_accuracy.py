"""Field accuracy of the reprint parser over fixture pages, per field and per family.

    .venv/bin/python bench/reprint_accuracy.py                      # the corpus
    .venv/bin/python bench/reprint_accuracy.py tests/fixtures/reprint/late -v
    .venv/bin/python bench/reprint_accuracy.py tests/fixtures/reprint  # the first 12 layouts

A page is a .txt/.html/.docx file with a .expected.json beside it (see tests/fixtures/reprint/
corpus/README.md). The fields are the JSON keys of `manage.py import_reprint --dry-run --json`:
title, source, author, published, lead_attribution, paragraphs. -v lists every wrong field.
"""

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from _setup import ROOT, django_setup


def measure(folder, verbose=False):
    from news.reprint import ReprintError, parse_reprint
    from tests.reprint_helpers import SCORED_FIELDS, family_of, field_results, fixture_cases

    by_field = defaultdict(lambda: [0, 0])
    by_family = defaultdict(lambda: [0, 0])
    cases = fixture_cases(folder)
    for path, expected in cases:
        try:
            parsed = parse_reprint(path.read_bytes(), filename=path.name)
        except ReprintError:
            parsed = None
        family = family_of(path, expected)
        for name, right in field_results(parsed, expected).items():
            for counts in (by_field[name], by_family[family]):
                counts[0] += right
                counts[1] += 1
            if verbose and not right:
                got = getattr(parsed, name, None) if parsed else "(refused)"
                want = expected.get(name, expected.get("paragraph_count"))
                print(f"  {path.name:28} {name:17} got {str(got)[:70]!r}  want {str(want)[:50]!r}")
    right = sum(c[0] for c in by_field.values())
    total = sum(c[1] for c in by_field.values())
    name = folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder
    share = 100 * right / max(total, 1)
    print(f"{name}: {len(cases)} pages, {right}/{total} fields right ({share:.1f} %)")
    for title, table in (("field", by_field), ("family", by_family)):
        print(f"  by {title}:")
        keys = SCORED_FIELDS if title == "field" else sorted(table)
        for key in keys:
            ok, n = table[key]
            print(f"    {key:18} {ok:4}/{n:<4} {100 * ok / max(n, 1):6.1f} %")
    return right, total


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every wrong field")
    args = parser.parse_args()
    django_setup()
    import logging

    logging.disable(logging.CRITICAL)  # a page the parser refuses is a miss, not a traceback
    for folder in args.folders or [ROOT / "tests" / "fixtures" / "reprint" / "corpus"]:
        measure(folder.resolve(), args.verbose)


if __name__ == "__main__":
    sys.exit(main())
