"""Writes for accounts and their 運用計画書: each a typed, keyword-only service function that
validates, changes state through ``workflow``, records the plan's timeline and the audit event
in the same transaction, and queues the email to whoever acts next."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hasshin.audit.services import audit_record
from hasshin.core.permissions import DomainError

from . import fiscal
from .models import (
    AccountSecurity,
    AccountStatus,
    Division,
    OperationPlan,
    Organisation,
    PlanEvent,
    PlanStatus,
    PlanVersion,
    Role,
    SocialAccount,
    User,
)
from .notify import notify_plan
from .validation import InvalidInput, account_errors, normalise_handle, plan_errors
from .workflow import (
    account_move,
    account_status_for_step,
    acting_role,
    is_opening_step,
    plan_move,
    require_editable,
    require_manager,
    step_signatures,
)

A = AccountStatus
P = PlanStatus


def default_profile_text(account: SocialAccount) -> str:
    """G6.1.5: the profile shows the city website URL and the operating organisation."""
    org = account.organisation
    return _("%(org)s%(division)sが運用する公式アカウントです。%(org)sホームページ %(url)s") % {
        "org": org.name,
        "division": account.division.name,
        "url": org.website,
    }


def _event(plan: OperationPlan, kind: str, actor: User | None, **kw) -> PlanEvent:
    return PlanEvent.objects.create(
        plan=plan,
        kind=kind,
        actor=actor,
        actor_label=(f"{actor}（{actor.title}）" if actor and actor.title else str(actor or ""))[
            :150
        ],
        version=plan.version,
        **kw,
    )


def _check_people(organisation: Organisation, people: Iterable[User | None]) -> None:
    for person in people:
        if person is not None and person.organisation_id != organisation.pk:
            raise DomainError(_("他の自治体の職員は指定できません。"))


def _require_manager_of_division(actor: User, division: Division) -> None:
    if (
        actor.organisation_id != division.organisation_id
        or not actor.role_assignments.filter(role=Role.MANAGER, division=division).exists()
    ):
        raise DomainError(
            _("アカウントの開設は%(division)sの運用管理責任者（課等の長）だけが申請できます。")
            % {"division": division.name}
        )


def _validate(errors: dict[str, list[str]]) -> None:
    if errors:
        raise InvalidInput(errors)


def _account_fields_check(
    *,
    organisation: Organisation,
    division: Division,
    service: str,
    handle: str,
    url: str,
    is_city_wide: bool,
    exclude_pk: int | None = None,
) -> dict[str, list[str]]:
    errors = account_errors(
        organisation=organisation, service=service, handle=handle, url=url, exclude_pk=exclude_pk
    )
    if is_city_wide and division.function != Division.Function.PR:
        # G4.4: the city-wide official accounts are run by the PR division.
        errors["is_city_wide"] = [_("市公式アカウントは広報担当の課だけが運用できます。")]
    return errors


@transaction.atomic
def account_propose(
    *,
    division: Division,
    service: str,
    display_name: str,
    fiscal_year: int,
    plan_content: dict,
    actor: User,
    handle: str = "",
    url: str = "",
    operators: Iterable[User] = (),
    contractor_name: str = "",
    emergency_contact: User | None = None,
    is_city_wide: bool = False,
) -> OperationPlan:
    """A division head proposes an account and drafts its plan for ``fiscal_year``."""
    org = division.organisation
    _require_manager_of_division(actor, division)
    operators = list(operators)
    _check_people(org, [*operators, emergency_contact])
    handle = normalise_handle(handle)
    errors = _account_fields_check(
        organisation=org,
        division=division,
        service=service,
        handle=handle,
        url=url,
        is_city_wide=is_city_wide,
    )
    errors.update(plan_errors(organisation=org, content=plan_content))
    _validate(errors)
    account = SocialAccount.objects.create(
        organisation=org,
        division=division,
        service=service,
        display_name=display_name,
        handle=handle,
        url=url,
        is_city_wide=is_city_wide,
        contractor_name=contractor_name,
        emergency_contact=emergency_contact,
        status=A.PROPOSED,
    )
    account.operators.set(operators)
    account.profile_text = default_profile_text(account)
    account.save(update_fields=["profile_text"])
    AccountSecurity.objects.create(account=account)
    plan = OperationPlan.objects.create(
        organisation=org,
        account=account,
        fiscal_year=fiscal_year,
        created_by=actor,
        **plan_content,
    )
    _event(plan, PlanEvent.Kind.CREATED, actor)
    audit_record(
        verb="account.proposed",
        organisation=org,
        actor=actor,
        obj=account,
        details={"service": service, "division": division.name, "handle": handle},
    )
    audit_record(
        verb="plan.created",
        organisation=org,
        actor=actor,
        obj=plan,
        details={"fiscal_year": fiscal_year},
    )
    return plan


ACCOUNT_EDITABLE = (
    "display_name",
    "handle",
    "url",
    "contractor_name",
    "emergency_contact",
    "profile_text",
    "is_city_wide",
)


@transaction.atomic
def account_update(
    *, account: SocialAccount, actor: User, operators: Iterable[User] | None = None, **fields
) -> SocialAccount:
    require_manager(actor, account)
    unknown = set(fields) - set(ACCOUNT_EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "handle" in fields:
        fields["handle"] = normalise_handle(fields["handle"])
    _check_people(account.organisation, [fields.get("emergency_contact")])
    merged = {f: fields.get(f, getattr(account, f)) for f in ("handle", "url", "is_city_wide")}
    _validate(
        _account_fields_check(
            organisation=account.organisation,
            division=account.division,
            service=account.service,
            exclude_pk=account.pk,
            **merged,
        )
    )
    if account.status == A.ACTIVE and (not merged["handle"] or not merged["url"]):
        raise InvalidInput({"url": [_("運用中のアカウントのハンドルとURLは空にできません。")]})
    changed = {}
    for name, value in fields.items():
        if getattr(account, name) != value:
            changed[name] = str(value)
            setattr(account, name, value)
    account.save()
    if operators is not None:
        operators = list(operators)
        _check_people(account.organisation, operators)
        account.operators.set(operators)
        changed["operators"] = [u.username for u in operators]
    audit_record(
        verb="account.updated",
        organisation=account.organisation,
        actor=actor,
        obj=account,
        details=changed,
    )
    return account


@transaction.atomic
def plan_update(*, plan: OperationPlan, actor: User, content: dict) -> OperationPlan:
    require_editable(plan)
    require_manager(actor, plan.account)
    unknown = set(content) - set(OperationPlan.CONTENT_FIELDS)
    if unknown:
        raise ValueError(f"not plan content: {sorted(unknown)}")
    merged = {f: content.get(f, getattr(plan, f)) for f in OperationPlan.CONTENT_FIELDS}
    _validate(plan_errors(organisation=plan.organisation, content=merged))
    changed = [f for f, v in content.items() if getattr(plan, f) != v]
    for name, value in content.items():
        setattr(plan, name, value)
    plan.save()
    if changed:
        _event(
            plan,
            PlanEvent.Kind.EDITED,
            actor,
            comment="、".join(str(OperationPlan._meta.get_field(f).verbose_name) for f in changed),
        )
    audit_record(
        verb="plan.updated",
        organisation=plan.organisation,
        actor=actor,
        obj=plan,
        details={"fields": changed},
    )
    return plan


def _snapshot(plan: OperationPlan) -> dict:
    return {f: getattr(plan, f) for f in OperationPlan.CONTENT_FIELDS}


@transaction.atomic
def plan_submit(*, plan: OperationPlan, actor: User) -> OperationPlan:
    """The division head submits (or resubmits) the plan: the chain starts at its first step."""
    plan = OperationPlan.objects.select_for_update().get(pk=plan.pk)
    require_manager(actor, plan.account)
    plan_move(plan, P.IN_REVIEW)
    _validate(plan_errors(organisation=plan.organisation, content=_snapshot(plan)))
    if plan.versions.exists():
        plan.version += 1
    plan.chain = [s.model_dump() for s in plan.organisation.pack.data.approval_chains.plan]
    plan.current_step = plan.chain[0]["id"]
    plan.submitted_by = actor
    plan.submitted_at = timezone.now()
    plan.save()
    PlanVersion.objects.create(
        plan=plan, version=plan.version, content=_snapshot(plan), submitted_by=actor
    )
    _event(plan, PlanEvent.Kind.SUBMITTED, actor, comment=_("第%(v)d版") % {"v": plan.version})
    account = plan.account
    if account.status != A.ACTIVE:
        account_move(account, account_status_for_step(plan, plan.current_step))
        account.save(update_fields=["status", "updated_at"])
    audit_record(
        verb="plan.submitted",
        organisation=plan.organisation,
        actor=actor,
        obj=plan,
        details={"version": plan.version, "step": plan.current_step},
    )
    notify_plan(plan)
    return plan


def _locked(plan: OperationPlan) -> OperationPlan:
    return (
        OperationPlan.objects.select_for_update()
        .select_related("account__division")
        .get(pk=plan.pk)
    )


def _advance(plan: OperationPlan, actor: User) -> None:
    """Move past the current step: to the next one, or to approval after the last."""
    account = plan.account
    ids = [s["id"] for s in plan.chain]
    index = ids.index(plan.current_step)
    if index + 1 >= len(ids):
        if plan.handles_sensitive_data and plan.security_confirmed_by_id is None:
            # G6.1.7 / G5.6: confirmed by the info policy office before approval.
            raise DomainError(
                _(
                    "要機密情報・個人情報を取り扱う計画のため、%(office)sによるセキュリティ確認が済むまで承認できません。"
                )
                % {"office": _info_policy_office(plan.organisation)}
            )
        plan_move(plan, P.APPROVED)
        plan.approved_at = timezone.now()
        plan.current_step = ""
        plan.save()
        if account.status != A.ACTIVE:
            account_move(account, A.APPROVED)
            if account.handle and account.url and any(is_opening_step(s) for s in plan.chain):
                account_move(account, A.ACTIVE)
            account.save(update_fields=["status", "updated_at"])
        audit_record(
            verb="plan.approved",
            organisation=plan.organisation,
            actor=actor,
            obj=plan,
            details={"account_status": account.status},
        )
        return
    plan_move(plan, P.IN_REVIEW)
    plan.current_step = ids[index + 1]
    plan.save()
    step = plan.step()
    if account.status != A.ACTIVE:
        account_move(account, account_status_for_step(plan, plan.current_step))
        account.save(update_fields=["status", "updated_at"])
    elif is_opening_step(step):
        # A renewal of an account already in operation: nothing to open.
        _event(
            plan,
            PlanEvent.Kind.SKIPPED,
            None,
            step_id=step["id"],
            step_label=step["label"],
            comment=_("運用中のアカウントのため省略"),
        )
        _advance(plan, actor)


@transaction.atomic
def plan_approve(
    *,
    plan: OperationPlan,
    actor: User,
    comment: str = "",
    security_confirmed: bool = False,
    security_note: str = "",
) -> OperationPlan:
    plan = _locked(plan)
    role = acting_role(actor, plan)
    step = plan.step()
    if is_opening_step(step):
        raise DomainError(
            _("「%(step)s」は、開設したアカウントのハンドルとURLを登録して完了します。")
            % {"step": step["label"]}
        )
    if plan.handles_sensitive_data and role == Role.INFO_POLICY:
        if security_confirmed:
            _confirm_security(plan, actor, security_note or comment)
        elif plan.security_confirmed_by_id is None:
            raise DomainError(
                _(
                    "この計画は要機密情報・個人情報を取り扱います。サービスの運営主体のデータ管理が情報セキュリティポリシーの基準を満たすことを確認してから承認してください。"
                )
            )
    _event(
        plan,
        PlanEvent.Kind.APPROVED,
        actor,
        step_id=step["id"],
        step_label=step["label"],
        role=role,
        comment=comment,
    )
    signed = step_signatures(plan, step["id"])
    complete = step.get("mode", "any") == "any" or all(r in signed for r in step["roles"])
    audit_record(
        verb="plan.step_approved",
        organisation=plan.organisation,
        actor=actor,
        obj=plan,
        details={"step": step["id"], "role": role, "complete": complete, "comment": comment},
    )
    if complete:
        _advance(plan, actor)
    notify_plan(plan)
    return plan


def _require_comment(comment: str) -> None:
    if not comment.strip():
        raise InvalidInput({"comment": [_("理由やコメントを記入してください。")]})


def _decide_against(
    plan: OperationPlan, actor: User, comment: str, to: str, kind: str, verb: str
) -> OperationPlan:
    """Record a return or a rejection at the current step: state, timeline, audit."""
    plan = _locked(plan)
    role = acting_role(actor, plan)
    _require_comment(comment)
    step = plan.step()
    plan_move(plan, to)
    plan.save()
    _event(
        plan, kind, actor, step_id=step["id"], step_label=step["label"], role=role, comment=comment
    )
    audit_record(
        verb=verb,
        organisation=plan.organisation,
        actor=actor,
        obj=plan,
        details={"step": step["id"], "role": role, "comment": comment},
    )
    return plan


@transaction.atomic
def plan_return(*, plan: OperationPlan, actor: User, comment: str) -> OperationPlan:
    """Send the plan back to its drafter with comments; resubmission restarts the chain."""
    plan = _decide_against(
        plan, actor, comment, P.RETURNED, PlanEvent.Kind.RETURNED, "plan.returned"
    )
    notify_plan(plan)
    return plan


@transaction.atomic
def plan_reject(*, plan: OperationPlan, actor: User, comment: str) -> OperationPlan:
    """Reject the plan; an account that was never opened is declined (開設見送り)."""
    plan = _decide_against(
        plan, actor, comment, P.REJECTED, PlanEvent.Kind.REJECTED, "plan.rejected"
    )
    account = plan.account
    if account.status != A.ACTIVE:
        account_move(account, A.DECLINED)
        account.save(update_fields=["status", "updated_at"])
    notify_plan(plan)
    return plan


def _confirm_security(plan: OperationPlan, actor: User, note: str) -> None:
    plan.security_confirmed_by = actor
    plan.security_confirmed_at = timezone.now()
    plan.security_note = note
    plan.save(update_fields=["security_confirmed_by", "security_confirmed_at", "security_note"])
    _event(plan, PlanEvent.Kind.SECURITY, actor, role=Role.INFO_POLICY, comment=note)
    audit_record(
        verb="plan.security_confirmed",
        organisation=plan.organisation,
        actor=actor,
        obj=plan,
        details={"note": note},
    )


def _info_policy_office(org: Organisation) -> str:
    """The pack's name for the information policy office (情報政策室 in Joetsu)."""
    return org.pack.data.organisation.info_policy_office or str(_("情報政策担当"))


