"""X's own conformance suite: weighted length and validity, v3 rules with discounted emoji."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from hasshin.checks.twitter_text import parse_tweet
from tests.checks.conftest import SHARED

VALIDATE = SHARED / "external/twitter-text/validate.yml"


def _cases() -> list[Any]:
    if not VALIDATE.is_file():
        return []
    data = yaml.safe_load(VALIDATE.read_text(encoding="utf-8"))
    cases = data["tests"]["WeightedTweetsWithDiscountedEmojiCounterTest"]
    return [pytest.param(c, id=c["description"][:60]) for c in cases]


def test_conformance_suite_is_present() -> None:
    assert len(_cases()) >= 20


@pytest.mark.parametrize("case", _cases())
def test_weighted_tweets_with_discounted_emoji(case: dict[str, Any]) -> None:
    parsed = parse_tweet(case["text"])
    assert parsed.weighted_length == case["expected"]["weightedLength"]
    assert parsed.valid == case["expected"]["valid"]
