"""The one adapter between the publishing engine and the posts app (hasshin.posts).

Everything the engine knows about posts goes through a ``Source``: which post targets are
due to become deliveries, what a target's approved content is now (the send-time re-check),
and telling the posts app a post was published. A change in the posts app is a fix here.

Tests and benchmarks swap the source with ``use_source()``: the engine itself never imports
hasshin.posts.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from django.apps import apps
from django.conf import settings
from django.utils.translation import gettext as _

from .base import MediaItem


@dataclass(frozen=True)
class TargetSnapshot:
    """A post target as the engine needs it: the approved content and its send time."""

    target_id: int
    post_id: int
    organisation_id: int
    account_id: int
    author_id: int | None
    text: str
    title: str
    scheduled_at: datetime
    urgent: bool
    urgent_reason: str
    approved_at: datetime | None


class Source(Protocol):
    def new_targets(self) -> Iterator[TargetSnapshot]:
        """Targets of posts on the schedule that have no delivery yet."""
        ...

    def snapshots(self, target_ids: list[int]) -> dict[int, TargetSnapshot]:
        """The current approved content of targets on the schedule (others are left out)."""
        ...

    def recheck(self, *, target_id: int, text: str, service: str, at: datetime) -> list[str]:
        """Reasons (Japanese, user-readable) not to send ``text`` now; empty when all is well."""
        ...

    def on_sent(self, *, post_id: int, all_sent: bool) -> None:
        """Called inside the transaction that records a delivery as sent."""
        ...

    def media(self, *, target_id: int | None, service: str) -> list[MediaItem]:
        """The images/videos to attach, with alt text and a public URL."""
        ...


class NullSource:
    """No posts app: deliveries created directly (tests, benchmarks) are sent as they are."""

    def new_targets(self) -> Iterator[TargetSnapshot]:
        return iter(())

    def snapshots(self, target_ids: list[int]) -> dict[int, TargetSnapshot]:
        return {}

    def recheck(self, *, target_id: int, text: str, service: str, at: datetime) -> list[str]:
        return []

    def on_sent(self, *, post_id: int, all_sent: bool) -> None:
        return None

    def media(self, *, target_id: int | None, service: str) -> list[MediaItem]:
        return []


class PostsSource:
    """hasshin.posts: Post (workflow state, version) and PostTarget (approved_text)."""

    SENDABLE = ("approved", "scheduled")

    def _models(self) -> tuple[Any, Any]:
        from hasshin.posts.models import Post, PostTarget

        return Post, PostTarget

    def _snapshot(self, target: Any) -> TargetSnapshot:
        post = target.post
        return TargetSnapshot(
            target_id=target.pk,
            post_id=post.pk,
            organisation_id=post.organisation_id,
            account_id=target.account_id,
            author_id=post.author_id,
            text=target.approved_text,
            title=post.title,
            scheduled_at=target.scheduled_at or post.scheduled_at,
            urgent=post.urgent,
            urgent_reason=post.urgent_reason,
            approved_at=target.approved_at,
        )

    def _scheduled(self) -> Any:
        PostTarget = self._models()[1]
        return (
            PostTarget.objects.filter(post__state="scheduled", approved_at__isnull=False)
            .exclude(approved_text="")
            .select_related("post")
        )

    def new_targets(self) -> Iterator[TargetSnapshot]:
        from .models import Delivery

        have = Delivery.objects.filter(target_id__isnull=False).values("target_id")
        for target in self._scheduled().exclude(pk__in=have).iterator():
            if target.scheduled_at or target.post.scheduled_at:
                yield self._snapshot(target)

    def snapshots(self, target_ids: list[int]) -> dict[int, TargetSnapshot]:
        qs = self._scheduled().filter(pk__in=target_ids)
        return {t.pk: self._snapshot(t) for t in qs if t.scheduled_at or t.post.scheduled_at}

    def recheck(self, *, target_id: int, text: str, service: str, at: datetime) -> list[str]:
        PostTarget = self._models()[1]
        target = (
            PostTarget.objects.select_related("post", "post__organisation")
            .filter(pk=target_id)
            .first()
        )
        if target is None:
            return [_("投稿が削除されています。")]
        post = target.post
        reasons = []
        if post.state not in self.SENDABLE or target.approved_at is None:
            reasons.append(
                _("投稿が承認済みではありません（現在の状態：%(state)s）。")
                % {"state": post.get_state_display()}
            )
        elif target.approved_text != text or target.text != target.approved_text:
            reasons.append(_("承認の後に本文が変更されています。もう一度承認を受けてください。"))
        if reasons:
            return reasons
        from hasshin.posts.checking import check_text
        from hasshin.posts.selectors import media_infos

        report = check_text(
            text=text,
            service=service,
            pack=post.organisation.pack,
            at=at,
            urgent=post.urgent,
            urgent_reason=post.urgent_reason,
            title=post.title,
            media=media_infos(list(post.media.all())),
        )
        for finding in report.get("findings", []):
            if finding.get("severity") == "error":
                reasons.append(
                    _("ガイドライン確認でエラー：%(message)s（%(clause)s）")
                    % {"message": finding.get("message", ""), "clause": finding.get("clause", "")}
                )
        return reasons

    def on_sent(self, *, post_id: int, all_sent: bool) -> None:
        if not all_sent:
            return
        Post, _target = self._models()
        post = Post.objects.select_for_update().filter(pk=post_id).first()
        if post is None or post.state != "scheduled":
            return
        from hasshin.posts.services import post_mark_published

        post_mark_published(post=post)

    def media(self, *, target_id: int | None, service: str) -> list[MediaItem]:
        PostTarget = self._models()[1]
        target = PostTarget.objects.select_related("post").filter(pk=target_id).first()
        if target is None:
            return []
        site = settings.HASSHIN_SITE_URL
        return [
            MediaItem(
                mime=mimetypes.guess_type(m.file.name)[0] or "application/octet-stream",
                alt_text=m.alt_text,
                path=Path(m.file.path),
                url=f"{site}{m.file.url}" if site else None,
            )
            for m in target.post.media.all()
        ]


_override: Source | None = None


def use_source(source: Source | None) -> None:
    """Replace the source (tests, benchmarks); None restores the default."""
    global _override
    _override = source


def get_source() -> Source:
    if _override is not None:
        return _override
    if apps.is_installed("hasshin.posts"):
        return PostsSource()
    return NullSource()
