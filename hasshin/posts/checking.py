"""The one adapter between posts and the guideline checker (hasshin.checks).

Everything the posts app knows about the checker goes through ``check_text``; reports are
plain dicts in the checker's JSON contract: {"findings": [...], "stats": {...}}.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class MediaInfo:
    path: str
    alt_text: str
    consent_recorded: bool
    name: str


def check_text(
    *,
    text: str,
    service: str,
    pack: Any,
    at: datetime | None = None,
    urgent: bool = False,
    urgent_reason: str = "",
    title: str = "",
    media: Iterable[MediaInfo] = (),
) -> dict[str, Any]:
    """Run every guideline rule on one text as it would go out on ``service``."""
    from hasshin.checks import CheckInput, MediaItem, run_checks

    check_input = CheckInput(
        text=text,
        platform=service,
        at=at,
        urgent=urgent,
        urgent_reason=urgent_reason,
        title=title,
        media=tuple(
            MediaItem(
                path=m.path, alt_text=m.alt_text, consent_recorded=m.consent_recorded, name=m.name
            )
            for m in media
        ),
    )
    return run_checks(check_input, pack).to_dict()


def warm_up(pack: Any = None) -> None:
    """Load the checker's dictionaries once (first live check would otherwise be slow)."""
    from hasshin.checks import warm_up as engine_warm_up

    engine_warm_up(pack)


def severities(report: dict[str, Any]) -> dict[str, int]:
    out = {"error": 0, "warning": 0, "info": 0}
    for f in report.get("findings", []):
        out[f["severity"]] = out.get(f["severity"], 0) + 1
    return out
