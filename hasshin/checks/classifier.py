"""A sentence classifier for the G5.4/G5.5 rules, learnt from the labelled posts.

The lexicon rules in ``rules/content.py`` are precise but only know the wordings someone wrote
down. This model scores every sentence of a post for each content and confidential rule from
its character 1–3-grams (of the folded text: katakana as hiragana, ASCII lower-cased), so it
also recognises a threat, an insult or a leak that is phrased in a way no lexicon lists.

It is a plain linear model: one weight per (n-gram, rule), a bias and a decision threshold per
rule, trained by ``scripts/train_content_model.py`` (scikit-learn, logistic regression) on the
labelled posts in ``tests/checks/data``, and stored in ``data/content_model.json``. Scoring is a
dictionary look-up per n-gram: no numerical library is imported at run time.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).with_name("data") / "content_model.json"
FEATURES = "char-1-3"


def ngrams(sentence: str) -> set[str]:
    """The features of one sentence: its distinct character 1-, 2- and 3-grams.

    ``^`` and ``$`` mark the sentence's start and end, so 「らしい。」 at the end of a sentence
    is a different feature from らしい in the middle of one.
    """
    text = "^" + sentence.strip(" \t\u3000\n") + "$"
    length = len(text)
    return {
        *text,
        *[text[i : i + 2] for i in range(length - 1)],
        *[text[i : i + 3] for i in range(length - 2)],
    }


@dataclass(frozen=True)
class SentenceModel:
    rules: list[str]
    bias: tuple[float, ...]
    thresholds: tuple[float, ...]  # on the logit scale
    weights: dict[str, tuple[float, ...]]  # n-gram -> its weight for each rule

    def logits(self, sentence: str) -> list[float]:
        rows = [row for row in map(self.weights.get, ngrams(sentence)) if row]
        rows.append(self.bias)
        return list(map(sum, zip(*rows, strict=True)))

    def flagged(self, sentence: str) -> dict[str, float]:
        """Rules whose score passes their threshold, with the model's probability."""
        out: dict[str, float] = {}
        for rule, score, threshold in zip(
            self.rules, self.logits(sentence), self.thresholds, strict=True
        ):
            if score >= threshold:
                out[rule] = 1.0 / (1.0 + math.exp(-score))
        return out


def from_dict(data: dict) -> SentenceModel:  # type: ignore[type-arg]
    """The model as stored (weights by n-gram as sparse [rule index, weight] pairs), with the
    weights made dense: one tuple per n-gram, summed column-wise when a sentence is scored."""
    if data.get("features") != FEATURES:
        raise ValueError(f"content model features {data.get('features')!r}, expected {FEATURES!r}")
    rules = list(data["rules"])
    width = len(rules)
    weights: dict[str, tuple[float, ...]] = {}
    for gram, pairs in data["weights"].items():
        row = [0.0] * width
        for index, weight in pairs:
            row[index] = weight
        weights[gram] = tuple(row)
    return SentenceModel(
        rules=rules,
        bias=tuple(data["bias"]),
        thresholds=tuple(data["thresholds"]),
        weights=weights,
    )


@lru_cache(maxsize=1)
def model() -> SentenceModel:
    """The shipped model (part of the package, like the lexicons)."""
    with MODEL_PATH.open(encoding="utf-8") as fh:
        return from_dict(json.load(fh))
