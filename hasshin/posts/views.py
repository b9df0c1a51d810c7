"""Post pages: thin views that parse input, call services/selectors and render."""

from __future__ import annotations

import calendar as pycal
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hasshin.core.permissions import DomainError, org_view
from hasshin.registry.models import Division, Role, SocialAccount, User

from . import selectors, services
from .checking import check_text, severities
from .forms import DecisionForm, DelegateForm, MediaForm, PostForm, ScheduleForm
from .highlight import segments
from .models import ApprovalDelegate, PostMedia
from .workflow import EDITABLE, PostState

# ---------------------------------------------------------------- lists

TABS = [
    ("drafts", "下書き"),
    ("returned", "差し戻し"),
    ("submitted", "申請中"),
    ("approve", "承認待ち（自分が承認）"),
    ("scheduled", "予約済み"),
    ("published", "発信済み"),
]


@org_view()
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    waiting = selectors.awaiting_my_approval(user)
    tab = request.GET.get("tab") or ("approve" if waiting else "drafts")
    lists = {
        "drafts": lambda: selectors.my_drafts(user),
        "returned": lambda: selectors.my_returned(user),
        "submitted": lambda: selectors.my_submitted(user),
        "approve": lambda: waiting,
        "scheduled": lambda: selectors.scheduled_posts(request.organisation),
        "published": lambda: selectors.published_posts(request.organisation)[:200],
    }
    if tab not in lists:
        tab = "drafts"
    return render(
        request,
        "posts/index.html",
        {
            "tabs": [(key, _(label)) for key, label in TABS],
            "tab": tab,
            "posts": lists[tab](),
            "waiting_count": len(waiting),
            "can_draft": selectors.operated_accounts(user).exists(),
        },
    )


# ---------------------------------------------------------------- editor


def _post_form(request: HttpRequest, data=None, post=None) -> PostForm:
    accounts = list(selectors.operated_accounts(request.user))
    if post is not None:  # keep targets visible even if the user no longer operates them
        have = {a.pk for a in accounts}
        accounts += [t.account for t in post.targets.all() if t.account_id not in have]
    initial = PostForm.initial_for(post) if post is not None else {}
    return PostForm(data, accounts=accounts, initial=initial)


