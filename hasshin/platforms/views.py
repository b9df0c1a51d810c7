"""Publishing pages: delivery status per account, retries, manual URLs, credentials."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hasshin.core.permissions import DomainError, org_view

from . import selectors, services
from .forms import CredentialForm, RecordUrlForm
from .models import ATTENTION_STATES, DeliveryState


@org_view()
def index(request: HttpRequest) -> HttpResponse:
    qs = selectors.deliveries(request.user)
    state = request.GET.get("state", "")
    if request.GET.get("attention"):
        qs = qs.filter(state__in=ATTENTION_STATES)
    elif state in DeliveryState.values:
        qs = qs.filter(state=state)
    return render(
        request,
        "platforms/index.html",
        {"deliveries": qs[:200], "states": DeliveryState.choices, "state": state},
    )


@org_view()
def delivery(request: HttpRequest, pk: int) -> HttpResponse:
    d = selectors.delivery_get(request.user, pk)
    return render(
        request,
        "platforms/delivery.html",
        {
            "d": d,
            "attempts": d.attempt_rows.all(),
            "can_retry": d.retryable and selectors.can_manage_account(request.user, d.account),
            "can_record": d.state in (DeliveryState.MANUAL_PENDING, DeliveryState.UNKNOWN)
            and selectors.can_record_manual(request.user, d.account),
            "url_form": RecordUrlForm(),
        },
    )


@require_POST
@org_view()
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    d = selectors.delivery_get(request.user, pk)
    try:
        services.delivery_retry(delivery=d, actor=request.user)
        messages.success(request, _("再送を予約しました。送信前の確認をもう一度行います。"))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("platforms:delivery", pk=pk)


@require_POST
@org_view()
def record_url(request: HttpRequest, pk: int) -> HttpResponse:
    d = selectors.delivery_get(request.user, pk)
    form = RecordUrlForm(request.POST)
    if form.is_valid():
        try:
            services.delivery_record_url(
                delivery=d,
                actor=request.user,
                url=form.cleaned_data["url"],
                remote_id=form.cleaned_data["remote_id"],
            )
            messages.success(request, _("投稿のURLを記録しました。"))
        except DomainError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("投稿のURLを正しく入力してください。"))
    return redirect("platforms:delivery", pk=pk)


@org_view()
def accounts(request: HttpRequest) -> HttpResponse:
    rows = [
        {"account": a, "cred": getattr(a, "credential", None)}
        for a in selectors.accounts(request.user)
    ]
    return render(request, "platforms/accounts.html", {"rows": rows})


@org_view()
def credentials(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(selectors.accounts(request.user), pk=pk)
    if not selectors.can_manage_account(request.user, account):
        raise PermissionDenied(_("このアカウントを管理する権限がありません。"))
    cred = getattr(account, "credential", None)
    stored = cred.field_names if cred else []
    names = services.credential_fields(account)
    form = CredentialForm(request.POST or None, field_names=names, stored=stored)
    if request.method == "POST" and form.is_valid():
        try:
            services.credential_store(account=account, actor=request.user, values=form.cleaned_data)
            messages.success(request, _("認証情報を暗号化して保存しました。"))
            return redirect("platforms:credentials", pk=pk)
        except DomainError as exc:
            messages.error(request, str(exc))
    return render(
        request,
        "platforms/credentials.html",
        {"account": account, "cred": cred, "form": form, "manual": not names},
    )


@require_POST
@org_view()
def check_connection(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(selectors.accounts(request.user), pk=pk)
    try:
        ok, message = services.credential_check(account=account, actor=request.user)
    except DomainError as exc:
        raise PermissionDenied(str(exc)) from exc
    if ok:
        messages.success(request, _("接続できました：%(m)s") % {"m": message})
    else:
        messages.error(request, _("接続できませんでした：%(m)s") % {"m": message})
    return redirect("platforms:credentials", pk=pk)
