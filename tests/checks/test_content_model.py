"""The sentence classifier behind the G5.4/G5.5 rules: shipped, current, and used as a warning."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

import pytest

from hasshin.checks import CheckInput, CheckReport, run_checks
from hasshin.checks.classifier import MODEL_PATH, model, ngrams
from hasshin.checks.registry import all_rules
from scripts import train_content_model


def test_model_covers_exactly_the_content_and_confidential_rules() -> None:
    sentence_rules = {r.id for r in all_rules() if r.family in ("content", "confidential")}
    assert set(model().rules) == sentence_rules == set(train_content_model.RULES)


def test_ngrams_mark_sentence_edges_and_are_distinct() -> None:
    grams = ngrams("らしい。")
    assert {"^", "$", "^ら", "。$", "い。$", "らしい"} <= grams
    assert "^らし" in grams and "ら" in grams
    assert ngrams("  \u3000") == {"^", "$", "^$"}


@pytest.fixture(scope="module")
def model_pack(pack: Any) -> Any:
    """The Joetsu pack with the content model switched on (it is off by default)."""
    lexicons = pack.data.lexicons.model_copy(update={"content_model": True})
    return dataclasses.replace(pack, data=pack.data.model_copy(update={"lexicons": lexicons}))


def _model_warnings(text: str, pack: Any) -> list[tuple[str, str]]:
    report = run_checks(CheckInput(text=text, platform="facebook"), pack)
    return [(f.rule, f.message) for f in report.findings if "自動で推定" in f.message]


def test_g5_5_model_warnings_only_when_the_pack_switches_them_on(
    pack: Any, model_pack: Any
) -> None:
    scorer = model()
    sentence = next(
        s
        for s in (
            "窓口で大声を出す人は、力ずくで黙らせることにしました。",
            "次に来たら二度と来られないようにしてやります。",
            "駐車場が満車のときは、国道沿いに路上駐車しても大丈夫です。",
        )
        if scorer.flagged(s)
    )
    assert _model_warnings(sentence, pack) == []
    warnings = _model_warnings(sentence, model_pack)
    assert warnings and all("%" in message for _rule, message in warnings)
    report = run_checks(CheckInput(text=sentence, platform="facebook"), model_pack)
    assert all(f.severity == "warning" for f in report.findings if "自動で推定" in f.message)
    assert scorer.flagged("今日はいい天気です。") == {}


def test_model_and_lexicon_do_not_report_one_sentence_twice(
    check: Callable[..., CheckReport],
) -> None:
    report = check("本当にバカな客が多くて困ります。")
    disrespect = [f for f in report.findings if f.rule == "content.disrespect"]
    assert len(disrespect) == 1 and disrespect[0].severity == "error"


@pytest.mark.slow
def test_shipped_model_is_what_the_training_script_produces() -> None:
    """Retraining on the labelled posts gives the shipped weights (to rounding)."""
    fresh, _report = train_content_model.train(train_content_model.labelled_files())
    shipped = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert fresh["rules"] == shipped["rules"]
    assert fresh["bias"] == pytest.approx(shipped["bias"], abs=0.01)
    assert fresh["thresholds"] == pytest.approx(shipped["thresholds"], abs=0.01)
    differing = [
        gram
        for gram in fresh["weights"].keys() | shipped["weights"].keys()
        if dict(map(tuple, fresh["weights"].get(gram, [])))
        != pytest.approx(dict(map(tuple, shipped["weights"].get(gram, []))), abs=0.01)
    ]
    assert len(differing) <= 0.001 * len(shipped["weights"]), differing[:10]
