"""The guideline checker: text, media and context in; findings with offsets out.

Pure Python: nothing here imports Django. Public API::

    from hasshin.checks import CheckInput, MediaItem, run_checks, RULES, warm_up
    report = run_checks(CheckInput(text="…", platform="x", at=aware_datetime), pack)
    report.to_dict()  # {"findings": [{rule, clause, severity, start, end, text, message}],
                      #  "stats": {…}}

``RULES`` lists every rule (id, clause, family, severity, messages, documentation).
"""

from __future__ import annotations

from . import rules as _rules  # noqa: F401  (registers the rules)
from .engine import run_checks, warm_up
from .model import PLATFORMS, CheckInput, CheckReport, Finding, MediaItem
from .registry import FAMILIES, Rule, all_rules

RULES: tuple[Rule, ...] = tuple(all_rules())
RULE_IDS: tuple[str, ...] = tuple(r.id for r in RULES)

__all__ = [
    "FAMILIES",
    "PLATFORMS",
    "RULES",
    "RULE_IDS",
    "CheckInput",
    "CheckReport",
    "Finding",
    "MediaItem",
    "Rule",
    "run_checks",
    "warm_up",
]
