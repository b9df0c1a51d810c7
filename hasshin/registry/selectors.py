"""Reads for the registry. Every function takes the organisation (or a user of it)."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from . import fiscal
from .models import (
    AccountSecurity,
    AccountStatus,
    OperationPlan,
    Organisation,
    PlanStatus,
    SocialAccount,
    User,
)
from .workflow import can_act

A = AccountStatus
P = PlanStatus


def accounts(org: Organisation) -> QuerySet[SocialAccount]:
    return (
        SocialAccount.objects.for_org(org)
        .select_related("division__department", "emergency_contact")
        .prefetch_related(
            "operators",
            Prefetch(
                "plans",
                queryset=OperationPlan.objects.exclude(status=P.REJECTED).order_by(
                    "-fiscal_year", "-id"
                ),
            ),
        )
    )


def account_get(org: Organisation, pk: int) -> SocialAccount:
    """The account of this organisation, or 404 (another organisation's is never found)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(accounts(org), pk=pk)


def plan_get(org: Organisation, pk: int) -> OperationPlan:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        OperationPlan.objects.for_org(org).select_related(
            "account__division__department", "created_by", "security_confirmed_by"
        ),
        pk=pk,
    )


def plan_for_year(account: SocialAccount, fiscal_year: int) -> OperationPlan | None:
    for plan in account.plans.all():  # prefetched, newest first, rejected left out
        if plan.fiscal_year == fiscal_year:
            return plan
    return None


def approved_plan_for_year(account: SocialAccount, fiscal_year: int) -> OperationPlan | None:
    plan = plan_for_year(account, fiscal_year)
    return plan if plan is not None and plan.status == P.APPROVED else None


def latest_approved_plan(account: SocialAccount) -> OperationPlan | None:
    return next((p for p in account.plans.all() if p.status == P.APPROVED), None)


def missing_plan_accounts(org: Organisation, today: date | None = None) -> list[SocialAccount]:
    """Active accounts with no approved plan for the current fiscal year (flagged everywhere)."""
    fy = fiscal.current_fiscal_year(today)
    return [
        a for a in accounts(org).filter(status=A.ACTIVE) if approved_plan_for_year(a, fy) is None
    ]


def renewal_due_accounts(org: Organisation, today: date | None = None) -> list[SocialAccount]:
    """From February: active accounts whose next-year plan is not yet submitted (G6.1.3)."""
    today = today or timezone.localdate()
    if not fiscal.renewal_season(today):
        return []
    next_fy = fiscal.current_fiscal_year(today) + 1
    out = []
    for a in accounts(org).filter(status=A.ACTIVE):
        plan = plan_for_year(a, next_fy)
        if plan is None or plan.status in (P.DRAFT, P.RETURNED):
            out.append(a)
    return out


def plans_awaiting(user: User) -> list[OperationPlan]:
    """Plans whose current step ``user`` can act on now."""
    if user.organisation_id is None:
        return []
    plans = OperationPlan.objects.filter(
        organisation_id=user.organisation_id, status=P.IN_REVIEW
    ).select_related("account__division__department", "created_by")
    return [p for p in plans if can_act(user, p)]


def plans_to_fix(user: User) -> list[OperationPlan]:
    """Drafts and returned plans of the divisions ``user`` heads."""
    divisions = user.role_assignments.filter(role="manager").values("division_id")
    return list(
        OperationPlan.objects.filter(
            organisation_id=user.organisation_id,
            account__division_id__in=divisions,
            status__in=(P.DRAFT, P.RETURNED),
        ).select_related("account")
    )


def security_rows(org: Organisation, today: date | None = None) -> list[dict]:
    """Every account in operation or being opened, with its rotation due date."""
    today = today or timezone.localdate()
    days = org.pack.data.security.password_rotation_days
    rows = []
    qs = (
        AccountSecurity.objects.filter(account__organisation=org)
        .exclude(account__status=A.DECLINED)
        .select_related("account__division", "two_factor_attested_by")
        .prefetch_related("credential_holders")
    )
    for sec in qs:
        rows.append(
            {
                "security": sec,
                "account": sec.account,
                "due": sec.rotation_due_on(days),
                "overdue": sec.is_overdue(days, today),
            }
        )
    rows.sort(key=lambda r: (not r["overdue"], r["due"] or date.min))
    return rows


def rotation_overdue(org: Organisation, today: date | None = None) -> list[dict]:
    return [
        r
        for r in security_rows(org, today)
        if r["overdue"] and r["account"].status in (A.ACTIVE, A.APPROVED)
    ]


def city_wide_accounts(org: Organisation) -> QuerySet[SocialAccount]:
    return SocialAccount.objects.for_org(org).filter(is_city_wide=True, status=A.ACTIVE)


def public_accounts(org: Organisation) -> QuerySet[SocialAccount]:
    """G6.1.5: every account in operation, as listed on the city website."""
    return accounts(org).filter(status=A.ACTIVE).order_by("-is_city_wide", "division__id", "id")


def usage_for(org: Organisation, service: str, ages: list[str]) -> list[dict]:
    """G4.4: the pack's 利用率 by age for ``service``, per edition, with the source."""
    from .models import AGE_GROUPS

    names = {k: str(v) for k, v in AGE_GROUPS}
    out = []
    for edition in org.pack.data.usage_by_age.editions:
        rates = edition.rates.get(service, {})
        out.append(
            {
                "edition": edition,
                "all": rates.get("all"),
                "by_age": [(names.get(age, age), rates.get(age)) for age in ages],
            }
        )
    return out
