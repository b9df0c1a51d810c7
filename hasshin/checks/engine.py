"""run_checks: normalise, run every registered rule, map spans back, compute stats."""

from __future__ import annotations

import time
from datetime import UTC
from typing import Any

from .context import CheckContext
from .lexicon import lexicon_for_pack
from .model import SEVERITY_ORDER, CheckInput, CheckReport, Finding, Severity
from .normalize import normalize
from .registry import Hit, Rule, all_rules


def _default_pack() -> Any:
    from hasshin.policy import load_pack

    return load_pack()


def _merge(hits: list[Hit]) -> list[Hit]:
    """Overlapping hits of one rule become one (whole-post and media hits stay as they are)."""
    spans = sorted((h for h in hits if not h.whole_post), key=lambda h: (h.start, h.end))
    merged: list[Hit] = []
    for h in spans:
        if merged and h.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Hit(
                last.start,
                max(last.end, h.end),
                last.message,
                last.message_en,
                original=last.original,
                severity=_stronger(last.severity, h.severity),
            )
        else:
            merged.append(h)
    whole: list[Hit] = []
    for h in hits:
        if h.whole_post and all(h.media_index != w.media_index for w in whole):
            whole.append(h)
    return whole + merged


def _stronger(a: Severity | None, b: Severity | None) -> Severity | None:
    """Of two merged hits, the rule's own severity (None) wins over an override."""
    if a is None or b is None:
        return None
    return a if SEVERITY_ORDER[a] <= SEVERITY_ORDER[b] else b


def _to_finding(rule: Rule, hit: Hit, ctx: CheckContext) -> Finding:
    if hit.whole_post:
        start = end = 0
        text = ""
    elif hit.original:
        start, end = hit.start, hit.end
        text = ctx.input.text[start:end]
    else:
        start, end = ctx.text.to_original(hit.start, hit.end)
        text = ctx.input.text[start:end]
    return Finding(
        rule=rule.id,
        clause=rule.clause,
        severity=hit.severity or rule.severity,
        start=start,
        end=end,
        text=text,
        message=hit.message or rule.message_ja,
        family=rule.family,
        message_en=hit.message_en or rule.message_en,
        media_index=hit.media_index,
    )


def build_context(check_input: CheckInput, pack: Any = None) -> CheckContext:
    pack = pack if pack is not None else _default_pack()
    return CheckContext(
        input=check_input,
        pack=pack,
        text=normalize(check_input.text),
        lexicon=lexicon_for_pack(pack),
    )


def run_checks(check_input: CheckInput, pack: Any = None) -> CheckReport:
    """Check one draft post against every rule; offsets point into ``check_input.text``."""
    from .rules.platform import compute_stats

    ctx = build_context(check_input, pack)
    findings: list[Finding] = []
    for rule in all_rules():
        hits = _merge(list(rule.check(ctx)))
        ctx.hits[rule.id] = hits
        findings.extend(_to_finding(rule, h, ctx) for h in hits)
    if check_input.lang == "en":
        findings = [_english(f) for f in findings]
    findings.sort(key=lambda f: (f.start, SEVERITY_ORDER[f.severity], f.rule, f.end))
    return CheckReport(findings=findings, stats=compute_stats(ctx))


def _english(f: Finding) -> Finding:
    from dataclasses import replace

    return replace(f, message=f.message_en or f.message)


_warm = False


def warm_up(pack: Any = None, calendar: bool = True) -> float:
    """Load the dictionary, lexicons and regexes once so the first live check is fast.

    With ``calendar`` the pack's holiday tables for last, this and next year are built too
    (the holidays library takes a few hundred ms per year on first use).
    """
    global _warm
    started = time.perf_counter()
    pack = pack if pack is not None else _default_pack()
    if pack is not None and calendar:
        # Holiday tables are built per year on first use: build this year's and its neighbours'.
        from datetime import datetime, timedelta

        now = datetime.now(UTC)
        for days in (-365, 0, 365):
            pack.calendar.outside_reason(now + timedelta(days=days))
    run_checks(
        CheckInput(text="上越市の佐藤さん（090-1234-5678）https://bit.ly/x ①ｶﾅ", platform="x"),
        pack,
    )
    _warm = True
    return time.perf_counter() - started
