"""Reads for posts. Every query is scoped to one organisation."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hasshin.registry.models import AccountStatus, Organisation, Role, SocialAccount, User

from .checking import MediaInfo, check_text
from .models import ApprovalDelegate, Post, PostMedia, PostTarget, PostTransition
from .workflow import PostState


def operated_accounts(user: User) -> QuerySet[SocialAccount]:
    """Active accounts of the user's organisation that the user operates."""
    return (
        SocialAccount.objects.filter(
            organisation_id=user.organisation_id, status=AccountStatus.ACTIVE, operators=user
        )
        .select_related("division")
        .order_by("division_id", "service", "display_name")
    )


def approver_division_ids(user: User, today: date | None = None) -> set[int]:
    """Divisions whose posts ``user`` may approve: as their manager or as a named delegate."""
    if user.has_role(Role.CONTRACTOR):
        return set()  # G6.2.2: contractors send under the manager's responsibility, never approve
    today = today or timezone.localdate()
    managed = set(
        user.role_assignments.filter(role=Role.MANAGER, division__isnull=False).values_list(
            "division_id", flat=True
        )
    )
    delegated = set(
        ApprovalDelegate.objects.filter(organisation_id=user.organisation_id, delegate=user)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .values_list("division_id", flat=True)
    )
    return managed | delegated


def target_division_ids(post: Post) -> set[int]:
    return {t.account.division_id for t in post.targets.all()}


def can_approve(user: User, post: Post) -> bool:
    """The 運用管理責任者 (or delegate) of every target account, and never the author."""
    if user.pk == post.author_id or user.organisation_id != post.organisation_id:
        return False
    divisions = target_division_ids(post)
    return bool(divisions) and divisions <= approver_division_ids(user)


def can_edit(user: User, post: Post) -> bool:
    """The author, or someone who operates every target account."""
    if user.organisation_id != post.organisation_id:
        return False
    if user.pk == post.author_id:
        return True
    targets = list(post.targets.all())
    return bool(targets) and all(t.account.operators.filter(pk=user.pk).exists() for t in targets)


def _posts(organisation: Organisation) -> QuerySet[Post]:
    return (
        Post.objects.filter(organisation=organisation)
        .select_related("author", "approved_by")
        .prefetch_related(
            Prefetch(
                "targets",
                queryset=PostTarget.objects.select_related("account", "account__division"),
            )
        )
    )


def post_get(organisation: Organisation, pk: int) -> Post:
    """One post of ``organisation``; any other organisation's post is a 404."""
    post = _posts(organisation).filter(pk=pk).prefetch_related("media").first()
    if post is None:
        raise Http404
    return post


def post_history(post: Post) -> QuerySet[PostTransition]:
    return post.transitions.select_related("actor").order_by("created_at", "id")


def approval_decisions(post: Post) -> QuerySet[PostTransition]:
    return post_history(post).filter(to_state__in=[PostState.APPROVED, PostState.RETURNED])


def my_drafts(user: User) -> QuerySet[Post]:
    return _posts(user.organisation).filter(author=user, state=PostState.DRAFT)


def my_returned(user: User) -> QuerySet[Post]:
    return _posts(user.organisation).filter(author=user, state=PostState.RETURNED)


def my_submitted(user: User) -> QuerySet[Post]:
    return _posts(user.organisation).filter(author=user, state=PostState.SUBMITTED)


def awaiting_my_approval(user: User) -> list[Post]:
    divisions = approver_division_ids(user)
    if not divisions:
        return []
    posts = (
        _posts(user.organisation)
        .filter(state=PostState.SUBMITTED, targets__account__division_id__in=divisions)
        .exclude(author=user)
        .distinct()
        .order_by("scheduled_at", "id")
    )
    return [p for p in posts if target_division_ids(p) <= divisions]


def scheduled_posts(organisation: Organisation) -> QuerySet[Post]:
    return (
        _posts(organisation)
        .filter(state__in=[PostState.APPROVED, PostState.SCHEDULED])
        .order_by("scheduled_at", "id")
    )


def published_posts(organisation: Organisation) -> QuerySet[Post]:
    return _posts(organisation).filter(state=PostState.PUBLISHED).order_by("-scheduled_at", "-id")


def urgent_out_of_hours(organisation: Organisation, *, unreviewed_only: bool = False):
    """G6.2.1: urgent posts approved for outside working hours, for after-the-fact review."""
    qs = (
        _posts(organisation)
        .exclude(out_of_hours_reason="")
        .select_related("urgent_reviewed_by")
        .order_by("-scheduled_at")
    )
    return qs.filter(urgent_reviewed_at__isnull=True) if unreviewed_only else qs


def calendar_targets(
    organisation: Organisation,
    start: datetime,
    end: datetime,
    *,
    division_id: int | None = None,
    account_id: int | None = None,
) -> QuerySet[PostTarget]:
    """Scheduled and published post targets with a send time in [start, end)."""
    qs = PostTarget.objects.filter(
        post__organisation=organisation,
        post__state__in=[PostState.APPROVED, PostState.SCHEDULED, PostState.PUBLISHED],
        scheduled_at__gte=start,
        scheduled_at__lt=end,
    ).select_related("post", "account", "account__division")
    if division_id:
        qs = qs.filter(account__division_id=division_id)
    if account_id:
        qs = qs.filter(account_id=account_id)
    return qs.order_by("scheduled_at", "account__service")


def media_infos(media: list[PostMedia]) -> list[MediaInfo]:
    return [
        MediaInfo(
            path=m.file.path,
            alt_text=m.alt_text,
            consent_recorded=m.consent_recorded or not m.people_identifiable,
            name=str(m),
        )
        for m in media
    ]


def post_check_reports(post: Post) -> dict[str, dict[str, Any]]:
    """Run the checker on every target as it would go out; one run per distinct service text."""
    pack = post.organisation.pack
    media = media_infos(list(post.media.all()))
    cache: dict[tuple[str, str], dict[str, Any]] = {}
    out: dict[str, dict[str, Any]] = {}
    for target in post.targets.all():
        service = target.account.service
        key = (service, target.text)
        if key not in cache:
            cache[key] = check_text(
                text=target.text,
                service=service,
                pack=pack,
                at=target.scheduled_at or post.scheduled_at,
                urgent=post.urgent,
                urgent_reason=post.urgent_reason,
                title=post.title,
                media=media,
            )
        out[str(target.pk)] = {
            "account": target.account_id,
            "account_name": str(target.account),
            "service": service,
            "text": target.text,
            **cache[key],
        }
    return out
