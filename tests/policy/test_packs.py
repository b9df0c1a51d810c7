from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from hasshin.policy import PACKS_DIR, PolicyPackError, available_packs, load_pack, parse_pack

JST = ZoneInfo("Asia/Tokyo")
JOETSU_TEXT = (PACKS_DIR / "joetsu.toml").read_text(encoding="utf-8")


def test_bundled_packs_load():
    assert {"joetsu", "sample-town"} <= set(available_packs())
    for name in available_packs():
        assert load_pack(name).id == name


def test_joetsu_pack_carries_the_guideline_defaults():
    data = load_pack("joetsu").data
    assert data.organisation.local_government_code == "152226"
    assert [s.id for s in data.approval_chains.plan] == [
        "pre_consultation",
        "director_approval",
        "co_sign",
        "account_opened",
        "plan_submitted",
    ]
    co_sign = data.approval_chains.plan[2]
    assert co_sign.mode == "all" and set(co_sign.roles) == {"info_policy", "pr"}
    assert data.cadence.minimum_posts_per_month == 1
    assert data.cadence.recommended["facebook"].min_per_week == 3
    assert ".lg.jp" in data.links.trusted_host_suffixes
    assert data.usage_by_age.editions, "G4.4 reference data is included"


def test_sample_town_differs_without_code_changes():
    town = load_pack("sample-town").data
    assert (
        town.calendar.working_hours.end.hour == 17 and town.calendar.working_hours.end.minute == 0
    )
    assert len(town.approval_chains.plan) == 2


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (("start = 08:30:00", 'start = "half past eight"'), "calendar.working_hours.start"),
        (
            ('local_government_code = "152226"', 'local_government_code = "152227"'),
            "organisation.local_government_code",
        ),
        (("notice_days = 30", "notice_days = 30\nnotise_days = 3"), "withdrawal.notise_days"),
        (('roles = ["director"]', 'roles = ["mayor"]'), "approval_chains.plan[1].roles[0]"),
        (
            ("minimum_posts_per_month = 1", "minimum_posts_per_month = 0"),
            "cadence.minimum_posts_per_month",
        ),
        (('timezone = "Asia/Tokyo"', 'timezone = "Asia/Nowhere"'), "calendar.timezone"),
    ],
)
def test_malformed_pack_fails_with_message_naming_the_key(change, key):
    old, new = change
    assert old in JOETSU_TEXT
    with pytest.raises(PolicyPackError) as err:
        parse_pack(JOETSU_TEXT.replace(old, new, 1), source="broken.toml")
    assert key in str(err.value)
    assert "broken.toml" in str(err.value)


def test_toml_syntax_error_is_reported():
    with pytest.raises(PolicyPackError, match="syntax"):
        parse_pack("[pack\nid=1", source="x.toml")


def test_missing_pack_file_is_reported():
    with pytest.raises(PolicyPackError, match="no-such-town"):
        load_pack("no-such-town")


@pytest.mark.parametrize(
    ("when", "inside"),
    [
        ("2026-11-24T08:29", False),
        ("2026-11-24T08:30", True),
        ("2026-11-24T17:14", True),
        ("2026-11-24T17:15", False),
        ("2026-11-23T10:00", False),  # 勤労感謝の日
        ("2026-11-28T10:00", False),  # Saturday
        ("2026-12-28T10:00", True),
        ("2026-12-29T10:00", False),  # year-end closure
        ("2027-01-04T10:00", True),
        ("2027-01-03T10:00", False),
    ],
)
def test_g6_2_1_working_hours_calendar(when, inside):
    cal = load_pack("joetsu").calendar
    assert cal.is_working_time(datetime.fromisoformat(when).replace(tzinfo=JST)) is inside


def test_closed_reason_names_the_holiday_in_japanese():
    cal = load_pack("joetsu").calendar
    assert cal.closed_reason(date(2026, 11, 23)) == "勤労感謝の日"
    assert cal.closed_reason(date(2026, 12, 31)) == "年末年始"


def test_naive_datetime_is_refused():
    with pytest.raises(ValueError):
        load_pack("joetsu").calendar.outside_reason(datetime(2026, 11, 24, 10))


def test_bundled_holiday_table_equals_the_holidays_library():
    from hasshin.policy.calendar import TABLE_YEARS, _table, jp_holidays_from_library

    table = _table()
    assert set(table) == set(TABLE_YEARS)
    for year in TABLE_YEARS:
        assert table[year] == jp_holidays_from_library(year), (
            f"{year}: regenerate with `python -m hasshin.policy.calendar`"
        )


def test_years_outside_the_table_ask_the_library():
    from hasshin.policy.calendar import _jp_holidays

    assert _jp_holidays(2050)[date(2050, 1, 1)] == "元日"
