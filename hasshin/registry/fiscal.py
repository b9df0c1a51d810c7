"""Fiscal years (年度): April 1 to March 31, shown also in 和暦 (令和N年度). G6.1.3."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

REIWA_START = 2019  # 令和元年 = 2019


def fiscal_year_of(day: date) -> int:
    """The fiscal year a day belongs to: 2027-03-31 → 2026, 2027-04-01 → 2027."""
    return day.year if day.month >= 4 else day.year - 1


def current_fiscal_year(today: date | None = None) -> int:
    return fiscal_year_of(today or timezone.localdate())


def term(fiscal_year: int) -> tuple[date, date]:
    return date(fiscal_year, 4, 1), date(fiscal_year + 1, 3, 31)


def wareki_label(fiscal_year: int) -> str:
    """令和8年度 for 2026; 令和元年度 for 2019; 平成 before it."""
    if fiscal_year >= REIWA_START:
        n = fiscal_year - REIWA_START + 1
        return f"令和{'元' if n == 1 else n}年度"
    n = fiscal_year - 1988
    return f"平成{'元' if n == 1 else n}年度"


def label(fiscal_year: int) -> str:
    """Both calendars, e.g. 令和8年度（2026年度）."""
    return f"{wareki_label(fiscal_year)}（{fiscal_year}年度）"


def renewal_season(today: date | None = None) -> bool:
    """From February to the end of March managers file next year's plan (G6.1.3)."""
    today = today or timezone.localdate()
    return today.month in (2, 3)
