"""The account lifecycle and the plan approval workflow: states, allowed transitions and who
may act, in one place. Services in ``plans.py`` call ``account_move`` / ``plan_move`` and never
assign ``status`` themselves.

The plan's approval steps come from the organisation's policy pack
(``approval_chains.plan``); nothing here knows a particular city's chain. One convention on
the pack's step ids: a step with the id in ``OPENING_STEP_IDS`` is the moment the account is
opened on the platform, and completing it means entering the handle and the URL (G6.1.2).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from hasshin.core.permissions import DomainError

from .models import AccountStatus, OperationPlan, PlanStatus, Role, SocialAccount, User

A = AccountStatus
P = PlanStatus

# G6.1.1–G6.1.2: proposed → 事前協議 → 計画書の審査 → 承認（開設手続き）→ 運用中.
# A returned plan that is submitted again starts its chain over, hence the way back to
# pre-consultation. Withdrawal states are added by the monitoring app.
ACCOUNT_TRANSITIONS: dict[str, set[str]] = {
    A.PROPOSED: {A.PRE_CONSULTATION, A.DECLINED},
    A.PRE_CONSULTATION: {A.PLANNING, A.APPROVED, A.DECLINED},
    A.PLANNING: {A.PRE_CONSULTATION, A.APPROVED, A.DECLINED},
    A.APPROVED: {A.PRE_CONSULTATION, A.ACTIVE, A.DECLINED},
    A.ACTIVE: set(),
    A.DECLINED: set(),
}

PLAN_TRANSITIONS: dict[str, set[str]] = {
    P.DRAFT: {P.IN_REVIEW},
    P.IN_REVIEW: {P.IN_REVIEW, P.RETURNED, P.REJECTED, P.APPROVED},
    P.RETURNED: {P.IN_REVIEW},
    P.REJECTED: set(),
    P.APPROVED: set(),
}

EDITABLE_PLAN_STATES = {P.DRAFT, P.RETURNED}
OPENING_STEP_IDS = {"account_opened"}
# A step performed by the account's own manager is not an approval of their own draft.
OWNER_ROLES = {Role.MANAGER}


def account_move(account: SocialAccount, to: str) -> None:
    """Set the account's state if the lifecycle allows it; otherwise a readable refusal."""
    if to == account.status:
        return
    if to not in ACCOUNT_TRANSITIONS.get(account.status, set()):
        raise DomainError(
            _("アカウントの状態を「%(src)s」から「%(dst)s」に変えることはできません。")
            % {"src": A(account.status).label, "dst": A(to).label}
        )
    account.status = to


def plan_move(plan: OperationPlan, to: str) -> None:
    if to not in PLAN_TRANSITIONS.get(plan.status, set()):
        raise DomainError(
            _("状態が「%(src)s」の運用計画書を「%(dst)s」にすることはできません。")
            % {"src": P(plan.status).label, "dst": P(to).label}
        )
    plan.status = to


def require_editable(plan: OperationPlan) -> None:
    if plan.status not in EDITABLE_PLAN_STATES:
        raise DomainError(
            _("状態が「%(state)s」の運用計画書は修正できません。") % {"state": P(plan.status).label}
        )


def role_scope_q(account: SocialAccount) -> Q:
    """Role assignments valid for this account: organisation-wide, its division or its 部."""
    return (
        Q(division__isnull=True, department__isnull=True)
        | Q(division_id=account.division_id)
        | Q(department_id=account.division.department_id)
    )


def roles_for_account(user: User, account: SocialAccount) -> set[str]:
    if user.organisation_id != account.organisation_id:
        return set()
    return set(user.role_assignments.filter(role_scope_q(account)).values_list("role", flat=True))


def is_manager_of(user: User, account: SocialAccount) -> bool:
    """The 運用管理責任者 of the account: the head of its division (G6.1.4)."""
    return (
        user.organisation_id == account.organisation_id
        and user.role_assignments.filter(
            role=Role.MANAGER, division_id=account.division_id
        ).exists()
    )


def require_manager(user: User, account: SocialAccount) -> None:
    if not is_manager_of(user, account):
        raise DomainError(
            _("この操作は%(division)sの運用管理責任者（課等の長）だけが行えます。")
            % {"division": account.division.name}
        )


def is_opening_step(step: dict | None) -> bool:
    return bool(step) and step["id"] in OPENING_STEP_IDS


def step_signatures(plan: OperationPlan, step_id: str) -> dict[str, int]:
    """Role → user id of the approvals already given at this step in the current round."""
    rows = plan.events.filter(kind="approved", step_id=step_id, version=plan.version)
    return {e.role: e.actor_id for e in rows}


def acting_role(user: User, plan: OperationPlan) -> str:
    """The role ``user`` would act in at the plan's current step, or a readable refusal."""
    if plan.status != P.IN_REVIEW:
        raise DomainError(
            _("この運用計画書は「%(state)s」のため、決裁できません。")
            % {"state": P(plan.status).label}
        )
    step = plan.step()
    if step is None:
        raise DomainError(_("この運用計画書には現在の手続がありません。"))
    held = roles_for_account(user, plan.account)
    signed = step_signatures(plan, step["id"])
    candidates = [r for r in step["roles"] if r in held and r not in signed]
    role_names = "・".join(str(Role(r).label) for r in step["roles"])
    if user.pk in signed.values():
        raise DomainError(_("この手続はすでに承認済みです（合議は別の人が行います）。"))
    if not candidates:
        raise DomainError(
            _("「%(step)s」は%(roles)sの権限を持つ人だけが行えます。")
            % {"step": step["label"], "roles": role_names}
        )
    role = candidates[0]
    own = user.pk in (plan.created_by_id, plan.submitted_by_id)
    if own and role not in OWNER_ROLES:
        raise DomainError(_("自分が作成・提出した運用計画書を自分で承認することはできません。"))
    return role


def can_act(user: User, plan: OperationPlan) -> bool:
    try:
        acting_role(user, plan)
    except DomainError:
        return False
    return True


def step_index(plan: OperationPlan, step_id: str) -> int:
    return [s["id"] for s in plan.chain].index(step_id)


def account_status_for_step(plan: OperationPlan, step_id: str) -> str:
    """Where a not-yet-active account stands while its plan is at ``step_id``."""
    index = step_index(plan, step_id)
    if is_opening_step(plan.step(step_id)) or any(is_opening_step(s) for s in plan.chain[:index]):
        return A.APPROVED
    return A.PRE_CONSULTATION if index == 0 else A.PLANNING
