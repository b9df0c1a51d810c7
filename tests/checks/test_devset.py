"""The measured quality on the development set holds (per family and target group)."""

from __future__ import annotations

import pytest

from hasshin.checks.evaluate import GROUPS, evaluate, load_posts
from tests.checks.conftest import SHARED

DEVSET = SHARED / "data/checks-devset.jsonl"
# (precision, recall) floors: what was measured, never below the targets.
FLOORS = {
    "structured_pii": (0.97, 0.97),
    "links": (0.97, 0.97),
    "timing": (0.97, 0.97),
    "platform": (0.97, 0.97),
    "names": (0.95, 0.95),
    "addresses": (0.95, 0.95),
    "sensitive": (0.90, 0.90),
    "confidential": (0.95, 0.95),
    "content": (0.95, 0.95),
    "access": (0.97, 0.97),
}


@pytest.fixture(scope="module")
def result(pack):
    if not DEVSET.is_file():
        pytest.skip("devset not available")
    return evaluate(load_posts(DEVSET), pack)


@pytest.mark.parametrize("group", sorted(FLOORS))
def test_devset_group_meets_its_floor(result, group: str) -> None:
    tally = result.group(GROUPS[group])
    p, r = FLOORS[group]
    assert tally.precision >= p, (group, tally, result.errors)
    assert tally.recall >= r, (group, tally, result.errors)


def test_devset_clean_posts_are_rarely_flagged(result) -> None:
    assert result.clean_flagged_share <= 0.03
