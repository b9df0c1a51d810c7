"""Registry pages. Thin: read with selectors, write with services, show refusals."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hasshin.audit.services import audit_record
from hasshin.core.permissions import DomainError, org_view

from . import exports, fiscal, plans, security, selectors
from .forms import (
    AccountForm,
    DecisionForm,
    HoldersForm,
    OpenAccountForm,
    PasswordChangeForm,
    PlanForm,
    TwoFactorForm,
)
from .models import AGE_GROUPS, AccountStatus, PlanStatus, Role
from .validation import InvalidInput
from .workflow import can_act, is_manager_of, is_opening_step, step_signatures

STAFF = ()  # everyone in the organisation may read the registry


def _form_errors(forms_: list, exc: InvalidInput) -> None:
    for field, msgs in exc.errors.items():
        target = next((f for f in forms_ if field in f.fields), forms_[0])
        for msg in msgs:
            target.add_error(field if field in target.fields else None, msg)


@org_view()
def account_list(request: HttpRequest) -> HttpResponse:
    org = request.organisation
    fy = fiscal.current_fiscal_year()
    rows = []
    for account in selectors.accounts(org).exclude(status=AccountStatus.DECLINED):
        rows.append(
            {
                "account": account,
                "plan": selectors.plan_for_year(account, fy),
                "missing": account.status == AccountStatus.ACTIVE
                and selectors.approved_plan_for_year(account, fy) is None,
            }
        )
    context = {
        "rows": rows,
        "fy_label": fiscal.label(fy),
        "can_propose": request.user.has_role(Role.MANAGER),
        "renewal_due": selectors.renewal_due_accounts(org),
    }
    return render(request, "registry/account_list.html", context)


@org_view(Role.MANAGER)
def account_new(request: HttpRequest) -> HttpResponse:
    org = request.organisation
    account_form = AccountForm(request.POST or None, user=request.user, prefix="a")
    plan_form = PlanForm(request.POST or None, organisation=org, prefix="p")
    if request.method == "POST" and account_form.is_valid() & plan_form.is_valid():
        data = account_form.cleaned_data
        try:
            plan = plans.account_propose(
                division=data["division"],
                service=data["service"],
                display_name=data["display_name"],
                handle=data["handle"],
                url=data["url"],
                is_city_wide=data["is_city_wide"],
                operators=data["operators"],
                contractor_name=data["contractor_name"],
                emergency_contact=data["emergency_contact"],
                fiscal_year=fiscal.current_fiscal_year(),
                plan_content=plan_form.content(),
                actor=request.user,
            )
        except InvalidInput as exc:
            _form_errors([account_form, plan_form], exc)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("運用計画書の下書きを保存しました。内容を確認して提出してください。")
            )
            return redirect("registry:plan_detail", plan.pk)
    return render(
        request, "registry/account_form.html", _plan_form_context(request, account_form, plan_form)
    )


def _plan_form_context(request, account_form, plan_form, plan=None) -> dict:
    org = request.organisation
    service = plan.account.service if plan else (account_form.data.get("a-service") or "")
    return {
        "account_form": account_form,
        "plan_form": plan_form,
        "plan": plan,
        "cadence": org.pack.data.cadence,
        "city_wide": selectors.city_wide_accounts(org),
        "usage": selectors.usage_for(org, service, [a for a, _l in AGE_GROUPS]) if service else [],
        "service": service,
        "age_groups": AGE_GROUPS,
    }


@org_view()
def usage_help(request: HttpRequest) -> HttpResponse:
    """htmx: G4.4 help for the chosen service and target ages."""
    org = request.organisation
    service = request.GET.get("a-service") or request.GET.get("service") or ""
    ages = request.GET.getlist("p-target_age_groups") or [a for a, _l in AGE_GROUPS]
    context = {
        "service": service,
        "usage": selectors.usage_for(org, service, ages) if service else [],
        "cadence": org.pack.data.cadence,
        "all_citizens": bool(request.GET.get("p-target_all_citizens")),
        "city_wide": selectors.city_wide_accounts(org),
        "age_names": dict(AGE_GROUPS),
    }
    return render(request, "registry/_usage.html", context)


@org_view()
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = request.organisation
    account = selectors.account_get(org, pk)
    fy = fiscal.current_fiscal_year()
    sec_rows = [r for r in selectors.security_rows(org) if r["account"].pk == account.pk]
    context = {
        "account": account,
        "plans": account.plans.all(),
        "is_manager": is_manager_of(request.user, account),
        "missing": account.status == AccountStatus.ACTIVE
        and selectors.approved_plan_for_year(account, fy) is None,
        "fy": fy,
        "next_fy": fy + 1,
        "next_fy_label": fiscal.wareki_label(fy + 1),
        "fy_label": fiscal.wareki_label(fy),
        "has_next": selectors.plan_for_year(account, fy + 1) is not None,
        "has_current": selectors.plan_for_year(account, fy) is not None,
        "sec": sec_rows[0] if sec_rows else None,
        "rotation_days": org.pack.data.security.password_rotation_days,
        "password_form": PasswordChangeForm(initial={"changed_on": timezone.localdate()}),
        "two_factor_form": TwoFactorForm(),
        "holders_form": HoldersForm(
            organisation=org,
            initial={"holders": sec_rows[0]["security"].credential_holders.all()}
            if sec_rows
            else None,
        ),
    }
    return render(request, "registry/account_detail.html", context)


@org_view(Role.MANAGER)
def account_edit(request: HttpRequest, pk: int) -> HttpResponse:
    account = selectors.account_get(request.organisation, pk)
    form = AccountForm(request.POST or None, instance=account, user=request.user, prefix="a")
    if not is_manager_of(request.user, account):
        messages.error(request, _("この操作は運用管理責任者（課等の長）だけが行えます。"))
        return redirect("registry:account_detail", pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plans.account_update(
                account=selectors.account_get(request.organisation, pk),
                actor=request.user,
                operators=data["operators"],
                **{
                    k: data[k]
                    for k in (
                        "display_name",
                        "handle",
                        "url",
                        "is_city_wide",
                        "contractor_name",
                        "emergency_contact",
                    )
                },
            )
        except InvalidInput as exc:
            _form_errors([form], exc)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("アカウントの情報を更新しました。"))
            return redirect("registry:account_detail", pk)
    return render(request, "registry/account_edit.html", {"form": form, "account": account})


@org_view()
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(request.organisation, pk)
    user = request.user
    step = plan.step()
    steps = []
    for s in plan.chain:
        signed = step_signatures(plan, s["id"]) if plan.status == PlanStatus.IN_REVIEW else {}
        steps.append(
            {
                "step": s,
                "current": s["id"] == plan.current_step,
                "signed": signed,
                "roles": [Role(r).label for r in s["roles"]],
            }
        )
    acting = can_act(user, plan)
    context = {
        "plan": plan,
        "account": plan.account,
        "events": plan.events.select_related("actor"),
        "steps": steps,
        "step": step,
        "can_decide": acting and not is_opening_step(step),
        "can_open": acting and is_opening_step(step),
        "can_open_after": plan.status == PlanStatus.APPROVED
        and plan.account.status == AccountStatus.APPROVED
        and is_manager_of(user, plan.account),
        "can_edit": plan.status in (PlanStatus.DRAFT, PlanStatus.RETURNED)
        and is_manager_of(user, plan.account),
        "decision_form": DecisionForm(),
        "open_form": OpenAccountForm(
            initial={"handle": plan.account.handle, "url": plan.account.url}
        ),
        "needs_security": plan.handles_sensitive_data
        and plan.security_confirmed_by_id is None
        and user.has_role(Role.INFO_POLICY),
        "recommended": plan.organisation.pack.data.cadence.recommended.get(plan.account.service),
        "returned_comment": plan.events.filter(kind="returned").last(),
    }
    return render(request, "registry/plan_detail.html", context)


@org_view(Role.MANAGER)
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(request.organisation, pk)
    form = PlanForm(
        request.POST or None, instance=plan, organisation=request.organisation, prefix="p"
    )
    if request.method == "POST" and form.is_valid():
        try:
            plans.plan_update(
                plan=selectors.plan_get(request.organisation, pk),
                actor=request.user,
                content=form.content(),
            )
        except InvalidInput as exc:
            _form_errors([form], exc)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("運用計画書を保存しました。"))
            return redirect("registry:plan_detail", pk)
    context = _plan_form_context(request, None, form, plan)
    return render(request, "registry/plan_edit.html", context)


def _run(request: HttpRequest, fn, success: str, **kwargs) -> bool:
    try:
        fn(actor=request.user, **kwargs)
    except InvalidInput as exc:
        for msgs in exc.errors.values():
            for m in msgs:
                messages.error(request, m)
        return False
    except DomainError as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, success)
    return True


@require_POST
@org_view()
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(request.organisation, pk)
    _run(request, plans.plan_submit, _("運用計画書を提出しました。"), plan=plan)
    return redirect("registry:plan_detail", pk)


@require_POST
@org_view()
def plan_decide(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(request.organisation, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("承認・差戻し・却下のいずれかを選んでください。"))
        return redirect("registry:plan_detail", pk)
    d = form.cleaned_data
    if d["decision"] == "approve":
        _run(
            request,
            plans.plan_approve,
            _("承認しました。"),
            plan=plan,
            comment=d["comment"],
            security_confirmed=d["security_confirmed"],
            security_note=d["comment"],
        )
    elif d["decision"] == "return":
        _run(request, plans.plan_return, _("差し戻しました。"), plan=plan, comment=d["comment"])
    else:
        _run(request, plans.plan_reject, _("却下しました。"), plan=plan, comment=d["comment"])
    return redirect("registry:plan_detail", pk)


@org_view()
def plan_open(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(request.organisation, pk)
    form = OpenAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plans.account_open(plan=plan, actor=request.user, **form.cleaned_data)
        except InvalidInput as exc:
            _form_errors([form], exc)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("アカウントの開設を登録しました。"))
            return redirect("registry:plan_detail", pk)
    return render(request, "registry/plan_open.html", {"plan": plan, "form": form})


@require_POST
@org_view(Role.MANAGER)
def plan_renew(request: HttpRequest, pk: int) -> HttpResponse:
    account = selectors.account_get(request.organisation, pk)
    fy = int(request.POST.get("fiscal_year") or fiscal.current_fiscal_year() + 1)
    try:
        plan = plans.plan_renew(account=account, fiscal_year=fy, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("registry:account_detail", pk)
    messages.success(
        request, _("今年度の計画書の写しから次年度の計画書を作りました。修正して提出してください。")
    )
    return redirect("registry:plan_edit", plan.pk)


@require_POST
@org_view()
def account_security(request: HttpRequest, pk: int) -> HttpResponse:
    org = request.organisation
    account = selectors.account_get(org, pk)
    what = request.POST.get("what")
    if what == "password":
        form = PasswordChangeForm(request.POST)
        if form.is_valid():
            _run(
                request,
                security.security_record_password_change,
                _("パスワードの変更を記録しました。"),
                account=account,
                changed_on=form.cleaned_data["changed_on"],
            )
        else:
            messages.error(request, _("変更した日を正しく入力してください。"))
    elif what == "two_factor":
        form = TwoFactorForm(request.POST)
        form.is_valid()
        _run(
            request,
            security.security_attest_two_factor,
            _("二段階認証の状態を記録しました。"),
            account=account,
            enabled=form.cleaned_data.get("enabled", False),
        )
    elif what == "holders":
        form = HoldersForm(request.POST, organisation=org)
        if form.is_valid():
            _run(
                request,
                security.security_set_holders,
                _("ログイン情報を管理する職員を更新しました。"),
                account=account,
                holders=form.cleaned_data["holders"],
            )
    return redirect("registry:account_detail", pk)


@org_view()
def security_list(request: HttpRequest) -> HttpResponse:
    org = request.organisation
    return render(
        request,
        "registry/security_list.html",
        {
            "rows": selectors.security_rows(org),
            "rotation_days": org.pack.data.security.password_rotation_days,
        },
    )


@org_view()
def inbox(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "registry/inbox.html",
        {
            "awaiting": selectors.plans_awaiting(request.user),
            "to_fix": selectors.plans_to_fix(request.user),
        },
    )


@org_view()
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(request.organisation, pk)
    response = HttpResponse(exports.plan_pdf(plan), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="plan-{plan.pk}-v{plan.version}.pdf"'
    return response


@org_view()
def registry_xlsx(request: HttpRequest) -> HttpResponse:
    org = request.organisation
    data = exports.registry_xlsx(org)
    with transaction.atomic():
        audit_record(
            verb="registry.exported",
            organisation=org,
            actor=request.user,
            details={"format": "xlsx"},
        )
    stamp = timezone.localtime().strftime("%Y%m%d")
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="registry-{stamp}.xlsx"'
    return response