@transaction.atomic
def plan_confirm_security(*, plan: OperationPlan, actor: User, note: str) -> OperationPlan:
    """G6.1.7: the info policy office confirms the service's data handling meets the policy."""
    plan = _locked(plan)
    if actor.organisation_id != plan.organisation_id or not actor.has_role(Role.INFO_POLICY):
        raise DomainError(
            _("セキュリティ確認は%(office)sだけが行えます。")
            % {"office": _info_policy_office(plan.organisation)}
        )
    if plan.status != P.IN_REVIEW:
        raise DomainError(_("審査中の運用計画書だけを確認できます。"))
    _require_comment(note)
    _confirm_security(plan, actor, note)
    return plan


@transaction.atomic
def account_open(*, plan: OperationPlan, actor: User, handle: str, url: str) -> OperationPlan:
    """The account has been opened on the platform: record its handle and URL (G6.1.2)."""
    plan = _locked(plan)
    account = plan.account
    handle = normalise_handle(handle)
    step = plan.step()
    chain_has_opening = any(is_opening_step(s) for s in plan.chain)
    if is_opening_step(step):
        role = acting_role(actor, plan)
    elif plan.status == P.APPROVED and account.status == A.APPROVED and not chain_has_opening:
        require_manager(actor, account)
        role = Role.MANAGER
    else:
        raise DomainError(_("今はアカウント開設を登録する段階ではありません。"))
    errors = account_errors(
        organisation=account.organisation,
        service=account.service,
        handle=handle,
        url=url,
        exclude_pk=account.pk,
    )
    if not handle:
        errors.setdefault("handle", []).insert(0, _("ハンドル・IDを入力してください。"))
    if not url:
        errors.setdefault("url", []).insert(0, _("ページのURLを入力してください。"))
    _validate(errors)
    account.handle, account.url = handle, url
    account.save(update_fields=["handle", "url", "updated_at"])
    _event(
        plan,
        PlanEvent.Kind.OPENED,
        actor,
        step_id=step["id"] if step else "",
        step_label=step["label"] if step else "",
        role=role,
        comment=f"{handle} {url}",
    )
    audit_record(
        verb="account.opened",
        organisation=account.organisation,
        actor=actor,
        obj=account,
        details={"handle": handle, "url": url},
    )
    if is_opening_step(step):
        _advance(plan, actor)
    else:
        account_move(account, A.ACTIVE)
        account.save(update_fields=["status", "updated_at"])
    notify_plan(plan)
    return plan


