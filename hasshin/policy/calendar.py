"""Working hours (就業時間) from a policy pack: weekdays, national holidays, closures."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from .schema import CalendarSection

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# National holidays come from the maintained `holidays` library. Importing it costs ~0.7 s,
# which the live checker must not pay at start-up, so the years around today are kept in a
# table generated from the library (`python -m hasshin.policy.calendar`); a test keeps the
# table equal to the library. Other years ask the library directly.
JP_HOLIDAYS_TABLE = Path(__file__).parent / "packs" / "jp_holidays.json"
TABLE_YEARS = range(2020, 2041)


def jp_holidays_from_library(year: int) -> dict[date, str]:
    import holidays as holidays_lib

    return dict(holidays_lib.JP(years=year, language="ja"))


@lru_cache(maxsize=1)
def _table() -> dict[int, dict[date, str]]:
    raw = json.loads(JP_HOLIDAYS_TABLE.read_text(encoding="utf-8"))
    return {
        int(year): {date.fromisoformat(d): name for d, name in days.items()}
        for year, days in raw.items()
    }


@lru_cache(maxsize=64)
def _jp_holidays(year: int) -> dict[date, str]:
    table = _table()
    return table[year] if year in table else jp_holidays_from_library(year)


def write_table() -> None:
    data = {
        str(y): {d.isoformat(): n for d, n in sorted(jp_holidays_from_library(y).items())}
        for y in TABLE_YEARS
    }
    JP_HOLIDAYS_TABLE.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


@dataclass(frozen=True)
class WorkCalendar:
    section: CalendarSection

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.section.timezone)

    def closed_reason(self, day: date) -> str | None:
        """Why ``day`` is not a working day, or None when it is one."""
        if _WEEKDAYS[day.weekday()] not in self.section.working_days:
            return "週末" if day.weekday() >= 5 else "休業日"
        if self.section.holidays == "JP":
            name = _jp_holidays(day.year).get(day)
            if name:
                return name
        md = day.strftime("%m-%d")
        for c in self.section.closures:
            inside = c.start <= md <= c.end if c.start <= c.end else md >= c.start or md <= c.end
            if inside:
                return c.name
        if day.isoformat() in self.section.extra_closed_days:
            return "休業日"
        return None

    def is_working_time(self, when: datetime) -> bool:
        return self.outside_reason(when) is None

    def outside_reason(self, when: datetime) -> str | None:
        """None inside working hours; otherwise a short Japanese reason."""
        if when.tzinfo is None:
            raise ValueError("aware datetime required")
        local = when.astimezone(self.tz)
        reason = self.closed_reason(local.date())
        if reason:
            return reason
        hours = self.section.working_hours
        if not hours.start <= local.time().replace(tzinfo=None) < hours.end:
            return f"就業時間外（{hours.start:%H:%M}–{hours.end:%H:%M}）"
        return None


if __name__ == "__main__":
    write_table()
    print(f"wrote {JP_HOLIDAYS_TABLE}")
