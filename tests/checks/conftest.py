from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from hasshin.checks import CheckInput, CheckReport, run_checks
from hasshin.policy import load_pack

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


@pytest.fixture(scope="session")
def pack() -> Any:
    return load_pack("joetsu")


@pytest.fixture(scope="session")
def check(pack: Any) -> Callable[..., CheckReport]:
    def run(text: str, platform: str = "facebook", at: str | None = None, **kw: Any) -> CheckReport:
        when = datetime.fromisoformat(at) if at else None
        return run_checks(CheckInput(text=text, platform=platform, at=when, **kw), pack)

    return run


@pytest.fixture(scope="session")
def found(check: Callable[..., CheckReport]) -> Callable[..., list[str]]:
    """The texts of the findings of one rule."""

    def run(rule: str, text: str, **kw: Any) -> list[str]:
        return [f.text for f in check(text, **kw).findings if f.rule == rule]

    return run
