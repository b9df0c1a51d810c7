"""The measured quality on the labelled sets holds (per family and target group).

``checks-devset.jsonl`` is the set the checker was built on; ``data/heldout.jsonl`` was written
independently and then used to find the linguistic families the rules missed, and so was
``data/heldout2.jsonl`` (a third independent set: before it was used the checker measured content
0.84/0.46, names 0.80/0.60, addresses 0.67/0.29, sensitive 0.67/0.25 on it, which is the honest
estimate of generalisation; neither set is blind any more, only the hidden one is).
``data/heldout3.jsonl`` was measured blind first (content 0.96/0.50, confidential 1.00/0.73,
addresses 1.00/0.71, clean flagged 3.3%) and then used for development too. Floors are
what was measured, rounded down, never below the issue's targets.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hasshin.checks.evaluate import GROUPS, evaluate, load_posts
from tests.checks.conftest import SHARED

DEVSET = SHARED / "data/checks-devset.jsonl"
HELDOUT = Path(__file__).parent / "data/heldout.jsonl"
HELDOUT2 = Path(__file__).parent / "data/heldout2.jsonl"
HELDOUT3 = Path(__file__).parent / "data/heldout3.jsonl"
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


# Measured on heldout2 after the phenomena it showed were fixed: every group 1.000/1.000
# except names 0.952/1.000 (農家の小川さん with a phone is labelled not a name, while
# 担当業者の佐藤さん with a phone is one in heldout: not separable) and content 1.000/0.982
# (…しているそうで, hearsay about a person, is not detected: 〜そうです is everyday reporting).
HELDOUT2_FLOORS = {
    "structured_pii": (0.97, 0.97),
    "links": (0.97, 0.97),
    "timing": (0.97, 0.97),
    "platform": (0.97, 0.97),
    "names": (0.95, 0.97),
    "addresses": (0.97, 0.97),
    "sensitive": (0.97, 0.97),
    "confidential": (0.97, 0.97),
    "content": (0.97, 0.97),
    "access": (0.97, 0.97),
}


# heldout3, measured after it was used for development: every group 1.000/1.000 except names
# 0.947/0.947 (a mascot's name in a hashtag is reported; 松本陸 is missed), sensitive
# 1.000/0.857 (生まれつき脳性まひ next to a missed name) and confidential 1.000/0.933 (two
# undecided statements in one sentence give one finding).
HELDOUT3_FLOORS = {
    "structured_pii": (0.97, 0.97),
    "links": (0.97, 0.97),
    "timing": (0.97, 0.97),
    "platform": (0.97, 0.97),
    "names": (0.94, 0.94),
    "addresses": (0.97, 0.97),
    "sensitive": (0.97, 0.85),
    "confidential": (0.97, 0.93),
    "content": (0.97, 0.97),
    "access": (0.97, 0.97),
}


SETS = {
    "devset": (DEVSET, FLOORS),
    "heldout": (HELDOUT, HELDOUT_FLOORS),
    "heldout2": (HELDOUT2, HELDOUT2_FLOORS),
    "heldout3": (HELDOUT3, HELDOUT3_FLOORS),
}
_CACHE: dict[str, object] = {}


def _result(name: str, pack):
    if name not in _CACHE:
        _CACHE[name] = evaluate(load_posts(SETS[name][0]), pack)
    return _CACHE[name]


@pytest.mark.parametrize(
    ("name", "group"), [(name, g) for name, (_p, floors) in SETS.items() for g in sorted(floors)]
)
def test_group_meets_its_floor(pack, name: str, group: str) -> None:
    result = _result(name, pack)
    tally = result.group(GROUPS[group])
    p, r = SETS[name][1][group]
    assert tally.precision >= p, (name, group, tally, result.errors)
    assert tally.recall >= r, (name, group, tally, result.errors)


@pytest.mark.parametrize(
    ("name", "rule"), [(name, r) for name in SETS for r in sorted(GROUPS["content"])]
)
def test_content_precision_per_rule(pack, name: str, rule: str) -> None:
    result = _result(name, pack)
    tally = result.group((rule,))
    assert tally.precision >= 0.90, (name, rule, tally, result.errors)


@pytest.mark.parametrize("name", sorted(SETS))
def test_clean_posts_are_rarely_flagged(pack, name: str) -> None:
    assert _result(name, pack).clean_flagged_share <= 0.03
