from __future__ import annotations

import base64
from datetime import timedelta

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from hasshin.audit.export import iter_csv, iter_jsonl
from hasshin.audit.models import AuditEvent
from hasshin.audit.services import audit_record
from hasshin.registry.models import Role, User

from .dashboard import dashboard_cards
from .forms import LoginForm, OTPTokenForm
from .permissions import org_view


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        with transaction.atomic():
            audit_record(verb="auth.login", organisation=user.organisation, actor=user)
        return response


def _safe_next(request: HttpRequest, default: str = "core:dashboard") -> str:
    nxt = request.GET.get("next") or request.POST.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, {request.get_host()}):
        return nxt
    from django.urls import reverse

    return reverse(default)


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            with transaction.atomic():
                audit_record(
                    verb="auth.otp_verified",
                    organisation=request.user.organisation,
                    actor=request.user,
                )
            return redirect(_safe_next(request))
        form.add_error("token", _("ワンタイムパスワードが正しくないか、有効期限が切れています。"))
    return render(
        request, "core/otp_verify.html", {"form": form, "next": request.GET.get("next", "")}
    )


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "authenticator"}
    )
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _info = device.verify_is_allowed()
        if not allowed:
            form.add_error("token", _("試行回数が多すぎます。しばらく待ってから入力してください。"))
        elif device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                audit_record(
                    verb="auth.otp_enrolled",
                    organisation=user.organisation,
                    actor=user,
                    obj=device,
                )
            otp_login(request, device)
            messages.success(request, _("二段階認証を設定しました。"))
            return redirect("core:dashboard")
        else:
            form.add_error(
                "token", _("ワンタイムパスワードが正しくありません。もう一度入力してください。")
            )
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    context = {"form": form, "qr": qr, "secret": secret, "required": user.needs_two_factor()}
    return render(request, "core/otp_setup.html", context)


@org_view()
def dashboard(request: HttpRequest) -> HttpResponse:
    org = request.organisation
    now = timezone.now()
    calendar = org.pack.calendar
    upcoming = []
    day = timezone.localdate()
    for offset in range(1, 60):
        d = day + timedelta(days=offset)
        reason = calendar.closed_reason(d)
        if reason and reason not in ("週末",):
            upcoming.append((d, reason))
        if len(upcoming) >= 3:
            break
    context = {
        "cards": dashboard_cards(request.user),
        "outside_reason": calendar.outside_reason(now),
        "working_hours": org.pack.data.calendar.working_hours,
        "upcoming_closures": upcoming,
        "roles": [Role(r).label for r in sorted(request.user.roles())],
    }
    return render(request, "core/dashboard.html", context)


@org_view()
def policy(request: HttpRequest) -> HttpResponse:
    pack = request.organisation.pack
    return render(request, "core/policy.html", {"pack": pack.data})


@org_view(Role.ADMIN, Role.AUDITOR, Role.INFO_POLICY)
def audit_log(request: HttpRequest) -> HttpResponse:
    events = (
        AuditEvent.objects.filter(organisation=request.organisation)
        .select_related("actor")
        .order_by("-seq")[:200]
    )
    return render(request, "core/audit_log.html", {"events": events})


@org_view(Role.ADMIN, Role.AUDITOR, Role.INFO_POLICY)
def audit_export(request: HttpRequest, fmt: str) -> StreamingHttpResponse:
    events = AuditEvent.objects.filter(organisation=request.organisation).order_by("seq")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        response = StreamingHttpResponse(iter_csv(events.iterator()), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    else:
        response = StreamingHttpResponse(
            iter_jsonl(events.iterator()), content_type="application/x-ndjson"
        )
        response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.jsonl"'
    with transaction.atomic():
        audit_record(
            verb="audit.exported",
            organisation=request.organisation,
            actor=request.user,
            details={"format": fmt},
        )
    return response


@org_view(Role.ADMIN)
def people(request: HttpRequest) -> HttpResponse:
    users = (
        User.objects.filter(organisation=request.organisation)
        .select_related("division")
        .prefetch_related("role_assignments__division", "role_assignments__department")
        .order_by("division__id", "username")
    )
    return render(request, "core/people.html", {"users": users})