@org_view()
def editor(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    post = selectors.post_get(request.organisation, pk) if pk else None
    if post is not None and not selectors.can_edit(request.user, post):
        messages.error(request, _("この投稿を編集する権限がありません。"))
        return redirect("posts:detail", pk=post.pk)
    if post is not None and post.state not in EDITABLE:
        return render(request, "posts/locked.html", {"post": post})
    form = _post_form(request, request.POST or None, post)
    if request.method == "POST" and form.is_valid():
        try:
            post = _save(request, form, post)
            if request.POST.get("action") == "submit":
                services.post_submit(
                    post=post,
                    actor=request.user,
                    acknowledge_warnings=form.cleaned_data["acknowledge_warnings"],
                )
                messages.success(request, _("承認を申請しました。"))
                return redirect("posts:detail", pk=post.pk)
            messages.success(request, _("下書きを保存しました。"))
            return redirect("posts:edit", pk=post.pk)
        except DomainError as exc:
            form.add_error(None, str(exc))
            post = selectors.post_get(request.organisation, post.pk) if post else None
    return render(request, "posts/editor.html", _editor_context(request, form, post))


def _save(request: HttpRequest, form: PostForm, post, autosave: bool = False):
    if post is None:
        return services.post_create(
            author=request.user, accounts=form.selected_accounts(), **form.content()
        )
    return services.post_update(
        post=post,
        actor=request.user,
        accounts=form.selected_accounts(),
        autosave=autosave,
        **form.content(),
    )


def _editor_context(request: HttpRequest, form: PostForm, post) -> dict[str, Any]:
    pack = request.organisation.pack
    hours = pack.data.calendar.working_hours
    return {
        "form": form,
        "post": post,
        "media_form": MediaForm(),
        "media": list(post.media.all()) if post else [],
        "working_hours": f"{hours.start:%H:%M}–{hours.end:%H:%M}",
        "account_services": {str(a.pk): a.service for a in form.account_objects},
        "storage_key": f"hasshin.post.{request.user.pk}.{post.pk if post else 'new'}",
        "server_saved_at": post.updated_at.isoformat() if post else "",
    }


@org_view()
@require_POST
def autosave(request: HttpRequest, pk: int | None = None) -> JsonResponse:
    """Server-side autosave of a half-written draft (the browser keeps a copy as well)."""
    post = selectors.post_get(request.organisation, pk) if pk else None
    if post is not None and post.state not in EDITABLE:
        return JsonResponse({"error": _("この投稿は編集中ではありません。")}, status=409)
    form = _post_form(request, request.POST, post)
    if not form.is_valid():
        return JsonResponse(
            {"error": _("入力内容を確認してください。"), "fields": form.errors}, status=400
        )
    if post is None and not _has_content(form):
        return JsonResponse({"saved": False})
    try:
        post = _save(request, form, post, autosave=True)
    except DomainError as exc:
        return JsonResponse({"error": str(exc)}, status=409)
    post.refresh_from_db(fields=["updated_at", "version"])
    return JsonResponse(
        {
            "saved": True,
            "id": post.pk,
            "version": post.version,
            "saved_at": post.updated_at.isoformat(),
            "saved_label": timezone.localtime(post.updated_at).strftime("%H:%M:%S"),
            "edit_url": reverse("posts:edit", args=[post.pk]),
            "autosave_url": reverse("posts:autosave_post", args=[post.pk]),
        }
    )


def _has_content(form: PostForm) -> bool:
    c = form.content()
    return bool(c["title"].strip() or c["body"].strip() or c["texts"] or form.selected_accounts())


# ---------------------------------------------------------------- live check


@org_view()
@require_POST
def live_check(request: HttpRequest) -> HttpResponse:
    """The live check: the form as it is now → findings per target service (htmx partial)."""
    accounts = list(selectors.operated_accounts(request.user))
    chosen = set(request.POST.getlist("accounts"))
    selected = [a for a in accounts if str(a.pk) in chosen]
    body = request.POST.get("body", "")
    when = _parse_local(request.POST.get("scheduled_at", ""))
    urgent = request.POST.get("urgent") in ("on", "true", "1")
    urgent_reason = request.POST.get("urgent_reason", "")
    pack = request.organisation.pack
    media = []
    post_id = request.POST.get("post_id", "")
    if post_id.isdigit():
        media = selectors.media_infos(
            list(
                PostMedia.objects.filter(
                    post_id=int(post_id), post__organisation=request.organisation
                )
            )
        )
    services_seen: dict[str, list[SocialAccount]] = {}
    for account in selected:
        services_seen.setdefault(account.service, []).append(account)
    panels = []
    for service, group in services_seen.items():
        text = (
            request.POST.get(f"text_{service}", "").strip() and request.POST.get(f"text_{service}")
        ) or body
        report = check_text(
            text=text,
            service=service,
            pack=pack,
            at=when,
            urgent=urgent,
            urgent_reason=urgent_reason,
            title=request.POST.get("title", ""),
            media=media,
        )
        panels.append(_panel(service, group, text, report))
    if not selected and body.strip():
        # Before any account is chosen, the rules that do not depend on the service still run
        # (personal information, links, content…), so problems show from the first keystroke.
        report = check_text(
            text=body,
            service="other",
            pack=pack,
            at=when,
            urgent=urgent,
            urgent_reason=urgent_reason,
            media=media,
        )
        panels.append(_panel("other", [], body, report, label=_("共通チェック")))
    timing = _timing_note(pack, when, urgent, urgent_reason)
    return render(
        request,
        "posts/_checks.html",
        {"panels": panels, "timing": timing, "no_targets": not selected},
    )


def _panel(service, accounts, text, report, label: str = "") -> dict[str, Any]:
    findings = report["findings"]
    stats = report.get("stats", {})
    length = stats.get("length", len(text))
    limit = stats.get("limit")
    return {
        "service": service,
        "service_label": label or accounts[0].get_service_display(),
        "accounts": accounts,
        "segments": segments(text, findings),
        "findings": findings,
        "counts": severities(report),
        "length": length,
        "limit": limit,
        "over": bool(limit) and length > limit,
    }


def _timing_note(pack, when, urgent: bool, urgent_reason: str) -> dict[str, Any] | None:
    if when is None:
        return None
    outside = pack.calendar.outside_reason(when)
    if not outside:
        return {"ok": True, "text": _("就業時間内です。")}
    if urgent and urgent_reason.strip():
        text = _("%sですが、緊急として理由が記入されています。承認後、事後確認の対象になります。")
        return {"ok": True, "text": text % outside}
    text = _("%sのため、緊急（災害・イベント）として理由を記入しない限り申請できません。")
    return {"ok": False, "text": text % outside}


def _parse_local(value: str) -> datetime | None:
    for fmt in ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"):
        try:
            return timezone.make_aware(datetime.strptime(value, fmt))
        except ValueError:
            continue
    return None


# ---------------------------------------------------------------- media


@org_view()
@require_POST
def media_upload(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get(request.organisation, pk)
    form = MediaForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.media_add(post=post, actor=request.user, **form.cleaned_data)
            messages.success(request, _("画像を追加しました。"))
        except DomainError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("画像を追加できませんでした：%s") % form.errors.as_text())
    return redirect("posts:edit", pk=post.pk)


@org_view()
@require_POST
def media_delete(request: HttpRequest, pk: int, media_pk: int) -> HttpResponse:
    post = selectors.post_get(request.organisation, pk)
    media = get_object_or_404(PostMedia, pk=media_pk, post=post)
    try:
        services.media_remove(media=media, actor=request.user)
        messages.success(request, _("画像を削除しました。"))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("posts:edit", pk=post.pk)


# ---------------------------------------------------------------- detail and decisions


@org_view()
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get(request.organisation, pk)
    reports = selectors.post_check_reports(post)
    targets = []
    for t in post.targets.all():
        rep = reports[str(t.pk)]
        shown = (
            t.approved_text
            if post.state in (PostState.APPROVED, PostState.SCHEDULED, PostState.PUBLISHED)
            and t.approved_text
            else t.text
        )
        targets.append(
            {
                "target": t,
                "text": shown,
                "length": rep.get("stats", {}).get("length", len(shown)),
                "limit": rep.get("stats", {}).get("limit"),
                "segments": segments(shown, rep["findings"]),
                "findings": rep["findings"],
                "counts": severities(rep),
            }
        )
    user = request.user
    can_approve = post.state == PostState.SUBMITTED and selectors.can_approve(user, post)
    can_edit = selectors.can_edit(user, post)
    return render(
        request,
        "posts/detail.html",
        {
            "post": post,
            "targets": targets,
            "history": selectors.post_history(post),
            "media": list(post.media.all()),
            "can_edit": can_edit and post.state != PostState.PUBLISHED,
            "can_submit": can_edit and post.state in EDITABLE,
            "has_warnings": any(x["counts"]["warning"] for x in targets),
            "can_approve": can_approve,
            "is_author": user.pk == post.author_id,
            "can_schedule": post.state in (PostState.APPROVED, PostState.SCHEDULED)
            and (can_edit or selectors.can_approve(user, post)),
            "can_review": bool(post.out_of_hours_reason)
            and not post.urgent_reviewed_at
            and (user.has_role(Role.PR) or selectors.can_approve(user, post)),
            "decision_form": DecisionForm(initial={"version": post.version}),
            "schedule_form": ScheduleForm(
                initial={
                    "scheduled_at": timezone.localtime(post.scheduled_at)
                    if post.scheduled_at
                    else None
                }
            ),
            "approvers": _approvers(post),
        },
    )


def _approvers(post) -> list[User]:
    divisions = selectors.target_division_ids(post)
    return list(
        User.objects.filter(
            organisation=post.organisation,
            role_assignments__role=Role.MANAGER,
            role_assignments__division_id__in=divisions,
        )
        .exclude(pk=post.author_id)
        .distinct()
    )


def _act(request: HttpRequest, pk: int, fn, ok: str, **kwargs) -> HttpResponse:
    post = selectors.post_get(request.organisation, pk)
    try:
        fn(post=post, actor=request.user, **kwargs)
        messages.success(request, ok)
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("posts:detail", pk=post.pk)


@org_view()
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        services.post_submit,
        _("承認を申請しました。"),
        acknowledge_warnings=request.POST.get("acknowledge_warnings") == "on",
    )


