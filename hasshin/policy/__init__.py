"""Policy packs: each organisation's guideline as validated data (TOML).

``load_pack("joetsu")`` reads a bundled pack; ``load_pack(path)`` reads any file.
Errors name the offending key path. Nothing here imports Django.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .calendar import WorkCalendar
from .schema import PolicyPackData

PACKS_DIR = Path(__file__).parent / "packs"
DEFAULT_PACK = "joetsu"
# Shared reference data a pack may include by name (kept in one file, not copied per pack).
_INCLUDES = {"usage_by_age": PACKS_DIR / "usage_by_age.toml"}


class PolicyPackError(ValueError):
    """A pack that cannot be used, with the key paths that are wrong."""

    def __init__(self, source: str, problems: list[tuple[str, str]]):
        self.source = source
        self.problems = problems
        lines = "; ".join(f"{key}: {msg}" for key, msg in problems)
        super().__init__(f"policy pack {source}: {lines}")


@dataclass(frozen=True)
class PolicyPack:
    data: PolicyPackData
    source: str = field(default="")

    @property
    def id(self) -> str:
        return self.data.pack.id

    @cached_property
    def calendar(self) -> WorkCalendar:
        return WorkCalendar(self.data.calendar)

    def __hash__(self) -> int:
        return hash((self.id, self.source))


def available_packs() -> list[str]:
    return sorted(p.stem for p in PACKS_DIR.glob("*.toml") if p.stem not in _INCLUDES)


def _key_path(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(top level)"


def parse_pack(text: str, source: str = "<string>") -> PolicyPack:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyPackError(source, [("(syntax)", str(exc))]) from exc
    includes = raw.pop("include", [])
    if not isinstance(includes, list) or any(i not in _INCLUDES for i in includes):
        raise PolicyPackError(source, [("include", f"allowed values: {sorted(_INCLUDES)}")])
    for name in includes:
        raw.setdefault(name, tomllib.loads(_INCLUDES[name].read_text(encoding="utf-8")))
    try:
        data = PolicyPackData.model_validate(raw)
    except ValidationError as exc:
        problems = [(_key_path(e["loc"]), e["msg"]) for e in exc.errors()]
        raise PolicyPackError(source, problems) from None
    return PolicyPack(data=data, source=source)


@lru_cache(maxsize=32)
def load_pack(name_or_path: str = DEFAULT_PACK) -> PolicyPack:
    path = Path(name_or_path)
    if not path.suffix:
        path = PACKS_DIR / f"{name_or_path}.toml"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyPackError(str(name_or_path), [("(file)", exc.strerror or str(exc))]) from exc
    return parse_pack(text, source=path.name)


__all__ = [
    "DEFAULT_PACK",
    "PACKS_DIR",
    "PolicyPack",
    "PolicyPackError",
    "WorkCalendar",
    "available_packs",
    "load_pack",
    "parse_pack",
]
