"""Posts, their per-account targets, media, workflow history and approval delegates.

No logic here: writes live in services.py, reads in selectors.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hasshin.registry.models import Division, Organisation, SocialAccount

from .workflow import PostState


class PostKind(models.TextChoices):
    POST = "post", _("通常の投稿")
    # G6.2.3: comments are not replied to in principle; a reply is an approved exception.
    REPLY = "reply", _("コメントへの返信（例外）")


class Post(models.Model):
    """One draft written once and aimed at one or more accounts (one PostTarget each)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="authored_posts",
        verbose_name=_("作成者"),
    )
    title = models.CharField(_("件名（管理用・動画のタイトル）"), max_length=200, blank=True)
    body = models.TextField(_("本文（全サービス共通）"), blank=True)
    # Per-service text where it must differ: {"x": "...", "facebook": "..."}; absent = body.
    texts = models.JSONField(_("サービス別の本文"), default=dict, blank=True)
    scheduled_at = models.DateTimeField(_("送信予定日時"), null=True, blank=True)
    urgent = models.BooleanField(_("緊急（災害・イベント）"), default=False)
    urgent_reason = models.TextField(_("緊急とする理由"), blank=True)
    kind = models.CharField(
        _("種別"), max_length=10, choices=PostKind.choices, default=PostKind.POST
    )
    reply_to_url = models.URLField(_("返信先コメントのURL"), blank=True)
    reply_reason = models.TextField(_("返信する理由（例外の理由）"), blank=True)
    state = models.CharField(
        _("状態"), max_length=20, choices=PostState.choices, default=PostState.DRAFT, db_index=True
    )
    # Incremented on every change of content; an approval names the version it saw (G5.2).
    version = models.PositiveIntegerField(default=1)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("承認者"),
    )
    approved_at = models.DateTimeField(_("承認日時"), null=True, blank=True)
    # G6.2.1: an urgent post approved for outside working hours is reviewed afterwards.
    out_of_hours_reason = models.CharField(_("就業時間外の理由"), max_length=100, blank=True)
    urgent_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("事後確認者"),
    )
    urgent_reviewed_at = models.DateTimeField(_("事後確認日時"), null=True, blank=True)
    urgent_review_note = models.TextField(_("事後確認のメモ"), blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["organisation", "state", "scheduled_at"])]
        verbose_name = _("投稿")
        verbose_name_plural = _("投稿")

    def __str__(self) -> str:
        first_line = self.body.strip().split("\n", 1)[0]
        return (self.title or first_line or f"#{self.pk}")[:40]

    def text_for(self, service: str) -> str:
        return self.texts.get(service) or self.body


class PostTarget(models.Model):
    """The post on one account: its text and send time, and exactly what was approved."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="targets")
    account = models.ForeignKey(
        SocialAccount, on_delete=models.PROTECT, related_name="post_targets"
    )
    text = models.TextField(_("本文"), blank=True)
    scheduled_at = models.DateTimeField(_("送信予定日時"), null=True, blank=True, db_index=True)
    # G5.2: the text exactly as the approver saw it; what the publishing engine sends.
    approved_text = models.TextField(_("承認された本文"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["post", "account__service", "account_id"]
        constraints = [
            models.UniqueConstraint(fields=["post", "account"], name="post_target_unique")
        ]
        verbose_name = _("投稿先")
        verbose_name_plural = _("投稿先")

    def __str__(self) -> str:
        return f"{self.post} → {self.account}"


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("書面")
    EMAIL = "email", _("メール")
    ORAL = "oral", _("口頭（記録あり）")
    ORGANISATION = "organisation", _("所属団体・企業を通じて")


class PostMedia(models.Model):
    """An attached image with alt text and, where people can be identified, their consent."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="media")
    file = models.ImageField(_("画像"), upload_to="posts/%Y/%m/")
    alt_text = models.TextField(_("代替テキスト"), blank=True)
    # G5.3: identifiable people need recorded consent (who, how, when); copyright attested.
    people_identifiable = models.BooleanField(_("個人が特定できる人物が写っている"), default=False)
    consent_by = models.CharField(_("了解を得た相手"), max_length=200, blank=True)
    consent_method = models.CharField(
        _("了解の方法"), max_length=20, choices=ConsentMethod.choices, blank=True
    )
    consent_on = models.DateField(_("了解を得た日"), null=True, blank=True)
    copyright_attested = models.BooleanField(
        _("著作権を確認した（自ら撮影・権利者の許諾あり）"), default=False
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["post", "id"]
        verbose_name = _("画像")
        verbose_name_plural = _("画像")

    def __str__(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]

    @property
    def consent_recorded(self) -> bool:
        return bool(self.consent_by and self.consent_method and self.consent_on)


class PostTransition(models.Model):
    """Every change of state, kept as a row; decisions carry the findings snapshot."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=20, choices=PostState.choices)
    to_state = models.CharField(max_length=20, choices=PostState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    comment = models.TextField(_("コメント"), blank=True)
    version = models.PositiveIntegerField(default=1)
    # {target_id: {"account", "service", "text", "findings": [...], "stats": {...}}}
    findings = models.JSONField(default=dict, blank=True)
    # Warnings the actor explicitly acknowledged: [{"target", "rule", "clause", "text"}]
    acknowledged = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["post", "created_at", "id"]
        verbose_name = _("状態の変更")
        verbose_name_plural = _("状態の変更")

    def __str__(self) -> str:
        return f"{self.post_id}: {self.from_state} → {self.to_state}"

    @property
    def is_decision(self) -> bool:
        return self.to_state in (PostState.APPROVED, PostState.RETURNED)


class ApprovalDelegate(models.Model):
    """A person the organisation names to approve posts for a division in its manager's place."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    division = models.ForeignKey(Division, on_delete=models.CASCADE, verbose_name=_("課等"))
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="approval_delegations",
        verbose_name=_("代理承認者"),
    )
    reason = models.CharField(_("理由"), max_length=200)
    valid_until = models.DateField(_("有効期限"), null=True, blank=True)
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["division", "delegate"], name="approval_delegate_unique"
            )
        ]
        verbose_name = _("代理承認者")
        verbose_name_plural = _("代理承認者")

    def __str__(self) -> str:
        return f"{self.division} / {self.delegate}"
