"""Fixtures for the posts tests: active accounts with their operators, and send times."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from hasshin.registry.models import Division, SocialAccount, User


def _account(org, division_name: str, service: str, name: str, operators: list[str]):
    division = Division.objects.get(organisation=org, name=division_name)
    account = SocialAccount.objects.filter(
        organisation=org, division=division, service=service, status="active"
    ).first()
    if account is None:
        account = SocialAccount.objects.create(
            organisation=org, division=division, service=service, display_name=name, status="active"
        )
    account.operators.add(*User.objects.filter(username__in=operators))
    return account


@pytest.fixture
def accounts(demo):
    org = demo["joetsu"]
    return {
        "kanko_x": _account(org, "観光振興課", "x", "上越観光ナビ", ["kanko-tanto", "kanko-itaku"]),
        "kanko_fb": _account(
            org, "観光振興課", "facebook", "上越観光 Facebook", ["kanko-tanto", "kanko-itaku"]
        ),
        "kosodate_x": _account(
            org, "子育て支援課", "x", "上越市子育てひろば", ["kosodate-tanto", "kanko-tanto"]
        ),
    }


def next_working_day(pack, hour: int = 10, minute: int = 0) -> datetime:
    """The next working day (after tomorrow) at ``hour:minute`` local time."""
    tz = pack.calendar.tz
    day = timezone.localdate() + timedelta(days=2)
    while True:
        candidate = datetime.combine(day, time(hour, minute), tzinfo=tz)
        if pack.calendar.closed_reason(day) is None:
            return candidate
        day += timedelta(days=1)


@pytest.fixture
def working_time(demo):
    return next_working_day(demo["joetsu"].pack)


@pytest.fixture
def night_time(demo):
    return next_working_day(demo["joetsu"].pack, 22)


@pytest.fixture
def fake_checker(monkeypatch):
    """Replace the checker with one that returns chosen findings (for workflow-only tests)."""
    findings: list[dict] = []

    def fake(*, text, service, **_kwargs):
        return {"findings": list(findings), "stats": {"length": len(text), "limit": 280}}

    monkeypatch.setattr("hasshin.posts.selectors.check_text", fake)
    return findings
