"""The measured quality on the labelled sets holds (per family and target group).

``checks-devset.jsonl`` is the set the checker was built on; ``data/heldout.jsonl`` was written
independently and then used to find the linguistic families the rules missed (so it is no longer
a blind test; heldout2 and the hidden set are). Floors are what was measured, rounded down,
never below the issue's targets.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hasshin.checks.evaluate import GROUPS, evaluate, load_posts
from tests.checks.conftest import SHARED

DEVSET = SHARED / "data/checks-devset.jsonl"
HELDOUT = Path(__file__).parent / "data/heldout.jsonl"
# (precision, recall) floors.
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
# Measured: every group 1.000/1.000 except content 1.000/0.979 (one sentence carries two
# labels and is one finding).
HELDOUT_FLOORS = {
    "structured_pii": (0.97, 0.97),
    "links": (0.97, 0.97),
    "timing": (0.97, 0.97),
    "platform": (0.97, 0.97),
    "names": (0.95, 0.95),
    "addresses": (0.95, 0.95),
    "sensitive": (0.95, 0.95),
    "confidential": (0.95, 0.95),
    "content": (0.97, 0.95),
    "access": (0.97, 0.97),
}


def _result(path: Path, pack):
    if not path.is_file():
        pytest.skip(f"{path.name} not available")
    return evaluate(load_posts(path), pack)


@pytest.fixture(scope="module")
def result(pack):
    return _result(DEVSET, pack)


@pytest.fixture(scope="module")
def heldout(pack):
    return _result(HELDOUT, pack)


@pytest.mark.parametrize("group", sorted(FLOORS))
def test_devset_group_meets_its_floor(result, group: str) -> None:
    tally = result.group(GROUPS[group])
    p, r = FLOORS[group]
    assert tally.precision >= p, (group, tally, result.errors)
    assert tally.recall >= r, (group, tally, result.errors)


def test_devset_clean_posts_are_rarely_flagged(result) -> None:
    assert result.clean_flagged_share <= 0.03


@pytest.mark.parametrize("group", sorted(HELDOUT_FLOORS))
def test_heldout_group_meets_its_floor(heldout, group: str) -> None:
    tally = heldout.group(GROUPS[group])
    p, r = HELDOUT_FLOORS[group]
    assert tally.precision >= p, (group, tally, heldout.errors)
    assert tally.recall >= r, (group, tally, heldout.errors)


@pytest.mark.parametrize("family", sorted(r for r in GROUPS["content"]))
def test_heldout_content_precision_per_rule(heldout, family: str) -> None:
    tally = heldout.group((family,))
    assert tally.precision >= 0.90, (family, tally, heldout.errors)


def test_heldout_clean_posts_are_rarely_flagged(heldout) -> None:
    assert heldout.clean_flagged_share <= 0.03
