"""The policy pack schema: the guideline turned into validated data.

A pack is a TOML file. Every key is declared here; an unknown or malformed key fails
loading with a message that names the key path (e.g. ``calendar.working_hours.start``).
Pure Python: nothing here imports Django, so the checker can use it too.
"""

from __future__ import annotations

from datetime import time
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Service = Literal["x", "facebook", "instagram", "line", "youtube", "tiktok", "blog", "other"]
Role = Literal[
    "operator",
    "contractor",
    "manager",
    "director",
    "info_policy",
    "pr",
    "ga_director",
    "auditor",
    "admin",
]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
MonthDay = Annotated[str, Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PackInfo(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
    name: str
    name_en: str = ""
    version: str
    source: str = ""


class OrganisationInfo(_Strict):
    name: str
    name_en: str = ""
    # 全国地方公共団体コード: 6 digits including the check digit.
    local_government_code: Annotated[str, Field(pattern=r"^\d{6}$")]
    website: str
    pr_division: str = ""
    info_policy_office: str = ""

    @field_validator("local_government_code")
    @classmethod
    def _check_digit(cls, v: str) -> str:
        # JIS X 0402 check digit: weights 6,5,4,3,2 over the first five digits, mod 11.
        total = sum(int(d) * w for d, w in zip(v[:5], (6, 5, 4, 3, 2), strict=True))
        remainder = total % 11
        expected = (11 - remainder) % 10 if remainder else 0
        if int(v[5]) != expected:
            raise ValueError(f"check digit should be {expected}")
        return v


class Closure(_Strict):
    start: MonthDay = Field(alias="from")
    end: MonthDay = Field(alias="to")
    name: str


class WorkingHours(_Strict):
    start: time
    end: time

    @model_validator(mode="after")
    def _ordered(self) -> WorkingHours:
        if self.start >= self.end:
            raise ValueError("start must be before end")
        return self


class CalendarSection(_Strict):
    timezone: str = "Asia/Tokyo"
    working_hours: WorkingHours
    working_days: list[Weekday] = Field(min_length=1)
    holidays: Literal["JP", "none"] = "JP"
    closures: list[Closure] = []
    extra_closed_days: list[str] = []  # ISO dates, e.g. a municipal holiday

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, v: str) -> str:
        from zoneinfo import ZoneInfo

        try:
            ZoneInfo(v)
        except Exception as exc:
            raise ValueError(f"unknown time zone {v!r}") from exc
        return v


class LinksSection(_Strict):
    # Matched on the host's ending (not the registered domain): "city.joetsu.lg.jp" trusts
    # that host and its subdomains; ".lg.jp" trusts every host under lg.jp.
    trusted_host_suffixes: list[str] = Field(min_length=1)
    extra_shorteners: list[str] = []
    blocked_hosts: list[str] = []


class ContactsSection(_Strict):
    # Phone numbers whose digits (hyphens removed) start with one of these are the
    # organisation's own and are not personal information.
    official_phone_prefixes: list[Annotated[str, Field(pattern=r"^[0-9-]+$")]] = []
    official_mail_domains: list[str] = []
    official_addresses: list[str] = []


class Cadence(_Strict):
    label: str
    label_en: str = ""
    min_per_week: float = Field(ge=0)
    max_per_week: float | None = Field(default=None, ge=0)


class CadenceSection(_Strict):
    minimum_posts_per_month: int = Field(ge=1)
    recommended: dict[Service, Cadence] = {}


class SecuritySection(_Strict):
    password_rotation_days: int = Field(ge=1, le=3650)
    require_two_factor_roles: list[Role] = []


class ApprovalStep(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z_]+$")]
    label: str
    label_en: str = ""
    roles: list[Role] = Field(min_length=1)
    # all: every listed role must sign (合議 in parallel); any: one of them decides.
    mode: Literal["any", "all"] = "any"


class ApprovalChains(_Strict):
    plan: list[ApprovalStep] = Field(min_length=1)

    @field_validator("plan")
    @classmethod
    def _unique_ids(cls, steps: list[ApprovalStep]) -> list[ApprovalStep]:
        ids = [s.id for s in steps]
        if len(ids) != len(set(ids)):
            raise ValueError("step ids must be unique")
        return steps


class WithdrawalSection(_Strict):
    ordered_by: Role = "ga_director"
    months_without_post: int = Field(ge=1)
    below_plan_ratio: float = Field(ge=0, le=1)
    notice_days: int = Field(ge=0)


class LexiconsSection(_Strict):
    # Extra terms per checker rule id, added to the built-in lexicons.
    add: dict[str, list[str]] = {}
    # Terms that must never fire (e.g. a local place name that looks like a bad word).
    allow: list[str] = []
    # Also warn on sentences the content model flags (hasshin/checks/classifier.py). Off by
    # default: measured blind it adds recall but costs precision below the target.
    content_model: bool = False


class UsageEdition(_Strict):
    id: str
    label: str
    survey_year: int
    source: str
    url: str = ""
    table: str = ""
    rates: dict[str, dict[str, float]]


class UsageSection(_Strict):
    editions: list[UsageEdition] = []


class PolicyPackData(_Strict):
    pack: PackInfo
    organisation: OrganisationInfo
    calendar: CalendarSection
    links: LinksSection
    contacts: ContactsSection
    cadence: CadenceSection
    security: SecuritySection
    approval_chains: ApprovalChains
    withdrawal: WithdrawalSection
    lexicons: LexiconsSection = LexiconsSection()
    usage_by_age: UsageSection = UsageSection()
