"""Quantities with their approximation; identifiers that look like numbers are not quantities."""

import pytest

from claimgraph.extract.quantities import find_quantities, parse_number
from claimgraph.nlp import get_nlp


def quantities(text: str) -> list[tuple[float, str | None]]:
    doc = get_nlp()(text)
    return [(q.value, q.approx) for q, _ in find_quantities(list(doc), set())]


@pytest.mark.parametrize("text,expected", [
    ("approximately 150 new workers were sent", [(150, "about")]),
    ("North Korea tested more than 30 missiles", [(30, "more_than")]),
    ("put the number of workers at four hundred", [(400, None)]),
    ("could earn as much as $4 million a year", [(4_000_000, "up_to")]),
    ("capped imports at half a million barrels", [(500_000, None)]),
    ("hired two dozen seasonal workers", [(24, None)]),
    ("passes nearly 70 percent of the money", [(70, "about")]),
    ("at least 100,000 North Koreans", [(100_000, "at_least")]),
    ("one of only five countries to vote", [(5, None)]),
])
def test_quantities(text: str, expected: list) -> None:
    assert quantities(text) == expected


def test_identifiers_and_multipliers_are_not_quantities() -> None:
    assert quantities("resolution 2397 was adopted") == []
    assert quantities("nearly three times the figure") == []


def test_a_small_count_pointing_back_is_not_a_figure() -> None:
    assert quantities("Hoses appeared to connect the two ships.") == []
    assert quantities("Its three planes returned to base.") == []
    assert quantities("North Korea sent two ships to the port.") == [(2, None)]
    assert quantities("The 400 workers arrived in January.") == [(400, None)]


def test_parse_number() -> None:
    assert parse_number(["1,000"]) == 1000
    assert parse_number(["1.5", "million"]) == 1_500_000
    assert parse_number(["fish"]) is None