@transaction.atomic
def plan_renew(*, account: SocialAccount, fiscal_year: int, actor: User) -> OperationPlan:
    """G6.1.3: next year's plan, starting as a copy of the latest approved one."""
    require_manager(actor, account)
    if account.status != A.ACTIVE:
        raise DomainError(_("運用中のアカウントだけが次年度の計画書を作成できます。"))
    this_year = fiscal.current_fiscal_year()
    if fiscal_year not in (this_year, this_year + 1):
        raise DomainError(_("作成できるのは今年度または次年度の計画書だけです。"))
    live = account.plans.exclude(status=P.REJECTED).filter(fiscal_year=fiscal_year).first()
    if live is not None:
        raise DomainError(
            _("%(fy)sの運用計画書はすでにあります。") % {"fy": fiscal.wareki_label(fiscal_year)}
        )
    source = account.plans.filter(status=P.APPROVED).order_by("-fiscal_year").first()
    if source is None:
        raise DomainError(_("写しの元になる承認済みの運用計画書がありません。"))
    plan = OperationPlan.objects.create(
        organisation=account.organisation,
        account=account,
        fiscal_year=fiscal_year,
        created_by=actor,
        previous=source,
        **_snapshot(source),
    )
    _event(
        plan,
        PlanEvent.Kind.RENEWED,
        actor,
        comment=_("%(fy)sの計画書の写しから作成") % {"fy": fiscal.wareki_label(source.fiscal_year)},
    )
    audit_record(
        verb="plan.renewed",
        organisation=account.organisation,
        actor=actor,
        obj=plan,
        details={"fiscal_year": fiscal_year, "from_plan": source.pk},
    )
    return plan


