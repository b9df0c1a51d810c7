"""Every rule is documented, and the ids of the label scheme all exist."""

from __future__ import annotations

import re

from hasshin.checks import FAMILIES, RULE_IDS, RULES
from hasshin.checks.evaluate import SCORED_RULES
from tests.checks.conftest import SHARED

EXTRA = {"media.face_consent", "access.alt_text_missing", "access.easy_japanese"}


def test_every_rule_is_documented() -> None:
    for rule in RULES:
        d = rule.describe()
        assert len(d["doc"]) > 40, f"{rule.id} lacks documentation"
        assert d["message_ja"] and d["message_en"], rule.id
        assert d["severity"] in ("error", "warning", "info"), rule.id
        assert d["clause"], rule.id
        assert rule.family in FAMILIES, rule.id
        assert re.fullmatch(r"[a-z]+\.[a-z_]+", rule.id), rule.id


def test_rule_ids_are_unique_and_cover_labels_md() -> None:
    assert len(set(RULE_IDS)) == len(RULE_IDS)
    labels_md = (SHARED / "data/LABELS.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `?([a-z]+\.[a-z_]+)`? \|", labels_md, re.M))
    assert listed, "LABELS.md table not found"
    assert listed <= set(RULE_IDS)
    assert EXTRA <= set(RULE_IDS)
    assert set(SCORED_RULES) <= set(RULE_IDS)


def test_severity_follows_family() -> None:
    for rule in RULES:
        if rule.family in ("pii", "link", "confidential", "content", "platform", "timing"):
            assert rule.severity == "error", rule.id
        if rule.family == "access":
            assert rule.severity in ("warning", "info"), rule.id
