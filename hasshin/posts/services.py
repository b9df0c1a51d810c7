"""Writes for posts: typed, keyword-only, atomic, audited. Views and tasks only call these."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hasshin.audit.services import audit_record
from hasshin.core.permissions import DomainError
from hasshin.registry.models import AccountStatus, Division, Role, SocialAccount, User

from . import selectors
from .models import ApprovalDelegate, Post, PostKind, PostMedia, PostTarget, PostTransition
from .workflow import EDITABLE, RESET_ON_EDIT, PostState, step_for

CONTENT_FIELDS = (
    "title",
    "body",
    "texts",
    "scheduled_at",
    "urgent",
    "urgent_reason",
    "kind",
    "reply_to_url",
    "reply_reason",
)


# ---------------------------------------------------------------- helpers


def _transition(
    *,
    post: Post,
    to_state: str,
    actor: User | None,
    comment: str = "",
    findings: dict | None = None,
    acknowledged: list | None = None,
    details: dict | None = None,
) -> PostTransition:
    """Move ``post`` to ``to_state`` if the workflow allows it; record and audit the step."""
    step = step_for(post.state, to_state)
    from_state = post.state
    post.state = to_state
    post.save(update_fields=["state", "updated_at"])
    row = PostTransition.objects.create(
        organisation_id=post.organisation_id,
        post=post,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        comment=comment,
        version=post.version,
        findings=findings or {},
        acknowledged=acknowledged or [],
    )
    audit_record(
        verb=f"post.{step}",
        organisation=post.organisation,
        actor=actor,
        obj=post,
        details={"from": from_state, "to": to_state, "version": post.version, **(details or {})},
    )
    return row


def _resolve_accounts(*, actor: User, accounts: Iterable[SocialAccount | int]) -> list:
    ids = {a.pk if isinstance(a, SocialAccount) else int(a) for a in accounts}
    found = list(selectors.operated_accounts(actor).filter(pk__in=ids))
    if len(found) != len(ids):
        raise DomainError(
            _("投稿先には、あなたが運用担当者になっている運用中のアカウントだけを選べます。")
        )
    return found


def _sync_targets(post: Post, accounts: list[SocialAccount] | None) -> None:
    """Keep one PostTarget per account with the text and time it would go out with."""
    if accounts is not None:
        keep = {a.pk for a in accounts}
        post.targets.exclude(account_id__in=keep).delete()
        have = set(post.targets.values_list("account_id", flat=True))
        PostTarget.objects.bulk_create(
            [PostTarget(post=post, account=a) for a in accounts if a.pk not in have]
        )
    for target in post.targets.select_related("account"):
        target.text = post.text_for(target.account.service)
        target.scheduled_at = post.scheduled_at
        target.save(update_fields=["text", "scheduled_at"])


def _clear_approval(post: Post) -> None:
    post.approved_by = None
    post.approved_at = None
    post.out_of_hours_reason = ""
    post.save(update_fields=["approved_by", "approved_at", "out_of_hours_reason", "updated_at"])
    post.targets.update(approved_text="", approved_by=None, approved_at=None)


def _require_editor(post: Post, actor: User) -> None:
    if not selectors.can_edit(actor, post):
        raise DomainError(_("この投稿を編集する権限がありません。"))


def send_time_problem(post: Post, when: datetime | None) -> str | None:
    """G6.2.1: why ``when`` cannot be the send time of ``post``, or None."""
    if when is None:
        return _("送信予定日時を入力してください。")
    if post.urgent and not post.urgent_reason.strip():
        return _("緊急として送信する場合は、その理由（災害・イベントなど）を記入してください。")
    outside = post.organisation.pack.calendar.outside_reason(when)
    if outside and not post.urgent:
        return _(
            "送信予定日時 %(when)s は%(reason)sのため送信できません。就業時間外に送信できるのは、"
            "災害やイベントなど即時性が求められる情報を「緊急」として理由を記入した場合だけです。"
        ) % {"when": timezone.localtime(when).strftime("%Y-%m-%d %H:%M"), "reason": outside}
    return None


def _validate_for_submission(post: Post) -> None:
    targets = list(post.targets.select_related("account"))
    if not targets:
        raise DomainError(_("投稿先のアカウントを1つ以上選んでください。"))
    inactive = [t.account for t in targets if t.account.status != AccountStatus.ACTIVE]
    if inactive:
        raise DomainError(
            _("運用中でないアカウントには投稿できません：%s") % "、".join(map(str, inactive))
        )
    empty = [t.account for t in targets if not t.text.strip()]
    if empty:
        raise DomainError(_("本文が空の投稿先があります：%s") % "、".join(map(str, empty)))
    problem = send_time_problem(post, post.scheduled_at)
    if problem:
        raise DomainError(problem)
    if post.scheduled_at <= timezone.now():
        raise DomainError(_("送信予定日時が過ぎています。これからの日時を入力してください。"))
    if post.kind == PostKind.REPLY and not (post.reply_reason.strip() and post.reply_to_url):
        # G6.2.3: replies are an exception: where to and why must be on record.
        raise DomainError(
            _("コメントへの返信は原則行いません。返信先のURLと、例外とする理由を記入してください。")
        )
    for m in post.media.all():
        if m.people_identifiable and not m.consent_recorded:
            # G5.3: consent of identifiable people (who, how, when) must be recorded.
            raise DomainError(
                _(
                    "画像「%s」には個人が特定できる人物が写っています。本人等の了解（相手・方法・日付）を記録してください。"
                )
                % m
            )
        if not m.copyright_attested:
            raise DomainError(_("画像「%s」の著作権の確認がされていません。") % m)


def _errors_and_warnings(reports: dict[str, dict[str, Any]]) -> tuple[list[dict], list[dict]]:
    errors, warnings = [], []
    for target_id, rep in reports.items():
        for f in rep["findings"]:
            item = {
                "target": target_id,
                "account": rep["account_name"],
                "rule": f["rule"],
                "clause": f["clause"],
                "text": f["text"],
                "message": f["message"],
            }
            if f["severity"] == "error":
                errors.append(item)
            elif f["severity"] == "warning":
                warnings.append(item)
    return errors, warnings


def _refuse_errors(errors: list[dict], lead: str) -> None:
    if errors:
        shown = "／".join(f"{e['account']}：{e['message']}（{e['clause']}）" for e in errors[:3])
        more = _("ほか%d件") % (len(errors) - 3) if len(errors) > 3 else ""
        raise DomainError(f"{lead}{shown}{more}")


# ---------------------------------------------------------------- drafting


@transaction.atomic
def post_create(
    *,
    author: User,
    accounts: Iterable[SocialAccount | int] = (),
    body: str = "",
    texts: dict[str, str] | None = None,
    title: str = "",
    scheduled_at: datetime | None = None,
    urgent: bool = False,
    urgent_reason: str = "",
    kind: str = PostKind.POST,
    reply_to_url: str = "",
    reply_reason: str = "",
) -> Post:
    """A new draft by ``author`` aimed at accounts the author operates."""
    if author.organisation_id is None:
        raise DomainError(_("自治体に所属していないため利用できません。"))
    resolved = _resolve_accounts(actor=author, accounts=accounts)
    post = Post.objects.create(
        organisation_id=author.organisation_id,
        author=author,
        title=title,
        body=body,
        texts=_clean_texts(texts),
        scheduled_at=scheduled_at,
        urgent=urgent,
        urgent_reason=urgent_reason,
        kind=kind,
        reply_to_url=reply_to_url,
        reply_reason=reply_reason,
    )
    _sync_targets(post, resolved)
    audit_record(
        verb="post.created",
        organisation=post.organisation,
        actor=author,
        obj=post,
        details={"accounts": [a.pk for a in resolved]},
    )
    return post


def _clean_texts(texts: dict[str, str] | None) -> dict[str, str]:
    return {k: v for k, v in (texts or {}).items() if isinstance(v, str) and v.strip()}


@transaction.atomic
def post_update(
    *,
    post: Post,
    actor: User,
    accounts: Iterable[SocialAccount | int] | None = None,
    autosave: bool = False,
    **changes: Any,
) -> Post:
    """Change a post's content. Changing a submitted, approved or scheduled post resets it to a
    draft: its approval no longer covers what would go out (G5.2)."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    _require_editor(post, actor)
    unknown = set(changes) - set(CONTENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if "texts" in changes:
        changes["texts"] = _clean_texts(changes["texts"])
    changed = [f for f, v in changes.items() if getattr(post, f) != v]
    resolved = None
    if accounts is not None:
        resolved = _resolve_accounts(actor=actor, accounts=accounts)
        if {a.pk for a in resolved} != set(post.targets.values_list("account_id", flat=True)):
            changed.append("accounts")
    if not changed:
        return post
    if post.state == PostState.PUBLISHED:
        raise DomainError(
            _("発信済みの投稿は編集できません。訂正は新しい投稿として作成してください。")
        )
    if post.state in RESET_ON_EDIT:
        if autosave:
            raise DomainError(_("承認待ち・承認済みの投稿は自動保存では変更できません。"))
        _clear_approval(post)
        _transition(
            post=post,
            to_state=PostState.DRAFT,
            actor=actor,
            comment=_("内容の編集により承認を取り消しました。"),
            details={"reason": "edited", "fields": changed},
        )
    for f, v in changes.items():
        setattr(post, f, v)
    post.version += 1
    post.save()
    _sync_targets(post, resolved)
    # Draft autosaves are not audited one by one: what matters is snapshotted at each decision.
    if not autosave:
        audit_record(
            verb="post.edited",
            organisation=post.organisation,
            actor=actor,
            obj=post,
            details={"fields": changed, "version": post.version},
        )
    return post


@transaction.atomic
def post_reopen(*, post: Post, actor: User, reason: str = "") -> Post:
    """Take a submitted, approved or scheduled post back to draft for editing."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    _require_editor(post, actor)
    step_for(post.state, PostState.DRAFT)
    _clear_approval(post)
    _transition(
        post=post,
        to_state=PostState.DRAFT,
        actor=actor,
        comment=reason or _("編集のため下書きに戻しました。"),
    )
    return post


@transaction.atomic
def media_add(
    *,
    post: Post,
    actor: User,
    file: Any,
    alt_text: str = "",
    people_identifiable: bool = False,
    consent_by: str = "",
    consent_method: str = "",
    consent_on: date | None = None,
    copyright_attested: bool = False,
) -> PostMedia:
    post = Post.objects.select_for_update().get(pk=post.pk)
    _require_editor(post, actor)
    if post.state not in EDITABLE:
        raise DomainError(_("下書きまたは差し戻しの投稿にだけ画像を追加できます。"))
    media = PostMedia.objects.create(
        post=post,
        file=file,
        alt_text=alt_text,
        people_identifiable=people_identifiable,
        consent_by=consent_by,
        consent_method=consent_method,
        consent_on=consent_on,
        copyright_attested=copyright_attested,
        uploaded_by=actor,
    )
    post.version += 1
    post.save(update_fields=["version", "updated_at"])
    audit_record(
        verb="post.media_added",
        organisation=post.organisation,
        actor=actor,
        obj=post,
        details={
            "media": media.pk,
            "people_identifiable": people_identifiable,
            "consent_by": consent_by,
            "consent_method": consent_method,
            "consent_on": consent_on,
            "copyright_attested": copyright_attested,
        },
    )
    return media


@transaction.atomic
def media_remove(*, media: PostMedia, actor: User) -> None:
    post = Post.objects.select_for_update().get(pk=media.post_id)
    _require_editor(post, actor)
    if post.state not in EDITABLE:
        raise DomainError(_("下書きまたは差し戻しの投稿からだけ画像を削除できます。"))
    pk = media.pk
    media.file.delete(save=False)
    media.delete()
    post.version += 1
    post.save(update_fields=["version", "updated_at"])
    audit_record(
        verb="post.media_removed",
        organisation=post.organisation,
        actor=actor,
        obj=post,
        details={"media": pk},
    )


# ---------------------------------------------------------------- workflow


@transaction.atomic
def post_submit(*, post: Post, actor: User, acknowledge_warnings: bool = False) -> Post:
    """Ask the 運用管理責任者 for approval. Error findings block; warnings need acknowledgement."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    _require_editor(post, actor)
    step_for(post.state, PostState.SUBMITTED)
    _validate_for_submission(post)
    reports = selectors.post_check_reports(post)
    errors, warnings = _errors_and_warnings(reports)
    _refuse_errors(errors, _("ガイドラインに反する内容があるため申請できません。"))
    if warnings and not acknowledge_warnings:
        raise DomainError(
            _(
                "注意が%d件あります。内容を確認し、「注意を確認しました」にチェックしてから申請してください。"
            )
            % len(warnings)
        )
    _transition(
        post=post,
        to_state=PostState.SUBMITTED,
        actor=actor,
        findings=reports,
        acknowledged=warnings,
        details={"warnings_acknowledged": len(warnings)},
    )
    return post


def _require_approver(post: Post, actor: User) -> None:
    if actor.pk == post.author_id:
        raise DomainError(_("自分が作成した投稿は承認できません。"))
    if actor.has_role(Role.CONTRACTOR):
        raise DomainError(_("委託事業者・指定管理者は投稿を承認できません。"))
    if not selectors.can_approve(actor, post):
        # G6.2.2: the 運用管理責任者 of every target account decides.
        raise DomainError(
            _(
                "この投稿を承認できるのは、すべての投稿先アカウントの運用管理責任者（または代理承認者）です。"
            )
        )


@transaction.atomic
def post_approve(*, post: Post, actor: User, version: int, comment: str = "") -> Post:
    """Approve exactly the version the approver saw, and schedule it when its time is ahead."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    step_for(post.state, PostState.APPROVED)
    _require_approver(post, actor)
    if version != post.version:
        raise DomainError(_("表示している間に投稿が変更されました。最新の内容を確認してください。"))
    problem = send_time_problem(post, post.scheduled_at)
    if problem:
        raise DomainError(problem)
    reports = selectors.post_check_reports(post)
    errors, warnings = _errors_and_warnings(reports)
    _refuse_errors(
        errors, _("ガイドラインに反する内容があるため承認できません。差し戻してください。")
    )
    now = timezone.now()
    outside = post.organisation.pack.calendar.outside_reason(post.scheduled_at)
    post.approved_by = actor
    post.approved_at = now
    post.out_of_hours_reason = outside or ""
    post.save(update_fields=["approved_by", "approved_at", "out_of_hours_reason", "updated_at"])
    for target in post.targets.all():
        target.approved_text = target.text
        target.approved_by = actor
        target.approved_at = now
        target.save(update_fields=["approved_text", "approved_by", "approved_at"])
    _transition(
        post=post,
        to_state=PostState.APPROVED,
        actor=actor,
        comment=comment,
        findings=reports,
        acknowledged=warnings,
        details={"out_of_hours": outside or "", "urgent": post.urgent},
    )
    if post.scheduled_at > now:
        _transition(post=post, to_state=PostState.SCHEDULED, actor=actor)
    return post


@transaction.atomic
def post_return(*, post: Post, actor: User, comment: str) -> Post:
    """Send a submitted post back to its author with the reasons."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    step_for(post.state, PostState.RETURNED)
    _require_approver(post, actor)
    if not comment.strip():
        raise DomainError(_("差し戻す理由をコメントに記入してください。"))
    _transition(
        post=post,
        to_state=PostState.RETURNED,
        actor=actor,
        comment=comment.strip(),
        findings=selectors.post_check_reports(post),
    )
    return post


@transaction.atomic
def post_schedule(*, post: Post, actor: User, scheduled_at: datetime | None = None) -> Post:
    """Put an approved post on the schedule, optionally at a new time (text is unchanged)."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    step_for(post.state, PostState.SCHEDULED)
    if not (selectors.can_edit(actor, post) or selectors.can_approve(actor, post)):
        raise DomainError(_("この投稿の送信予定を設定する権限がありません。"))
    when = scheduled_at or post.scheduled_at
    problem = send_time_problem(post, when)
    if problem:
        raise DomainError(problem)
    if when <= timezone.now():
        raise DomainError(_("送信予定日時が過ぎています。これからの日時を入力してください。"))
    old = post.scheduled_at
    if when != old:
        outside = post.organisation.pack.calendar.outside_reason(when)
        post.scheduled_at = when
        post.out_of_hours_reason = outside or ""
        post.save(update_fields=["scheduled_at", "out_of_hours_reason", "updated_at"])
        post.targets.update(scheduled_at=when)
    _transition(
        post=post,
        to_state=PostState.SCHEDULED,
        actor=actor,
        details={"scheduled_at": when, "previous": old},
    )
    return post


@transaction.atomic
def post_unschedule(*, post: Post, actor: User) -> Post:
    post = Post.objects.select_for_update().get(pk=post.pk)
    step_for(post.state, PostState.APPROVED)
    if not (selectors.can_edit(actor, post) or selectors.can_approve(actor, post)):
        raise DomainError(_("この投稿の送信予定を取り消す権限がありません。"))
    _transition(post=post, to_state=PostState.APPROVED, actor=actor)
    return post


@transaction.atomic
def post_review_out_of_hours(*, post: Post, actor: User, note: str = "") -> Post:
    """G6.2.1: record the after-the-fact review of an urgent post sent outside working hours."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if not post.out_of_hours_reason:
        raise DomainError(_("この投稿は就業時間外の緊急投稿ではありません。"))
    if post.urgent_reviewed_at:
        raise DomainError(_("この投稿は事後確認済みです。"))
    if not (
        actor.has_role(Role.PR)
        or selectors.can_approve(actor, post)
        or (actor.pk == post.approved_by_id)
    ):
        raise DomainError(
            _("事後確認は運用管理責任者または%sが行います。")
            % (post.organisation.pack.data.organisation.pr_division or _("広報担当課"))
        )
    post.urgent_reviewed_by = actor
    post.urgent_reviewed_at = timezone.now()
    post.urgent_review_note = note.strip()
    post.save(
        update_fields=[
            "urgent_reviewed_by",
            "urgent_reviewed_at",
            "urgent_review_note",
            "updated_at",
        ]
    )
    audit_record(
        verb="post.out_of_hours_reviewed",
        organisation=post.organisation,
        actor=actor,
        obj=post,
        details={"note": post.urgent_review_note, "reason": post.out_of_hours_reason},
    )
    return post


# ---------------------------------------------------------------- delegates


@transaction.atomic
def delegate_name(
    *,
    division: Division,
    delegate: User,
    actor: User,
    reason: str,
    valid_until: date | None = None,
) -> ApprovalDelegate:
    """The division's manager (or an admin) names someone to approve posts in their place."""
    if division.organisation_id != actor.organisation_id or delegate.organisation_id != (
        division.organisation_id
    ):
        raise DomainError(_("同じ自治体の課等と職員を選んでください。"))
    is_manager = actor.role_assignments.filter(role=Role.MANAGER, division=division).exists()
    if not (is_manager or actor.has_role(Role.ADMIN)):
        raise DomainError(_("代理承認者を指名できるのは、その課等の運用管理責任者です。"))
    if delegate.has_role(Role.CONTRACTOR):
        raise DomainError(_("委託事業者・指定管理者を代理承認者にすることはできません。"))
    if not reason.strip():
        raise DomainError(_("指名の理由を記入してください。"))
    row, _created = ApprovalDelegate.objects.update_or_create(
        division=division,
        delegate=delegate,
        defaults={
            "organisation_id": division.organisation_id,
            "reason": reason.strip(),
            "valid_until": valid_until,
            "named_by": actor,
        },
    )
    audit_record(
        verb="post.delegate_named",
        organisation=division.organisation,
        actor=actor,
        obj=row,
        details={"division": division.pk, "delegate": delegate.pk, "valid_until": valid_until},
    )
    return row


@transaction.atomic
def post_mark_published(*, post: Post) -> Post:
    """Called by the publishing engine when every target of ``post`` has been sent."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    _transition(post=post, to_state=PostState.PUBLISHED, actor=None)
    return post
