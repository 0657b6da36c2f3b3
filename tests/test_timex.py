"""Time expressions resolved against the publication date, including the usual traps."""

from datetime import date

import pytest

from claimgraph.extract.timex import find_timexes, parse_reference, resolve_text


def span(text: str, published: str | None, future: bool = False) -> tuple[str, str] | None:
    t = resolve_text(text, published, future)
    return (t.start.isoformat(), t.end.isoformat()) if t else None


@pytest.mark.parametrize("text,published,expected", [
    ("said Monday", "2022-07-18", ("2022-07-18", "2022-07-18")),          # Monday article: that very day
    ("on Wednesday", "2026-10-06", ("2026-09-30", "2026-09-30")),         # past tense, Tuesday article
    ("on Thursday morning", "2025-03-13", ("2025-03-13", "2025-03-13")),
    ("last Wednesday", "2025-03-24", ("2025-03-19", "2025-03-19")),
    ("last month", "2022-08-17", ("2022-07-01", "2022-07-31")),
    ("last January", "2025-02-10", ("2025-01-01", "2025-01-31")),        # "last January" in February
    ("in January", "2024-04-25", ("2024-01-01", "2024-01-31")),
    ("in October", "2025-03-24", ("2024-10-01", "2024-10-31")),          # latest October not after
    ("last November", "2025-03-13", ("2024-11-01", "2024-11-30")),
    ("last week", "2025-03-12", ("2025-03-03", "2025-03-09")),           # the Monday–Sunday week before
    ("two weeks ago", "2025-03-24", ("2025-03-10", "2025-03-10")),
    ("77 years ago", "2022-08-17", ("1945-01-01", "1945-12-31")),
    ("on Sept. 28", "2026-10-08", ("2026-09-28", "2026-09-28")),
    ("on July 29", "2022-08-17", ("2022-07-29", "2022-07-29")),
    ("on February 21, 2022", "2022-07-18", ("2022-02-21", "2022-02-21")),
    ("in 2014", "2022-07-18", ("2014-01-01", "2014-12-31")),
    ("in September 2023", "2024-04-25", ("2023-09-01", "2023-09-30")),
    ("yesterday", "2025-03-01", ("2025-02-28", "2025-02-28")),
])
def test_resolves_against_publication_date(text: str, published: str, expected: tuple[str, str]) -> None:
    assert span(text, published) == expected


def test_future_tense_looks_forward() -> None:
    assert span("will meet on Wednesday", "2026-10-06", future=True) == ("2026-10-07", "2026-10-07")
    assert span("in January", "2025-03-11", future=True) == ("2026-01-01", "2026-01-31")


def test_partial_or_missing_reference_never_invents_precision() -> None:
    assert span("on Monday", "2024-04") is None           # which Monday of April? unknown
    assert span("last month", "2024-04") == ("2024-03-01", "2024-03-31")
    assert span("on Monday", None) is None
    assert span("on February 21, 2022", None) == ("2022-02-21", "2022-02-21")  # absolute dates still resolve


def test_numbers_that_are_not_years() -> None:
    assert find_timexes("resolution 2397 and the 1718 Committee and 2,000 workers") == []
    assert find_timexes("the North may be restoring tunnels") == []  # the modal "may" is no month


def test_parse_reference() -> None:
    assert parse_reference("2024-04") == (date(2024, 4, 1), date(2024, 4, 30))
    assert parse_reference("unknown") is None
