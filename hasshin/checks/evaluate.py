"""Precision and recall of the checker on a labelled set (``checks-devset.jsonl`` scheme).

    python -m hasshin.checks.evaluate ../shared/data/checks-devset.jsonl [--errors]

Matching: a finding matches a label of the same rule whose text it overlaps (any occurrence of
the label's text in the post); rules about the whole post (label text "") match on the rule
alone. Each label matches at most one finding. Only the rules of the label scheme
(LABELS.md) are scored; other rules (media, alt text, やさしい日本語 hints) are advice the
labels do not cover and are counted separately.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from . import CheckInput, run_checks

SCORED_RULES = (
    "pii.person_name",
    "pii.phone",
    "pii.email",
    "pii.address",
    "pii.my_number",
    "pii.birthdate",
    "pii.sensitive",
    "link.shortener",
    "link.untrusted",
    "link.obscene",
    "confidential.marker",
    "confidential.undecided",
    "content.disrespect",
    "content.discrimination",
    "content.illegal",
    "content.rumor",
    "content.obscene",
    "content.political",
    "content.violence",
    "timing.outside_hours",
    "platform.too_long",
    "platform.too_many_hashtags",
    "access.machine_dependent",
    "access.halfwidth_kana",
)
# The target groups.
GROUPS: dict[str, tuple[str, ...]] = {
    "structured_pii": ("pii.phone", "pii.email", "pii.my_number", "pii.birthdate"),
    "names": ("pii.person_name",),
    "addresses": ("pii.address",),
    "sensitive": ("pii.sensitive",),
    "links": ("link.shortener", "link.untrusted", "link.obscene"),
    "confidential": ("confidential.marker", "confidential.undecided"),
    "content": tuple(r for r in SCORED_RULES if r.startswith("content.")),
    "timing": ("timing.outside_hours",),
    "platform": ("platform.too_long", "platform.too_many_hashtags"),
    "access": ("access.machine_dependent", "access.halfwidth_kana"),
}


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Tally) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Result:
    per_rule: dict[str, Tally] = field(default_factory=dict)
    clean_posts: int = 0
    clean_flagged: int = 0
    posts: int = 0
    errors: list[str] = field(default_factory=list)
    unscored: Counter[str] = field(default_factory=Counter)

    def group(self, rules: Iterable[str]) -> Tally:
        total = Tally()
        for r in rules:
            total.add(self.per_rule.get(r, Tally()))
        return total

    @property
    def clean_flagged_share(self) -> float:
        return self.clean_flagged / self.clean_posts if self.clean_posts else 0.0


def _label_spans(text: str, needle: str) -> list[tuple[int, int]]:
    spans = []
    pos = text.find(needle)
    while pos >= 0:
        spans.append((pos, pos + len(needle)))
        pos = text.find(needle, pos + 1)
    return spans


def load_posts(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def post_input(post: dict[str, Any]) -> CheckInput:
    at = post.get("at")
    return CheckInput(
        text=post["text"],
        platform=post.get("platform", "x"),
        at=datetime.fromisoformat(at) if at else None,
        urgent=bool(post.get("urgent", False)),
        title=post.get("title", "") or "",
    )


def _score_post(post: dict[str, Any], findings: list[Any], result: Result) -> None:
    text = post["text"]
    labels = [lab for lab in post.get("labels", []) if lab["rule"] in SCORED_RULES]
    scored = [f for f in findings if f.rule in SCORED_RULES]
    for f in findings:
        if f.rule not in SCORED_RULES:
            result.unscored[f.rule] += 1
    used: set[int] = set()
    for lab in labels:
        tally = result.per_rule.setdefault(lab["rule"], Tally())
        spans = _label_spans(text, lab["text"]) if lab["text"] else []
        match = None
        for i, f in enumerate(scored):
            if i in used or f.rule != lab["rule"]:
                continue
            if not lab["text"] or any(f.start < b and a < f.end for a, b in spans):
                match = i
                break
        if match is None:
            tally.fn += 1
            result.errors.append(f"FN {post['id']} {lab['rule']} {lab['text']!r}")
        else:
            used.add(match)
            tally.tp += 1
    for i, f in enumerate(scored):
        if i not in used:
            result.per_rule.setdefault(f.rule, Tally()).fp += 1
            result.errors.append(f"FP {post['id']} {f.rule} {f.text!r}")
    if not post.get("labels"):
        result.clean_posts += 1
        if scored:
            result.clean_flagged += 1


def evaluate(posts: list[dict[str, Any]], pack: Any = None) -> Result:
    result = Result()
    for post in posts:
        report = run_checks(post_input(post), pack)
        result.posts += 1
        _score_post(post, report.findings, result)
    return result


def format_result(result: Result) -> str:
    lines = [
        f"posts: {result.posts}",
        "",
        f"{'rule':32} {'P':>6} {'R':>6} {'tp':>4} {'fp':>4} {'fn':>4}",
    ]
    for rule in SCORED_RULES:
        t = result.per_rule.get(rule, Tally())
        lines.append(f"{rule:32} {t.precision:6.3f} {t.recall:6.3f} {t.tp:4} {t.fp:4} {t.fn:4}")
    lines += ["", f"{'family / group':32} {'P':>6} {'R':>6} {'tp':>4} {'fp':>4} {'fn':>4}"]
    families = sorted({r.split(".")[0] for r in SCORED_RULES})
    for name, rules in [
        (f, tuple(r for r in SCORED_RULES if r.startswith(f + "."))) for f in families
    ] + list(GROUPS.items()):
        t = result.group(rules)
        lines.append(f"{name:32} {t.precision:6.3f} {t.recall:6.3f} {t.tp:4} {t.fp:4} {t.fn:4}")
    lines.append("")
    lines.append(
        f"clean posts flagged: {result.clean_flagged}/{result.clean_posts} "
        f"({result.clean_flagged_share:.1%})"
    )
    if result.unscored:
        lines.append(
            "unscored advice findings: "
            + ", ".join(f"{k} {v}" for k, v in sorted(result.unscored.items()))
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("path", type=Path)
    parser.add_argument("--pack", default="joetsu")
    parser.add_argument("--errors", action="store_true", help="list every false positive/negative")
    args = parser.parse_args(argv)
    from hasshin.policy import load_pack

    result = evaluate(load_posts(args.path), load_pack(args.pack))
    print(format_result(result))
    if args.errors:
        print()
        print("\n".join(result.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
