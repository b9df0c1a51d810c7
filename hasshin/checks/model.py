"""Input and output of the checker: plain dataclasses, JSON-friendly, no Django."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

Platform = Literal["x", "facebook", "instagram", "line", "youtube", "tiktok", "blog", "other"]
Severity = Literal["error", "warning", "info"]
PLATFORMS: tuple[str, ...] = (
    "x",
    "facebook",
    "instagram",
    "line",
    "youtube",
    "tiktok",
    "blog",
    "other",
)
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class MediaItem:
    """An attached image: a file path or the raw bytes, with its alt text."""

    path: str | Path | None = None
    data: bytes | None = None
    alt_text: str = ""
    consent_recorded: bool = False
    name: str = ""

    def label(self, index: int) -> str:
        if self.name:
            return self.name
        if self.path:
            return Path(self.path).name
        return f"image {index + 1}"


@dataclass(frozen=True)
class CheckInput:
    """One draft post as the operator would send it."""

    text: str
    platform: str = "x"
    at: datetime | None = None
    urgent: bool = False
    urgent_reason: str = ""
    title: str = ""
    media: tuple[MediaItem, ...] = ()
    lang: Literal["ja", "en"] = "ja"

    def __post_init__(self) -> None:
        if self.platform not in PLATFORMS:
            raise ValueError(f"unknown platform {self.platform!r}; one of {', '.join(PLATFORMS)}")
        if self.at is not None and self.at.tzinfo is None:
            raise ValueError("'at' must be timezone-aware")
        if not isinstance(self.media, tuple):
            object.__setattr__(self, "media", tuple(self.media))


@dataclass(frozen=True)
class Finding:
    rule: str
    clause: str
    severity: Severity
    start: int
    end: int
    text: str
    message: str
    family: str = ""
    message_en: str = ""
    media_index: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "clause": self.clause,
            "severity": self.severity,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "message": self.message,
        }
        if self.media_index is not None:
            out["media_index"] = self.media_index
        return out


@dataclass
class CheckReport:
    findings: list[Finding]
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def by_rule(self, rule: str) -> list[Finding]:
        return [f for f in self.findings if f.rule == rule]

    def to_dict(self) -> dict[str, Any]:
        return {"findings": [f.to_dict() for f in self.findings], "stats": dict(self.stats)}
