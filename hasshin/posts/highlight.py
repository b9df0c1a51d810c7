"""Turn a text and the checker's findings into segments for the live highlight."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass
class Segment:
    text: str
    findings: list[int] = field(default_factory=list)  # indices into the findings list
    severity: str = ""
    tip: str = ""  # the clauses and messages of the covering findings


def segments(text: str, findings: list[dict[str, Any]]) -> list[Segment]:
    """Split ``text`` at every finding boundary; overlapping findings share a segment."""
    spans = [
        (i, max(0, f["start"]), min(len(text), f["end"]))
        for i, f in enumerate(findings)
        if f.get("end", 0) > f.get("start", 0)
    ]
    cuts = sorted({0, len(text), *(s for _, s, _ in spans), *(e for _, _, e in spans)})
    out: list[Segment] = []
    for a, b in pairwise(cuts):
        if a >= b:
            continue
        covering = [i for i, s, e in spans if s <= a and b <= e]
        severity = min((findings[i]["severity"] for i in covering), key=_RANK.get, default="")
        if out and not covering and not out[-1].findings:
            out[-1].text += text[a:b]
        else:
            tip = " / ".join(
                f"{findings[i].get('clause', '')} {findings[i].get('message', '')}"
                for i in covering
            )
            out.append(Segment(text[a:b], covering, severity, tip.strip()))
    return out
