"""Every page of the reprint corpus gives the fields an editor would keep; the late pages too."""

import pytest

from news.reprint import ReprintError, parse_reprint

from .reprint_helpers import (
    CORPUS,
    FIXTURES,
    LATE,
    SCORED_FIELDS,
    family_of,
    field_results,
    fixture_cases,
)

CASES = fixture_cases(CORPUS)
LATE_CASES = fixture_cases(LATE)
EXTRA_CASES = fixture_cases(FIXTURES / "extra")  # company, traditional, bylines, page source
FAMILIES = {"epaper", "portal", "app", "wechat", "gov"}


def parsed(path):
    try:
        return parse_reprint(path.read_bytes(), filename=path.name)
    except ReprintError:
        return None


def test_the_corpus_has_five_families_of_at_least_four_pages_and_fifteen_late_pages():
    families = [family_of(path, expected) for path, expected in CASES]
    assert len(CASES) >= 45 and len(LATE_CASES) == 15
    assert all(families.count(name) >= 4 for name in FAMILIES)


@pytest.mark.parametrize(
    "path,expected", CASES + LATE_CASES + EXTRA_CASES, ids=lambda c: getattr(c, "name", "")
)
def test_page_fields(path, expected):
    result = parsed(path)
    assert result is not None, "the parser refused the page"
    wrong = {
        name: (getattr(result, name), expected.get(name))
        for name, right in field_results(result, expected).items()
        if not right
    }
    assert not wrong


@pytest.mark.parametrize(
    "cases,threshold", [(CASES, 0.97), (LATE_CASES, 0.90)], ids=["corpus", "late"]
)
def test_aggregate_accuracy(cases, threshold):
    right = total = 0
    for path, expected in cases:
        results = field_results(parsed(path), expected)
        right += sum(results.values())
        total += len(SCORED_FIELDS)
    assert right / total > threshold, f"{right}/{total}"


def test_a_wrong_field_is_counted_wrong():
    path, expected = CASES[0]
    result = parsed(path)
    result.title, result.paragraphs = result.title + "x", result.paragraphs[1:]
    results = field_results(result, expected)
    assert not results["title"] and not results["paragraphs"] and results["source"]
    assert not any(field_results(None, expected).values())