@transaction.atomic
def account_import_existing(
    *,
    division: Division,
    service: str,
    display_name: str,
    handle: str,
    url: str,
    fiscal_year: int,
    plan_content: dict,
    approved_on: date,
    note: str,
    actor: User,
    is_city_wide: bool = False,
    operators: Iterable[User] = (),
    emergency_contact: User | None = None,
    contractor_name: str = "",
) -> OperationPlan:
    """Register an account already in operation whose plan was approved on paper before the
    system was introduced. Only a system administrator may do this; it is audited as such."""
    org = division.organisation
    if actor.organisation_id != org.pk or not actor.has_role(Role.ADMIN):
        raise DomainError(_("既存アカウントの登録はシステム管理者だけが行えます。"))
    _require_comment(note)
    handle = normalise_handle(handle)
    errors = _account_fields_check(
        organisation=org,
        division=division,
        service=service,
        handle=handle,
        url=url,
        is_city_wide=is_city_wide,
    )
    errors.update(plan_errors(organisation=org, content=plan_content))
    if not handle or not url:
        errors.setdefault("url", []).append(_("運用中のアカウントにはハンドルとURLが必要です。"))
    _validate(errors)
    operators = list(operators)
    _check_people(org, [*operators, emergency_contact])
    account = SocialAccount.objects.create(
        organisation=org,
        division=division,
        service=service,
        display_name=display_name,
        handle=handle,
        url=url,
        is_city_wide=is_city_wide,
        status=A.ACTIVE,
        emergency_contact=emergency_contact,
        contractor_name=contractor_name,
    )
    account.operators.set(operators)
    account.profile_text = default_profile_text(account)
    account.save(update_fields=["profile_text"])
    AccountSecurity.objects.create(account=account)
    plan = OperationPlan.objects.create(
        organisation=org,
        account=account,
        fiscal_year=fiscal_year,
        created_by=actor,
        status=P.APPROVED,
        submitted_by=actor,
        submitted_at=timezone.now(),
        approved_at=timezone.now(),
        chain=[s.model_dump() for s in org.pack.data.approval_chains.plan],
        **plan_content,
    )
    PlanVersion.objects.create(plan=plan, version=1, content=_snapshot(plan), submitted_by=actor)
    _event(
        plan,
        PlanEvent.Kind.IMPORTED,
        actor,
        comment=_("%(day)s 決裁済み（紙）：%(note)s")
        % {"day": approved_on.isoformat(), "note": note},
    )
    audit_record(
        verb="account.imported",
        organisation=org,
        actor=actor,
        obj=account,
        details={"plan": plan.pk, "approved_on": approved_on, "note": note},
    )
    return plan