@org_view()
@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get(request.organisation, pk)
    try:
        services.post_reopen(post=post, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("posts:detail", pk=pk)
    messages.info(request, _("承認を取り消し、下書きに戻しました。編集後に再度申請してください。"))
    return redirect("posts:edit", pk=pk)


@org_view()
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    selectors.post_get(request.organisation, pk)  # another organisation's post: 404 first
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("入力内容を確認してください。"))
        return redirect("posts:detail", pk=pk)
    return _act(
        request,
        pk,
        services.post_approve,
        _("承認しました。"),
        version=form.cleaned_data["version"],
        comment=form.cleaned_data["comment"],
    )


@org_view()
@require_POST
def return_post(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        services.post_return,
        _("差し戻しました。"),
        comment=request.POST.get("comment", ""),
    )


@org_view()
@require_POST
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    form = ScheduleForm(request.POST)
    when = form.cleaned_data["scheduled_at"] if form.is_valid() else None
    return _act(
        request, pk, services.post_schedule, _("送信予定を設定しました。"), scheduled_at=when
    )


@org_view()
@require_POST
def unschedule(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.post_unschedule, _("送信予定を取り消しました。"))


@org_view()
@require_POST
def review_out_of_hours(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        services.post_review_out_of_hours,
        _("事後確認を記録しました。"),
        note=request.POST.get("note", ""),
    )


