"""Train the sentence classifier of the content and confidential rules.

    .venv/bin/python -m scripts.train_content_model            # train, report, write the model
    .venv/bin/python -m scripts.train_content_model --check    # exit 1 if the shipped model differs
    .venv/bin/python -m scripts.train_content_model --exclude heldout4   # leave a set out

Every labelled post in ``tests/checks/data/*.jsonl`` (and the shared devset beside the
repository) is cut into sentences exactly as the checker cuts them; a sentence is a positive
example of a rule when a label of that rule overlaps it. One logistic regression per rule
(scikit-learn, L-BFGS, deterministic) is fitted over the character 1-3-grams of
``hasshin.checks.classifier.ngrams``. Each rule's decision threshold is chosen on
out-of-fold scores (5 folds, grouped by post) as the lowest one whose precision reaches the
target, so the lexicon rules and the model together stay precise. Weights are rounded and
small ones dropped, which keeps ``data/content_model.json`` small and reproducible.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from hasshin.checks.classifier import FEATURES, MODEL_PATH, ngrams
from hasshin.checks.engine import build_context
from hasshin.checks.model import CheckInput
from hasshin.policy import load_pack

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "tests/checks/data"
DEVSET = ROOT.parent / "shared/data/checks-devset.jsonl"
RULES = (
    "confidential.marker",
    "confidential.undecided",
    "content.discrimination",
    "content.disrespect",
    "content.illegal",
    "content.obscene",
    "content.political",
    "content.rumor",
    "content.violence",
)
C = 4.0
TARGET_PRECISION = 0.95
MIN_THRESHOLD = 0.0  # logit 0 = probability 0.5: never flag a sentence the model thinks is clean
PRUNE = 0.02
DIGITS = 3


@dataclass(frozen=True)
class Example:
    post: str
    sentence: str
    rules: frozenset[str]


def labelled_files(exclude: Iterable[str] = ()) -> list[Path]:
    files = sorted(DATA_DIR.glob("*.jsonl"))
    if DEVSET.exists():
        files.insert(0, DEVSET)
    return [f for f in files if not any(x in f.name for x in exclude)]


def examples(path: Path, pack: object) -> list[Example]:
    out: list[Example] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            post = json.loads(line)
            text = post["text"]
            spans = []
            for label in post["labels"]:
                if label["rule"] in RULES and label["text"]:
                    at = text.find(label["text"])
                    while at >= 0:
                        spans.append((label["rule"], at, at + len(label["text"])))
                        at = text.find(label["text"], at + 1)
            ctx = build_context(CheckInput(text=text, platform="x"), pack)
            for s, e in ctx.sentences:
                os_, oe = ctx.text.to_original(s, e)
                rules = frozenset(r for r, a, b in spans if a < oe and os_ < b)
                out.append(Example(f"{path.stem}:{post['id']}", ctx.folded[s:e], rules))
    return out


def _fit(x: object, y: np.ndarray) -> LogisticRegression:
    return LogisticRegression(C=C, class_weight="balanced", max_iter=5000).fit(x, y)


def choose_threshold(scores: np.ndarray, truth: np.ndarray) -> tuple[float, float, float]:
    """The lowest logit threshold (>= MIN_THRESHOLD) whose out-of-fold precision reaches the
    target, with that precision and the recall it gives."""
    best = (float(max(scores.max(), MIN_THRESHOLD)) + 1e-6, 0.0, 0.0)
    for threshold in sorted({float(s) for s in scores if s >= MIN_THRESHOLD}, reverse=True):
        flagged = scores >= threshold
        tp = int((flagged & truth).sum())
        precision = tp / int(flagged.sum())
        if precision >= TARGET_PRECISION:
            best = (threshold, precision, tp / max(1, int(truth.sum())))
    return best


def train(files: list[Path]) -> tuple[dict, list[str]]:  # type: ignore[type-arg]
    pack = load_pack()
    data = [ex for f in files for ex in examples(f, pack)]
    vectorizer = DictVectorizer(dtype=np.float64)
    x = vectorizer.fit_transform([dict.fromkeys(ngrams(ex.sentence), 1) for ex in data])
    names = vectorizer.get_feature_names_out()
    groups = [ex.post for ex in data]
    report = [f"{len(files)} files, {len(set(groups))} posts, {len(data)} sentences"]
    bias: list[float] = []
    thresholds: list[float] = []
    weights: dict[str, list[list[float]]] = {}
    for index, rule in enumerate(RULES):
        y = np.array([rule in ex.rules for ex in data])
        oof = np.zeros(len(data))
        for fit_idx, test_idx in GroupKFold(n_splits=5).split(x, y, groups):
            oof[test_idx] = _fit(x[fit_idx], y[fit_idx]).decision_function(x[test_idx])
        threshold, precision, recall = choose_threshold(oof, y)
        final = _fit(x, y)
        coef = final.coef_[0]
        keep = np.flatnonzero(np.abs(coef) >= PRUNE)
        bias.append(round(float(final.intercept_[0]), DIGITS))
        thresholds.append(round(threshold, DIGITS))
        for i in keep:
            weights.setdefault(str(names[i]), []).append([index, round(float(coef[i]), DIGITS)])
        report.append(
            f"{rule:24s} positives {int(y.sum()):4d}  out-of-fold P {precision:.2f} R {recall:.2f}"
            f"  threshold {threshold:+.2f}  weights {len(keep)}"
        )
    model = {
        "features": FEATURES,
        "rules": list(RULES),
        "bias": bias,
        "thresholds": thresholds,
        "weights": weights,
    }
    return model, report


def dump(model: dict) -> str:  # type: ignore[type-arg]
    return json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped model")
    parser.add_argument("--exclude", action="append", default=[], help="leave out files so named")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    model, report = train(labelled_files(args.exclude))
    print("\n".join(report))
    text = dump(model)
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print("model is current" if same else f"{args.out} differs from a fresh training run")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(text) // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
