"""Public pages, no login (G6.1.5): each organisation's accounts in operation, with their
plans and the profile text each account must show."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from hasshin.registry import exports, fiscal, selectors
from hasshin.registry.models import AccountStatus, Organisation, PlanStatus


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "public/index.html", {"orgs": Organisation.objects.order_by("id")})


def account_list(request: HttpRequest, org: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=org)
    rows = []
    for account in selectors.public_accounts(organisation):
        rows.append({"account": account, "plan": selectors.latest_approved_plan(account)})
    context = {
        "org": organisation,
        "rows": rows,
        "fy_label": fiscal.label(fiscal.current_fiscal_year()),
    }
    return render(request, "public/account_list.html", context)


def _public_plan(org: str, pk: int):
    organisation = get_object_or_404(Organisation, slug=org)
    account = selectors.account_get(organisation, pk)
    if account.status != AccountStatus.ACTIVE:
        raise Http404
    plan = selectors.latest_approved_plan(account)
    if plan is None or plan.status != PlanStatus.APPROVED:
        raise Http404
    return organisation, account, plan


def plan(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    organisation, account, approved = _public_plan(org, pk)
    context = {
        "org": organisation,
        "account": account,
        "plan": approved,
        "rows": exports.plan_rows(approved),
    }
    return render(request, "public/plan.html", context)


def plan_pdf(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    _organisation, _account, approved = _public_plan(org, pk)
    response = HttpResponse(exports.plan_pdf(approved), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="plan-{approved.pk}.pdf"'
    return response