@org_view()
def out_of_hours(request: HttpRequest) -> HttpResponse:
    posts = selectors.urgent_out_of_hours(request.organisation)
    pr_division = request.organisation.pack.data.organisation.pr_division or _("広報担当課")
    return render(request, "posts/out_of_hours.html", {"posts": posts, "pr_division": pr_division})


# ---------------------------------------------------------------- delegates


@org_view()
def delegates(request: HttpRequest) -> HttpResponse:
    org = request.organisation
    user = request.user
    managed = Division.objects.filter(organisation=org)
    if not user.has_role(Role.ADMIN):
        managed = managed.filter(roleassignment__user=user, roleassignment__role=Role.MANAGER)
    people = User.objects.filter(organisation=org, is_active=True).exclude(
        role_assignments__role=Role.CONTRACTOR
    )
    form = DelegateForm(request.POST or None, divisions=managed, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.delegate_name(actor=user, **form.cleaned_data)
            messages.success(request, _("代理承認者を指名しました。"))
            return redirect("posts:delegates")
        except DomainError as exc:
            form.add_error(None, str(exc))
    rows = ApprovalDelegate.objects.filter(organisation=org).select_related(
        "division", "delegate", "named_by"
    )
    return render(
        request,
        "posts/delegates.html",
        {"form": form, "rows": rows, "can_name": managed.exists()},
    )


# ---------------------------------------------------------------- calendar


@org_view()
def calendar(request: HttpRequest) -> HttpResponse:
    org = request.organisation
    tz = timezone.get_current_timezone()
    mode = "week" if request.GET.get("view") == "week" else "month"
    try:
        anchor = date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        anchor = timezone.localdate()
    if mode == "month":
        first = anchor.replace(day=1)
        start = first - timedelta(days=first.weekday())
        last = first.replace(day=pycal.monthrange(first.year, first.month)[1])
        end = last + timedelta(days=7 - last.weekday())
        prev_anchor = (first - timedelta(days=1)).replace(day=1)
        next_anchor = last + timedelta(days=1)
    else:
        start = anchor - timedelta(days=anchor.weekday())
        end = start + timedelta(days=7)
        prev_anchor, next_anchor = start - timedelta(days=7), end
    division_id = _int(request.GET.get("division"))
    account_id = _int(request.GET.get("account"))
    targets = selectors.calendar_targets(
        org,
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end, time.min, tzinfo=tz),
        division_id=division_id,
        account_id=account_id,
    )
    by_day: dict[date, list] = {}
    for t in targets:
        by_day.setdefault(timezone.localtime(t.scheduled_at).date(), []).append(t)
    work = org.pack.calendar
    days = []
    d = start
    while d < end:
        days.append(
            {
                "date": d,
                "items": by_day.get(d, []),
                "closed": work.closed_reason(d),
                "other_month": mode == "month" and d.month != anchor.month,
                "today": d == timezone.localdate(),
            }
        )
        d += timedelta(days=1)
    weeks = [days[i : i + 7] for i in range(0, len(days), 7)]
    return render(
        request,
        "posts/calendar.html",
        {
            "mode": mode,
            "anchor": anchor,
            "weeks": weeks,
            "start": start,
            "end": end - timedelta(days=1),
            "prev": prev_anchor.isoformat(),
            "next": next_anchor.isoformat(),
            "divisions": Division.objects.filter(organisation=org),
            "accounts": SocialAccount.objects.filter(organisation=org, status="active"),
            "division_id": division_id,
            "account_id": account_id,
            "weekdays": ["月", "火", "水", "木", "金", "土", "日"],
        },
    )


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None
