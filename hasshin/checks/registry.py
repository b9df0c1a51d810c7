"""The rule registry: small rule classes, each with its id, clause, family and documentation."""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from .model import Severity

if TYPE_CHECKING:
    from .context import CheckContext

FAMILIES = ("pii", "link", "confidential", "content", "timing", "platform", "media", "access")


@dataclass(frozen=True)
class Hit:
    """A rule's raw result: a span of the *normalised* text (or whole post when both are 0)."""

    start: int
    end: int
    message: str | None = None  # overrides the rule's Japanese message
    message_en: str | None = None
    whole_post: bool = False
    media_index: int | None = None
    original: bool = False  # start/end are already offsets into the original text
    severity: Severity | None = None  # overrides the rule's severity (e.g. a model's finding)


class Rule:
    """Base class. Subclasses set the class attributes and implement :meth:`check`."""

    id: ClassVar[str]
    clause: ClassVar[str]
    severity: ClassVar[Severity]
    message_ja: ClassVar[str]
    message_en: ClassVar[str]
    # Order in which rules run; later rules may read earlier findings (e.g. names → sensitive).
    order: ClassVar[int] = 100

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]

    @classmethod
    def doc(cls) -> str:
        return inspect.getdoc(cls) or ""

    def check(self, ctx: CheckContext) -> Iterable[Hit]:
        raise NotImplementedError

    def describe(self) -> dict[str, str]:
        return {
            "id": self.id,
            "clause": self.clause,
            "family": self.family,
            "severity": self.severity,
            "message_ja": self.message_ja,
            "message_en": self.message_en,
            "doc": self.doc(),
        }


_REGISTRY: dict[str, Rule] = {}


def register(cls: type[Rule]) -> type[Rule]:
    rule = cls()
    if rule.id in _REGISTRY:
        raise ValueError(f"duplicate rule id {rule.id}")
    if rule.family not in FAMILIES:
        raise ValueError(f"rule {rule.id}: unknown family {rule.family}")
    _REGISTRY[rule.id] = rule
    return cls


def all_rules() -> list[Rule]:
    return sorted(_REGISTRY.values(), key=lambda r: (r.order, r.id))


def get_rule(rule_id: str) -> Rule:
    return _REGISTRY[rule_id]
