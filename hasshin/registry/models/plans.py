"""運用計画書 (OperationPlan): one per account per fiscal year, versioned, with its timeline.

States and their allowed transitions live in ``hasshin.registry.workflow``; writes in
``hasshin.registry.plans``. Nothing here changes state.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import fiscal
from .accounts import SocialAccount
from .org import Organisation, OrgScopedQuerySet

AGE_GROUPS = [
    ("10s", _("10代")),
    ("20s", _("20代")),
    ("30s", _("30代")),
    ("40s", _("40代")),
    ("50s", _("50代")),
    ("60s", _("60代")),
    ("70s", _("70代以上")),
]


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("下書き")
    IN_REVIEW = "in_review", _("審査中")
    RETURNED = "returned", _("差戻し")
    REJECTED = "rejected", _("却下")
    APPROVED = "approved", _("承認済み")


class ReplyPolicy(models.TextChoices):
    # G6.2.3: comments are not replied to, in principle.
    NO_REPLY = "no_reply", _("原則として返信しない")
    EXCEPTIONAL = "exceptional", _("誤情報の訂正など必要な場合に限り返信する")


class OperationPlan(models.Model):
    """上越市ソーシャルメディア運用計画書 (or the pack's equivalent) for one fiscal year."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    account = models.ForeignKey(SocialAccount, on_delete=models.PROTECT, related_name="plans")
    fiscal_year = models.PositiveIntegerField(_("年度"))
    status = models.CharField(
        _("状態"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("版"), default=1)
    # The approval chain copied from the policy pack when the plan is submitted, so a pack
    # edited mid-way does not change the steps of a plan already under review.
    chain = models.JSONField(default=list)
    current_step = models.CharField(_("現在の手続"), max_length=50, blank=True)
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # G4.1 なぜ
    purpose = models.TextField(_("事業等の目的と発信すべき理由"))
    why_social_media = models.TextField(_("ソーシャルメディアを選ぶ理由"))
    left_out = models.TextField(
        _("情報が届きにくい人（ICTリテラシーの差による情報格差）"),
    )
    alternative_channel = models.TextField(_("その人たちに届ける他の手段"))
    # G4.2 何を、いつ
    content_plan = models.TextField(_("発信する内容"))
    timing = models.TextField(_("発信のタイミング（受け手の状況への配慮）"))
    # G4.3 誰に
    target_age_groups = models.JSONField(_("ターゲットの年代"), default=list)
    target_all_citizens = models.BooleanField(_("市民全体を対象とする"), default=False)
    target_family = models.CharField(_("家族構成"), max_length=200, blank=True)
    target_occupation = models.CharField(_("職業"), max_length=200, blank=True)
    target_residence = models.CharField(_("居住場所"), max_length=200)
    target_hobbies = models.CharField(_("趣味"), max_length=200, blank=True)
    target_lifestyle = models.CharField(_("ライフスタイル"), max_length=200, blank=True)
    target_latent = models.CharField(
        _("潜在意識（UIターン・転職など）"), max_length=200, blank=True
    )
    # G4.4 どのように
    service_reason = models.TextField(_("サービスがターゲットに合う理由"))
    # G4.5 頻度
    posts_per_month = models.PositiveIntegerField(_("予定する発信回数（月あたり）"))
    frequency_note = models.CharField(_("発信頻度の補足"), max_length=200, blank=True)
    # Operation
    operating_hours = models.CharField(_("運用時間"), max_length=200)
    reply_policy = models.CharField(
        _("コメントへの返信"),
        max_length=20,
        choices=ReplyPolicy.choices,
        default=ReplyPolicy.NO_REPLY,
    )
    follow_policy = models.TextField(_("フォロー・リポスト（引用）の方針"))
    contact = models.CharField(_("問い合わせ先"), max_length=200)
    # G6.1.7 / G5.6
    handles_sensitive_data = models.BooleanField(_("要機密情報や個人情報を取り扱う"), default=False)
    sensitive_data_description = models.TextField(_("取り扱う情報と管理方法"), blank=True)
    security_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("セキュリティ確認者"),
    )
    security_confirmed_at = models.DateTimeField(_("セキュリティ確認日時"), null=True, blank=True)
    security_note = models.TextField(_("セキュリティ確認の内容"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("作成者"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("提出者"),
    )
    submitted_at = models.DateTimeField(_("提出日時"), null=True, blank=True)
    approved_at = models.DateTimeField(_("承認日時"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrgScopedQuerySet.as_manager()

    # Fields copied to a renewal and snapshotted in each version.
    CONTENT_FIELDS = (
        "purpose",
        "why_social_media",
        "left_out",
        "alternative_channel",
        "content_plan",
        "timing",
        "target_age_groups",
        "target_all_citizens",
        "target_family",
        "target_occupation",
        "target_residence",
        "target_hobbies",
        "target_lifestyle",
        "target_latent",
        "service_reason",
        "posts_per_month",
        "frequency_note",
        "operating_hours",
        "reply_policy",
        "follow_policy",
        "contact",
        "handles_sensitive_data",
        "sensitive_data_description",
    )

    class Meta:
        ordering = ["-fiscal_year", "-id"]
        constraints = [
            # One live plan per account and year; rejected ones stay as history.
            models.UniqueConstraint(
                fields=["account", "fiscal_year"],
                condition=~models.Q(status="rejected"),
                name="operation_plan_one_live_per_year",
            )
        ]
        verbose_name = _("運用計画書")
        verbose_name_plural = _("運用計画書")

    def __str__(self) -> str:
        return f"{self.account.display_name} {fiscal.wareki_label(self.fiscal_year)} 運用計画書"

    @property
    def fiscal_year_label(self) -> str:
        return fiscal.label(self.fiscal_year)

    @property
    def term(self):
        return fiscal.term(self.fiscal_year)

    def step(self, step_id: str | None = None) -> dict | None:
        step_id = step_id or self.current_step
        return next((s for s in self.chain if s["id"] == step_id), None)

    def age_group_labels(self) -> list[str]:
        names = dict(AGE_GROUPS)
        return [str(names[a]) for a in self.target_age_groups if a in names]


class PlanEvent(models.Model):
    """One entry of a plan's timeline: submission, decision, co-signature, opening…"""

    class Kind(models.TextChoices):
        CREATED = "created", _("作成")
        EDITED = "edited", _("修正")
        SUBMITTED = "submitted", _("提出")
        APPROVED = "approved", _("承認")
        RETURNED = "returned", _("差戻し")
        REJECTED = "rejected", _("却下")
        OPENED = "opened", _("アカウント開設")
        SKIPPED = "skipped", _("省略")
        SECURITY = "security", _("セキュリティ確認")
        IMPORTED = "imported", _("紙の決裁から登録")
        RENEWED = "renewed", _("次年度の計画書を作成")

    plan = models.ForeignKey(OperationPlan, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    step_id = models.CharField(max_length=50, blank=True)
    step_label = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(max_length=150, blank=True)
    version = models.PositiveIntegerField(default=1)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.step_label}".strip()


class PlanVersion(models.Model):
    """The plan's content exactly as submitted, one row per submission (版)."""

    plan = models.ForeignKey(OperationPlan, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    content = models.JSONField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "version"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"], name="plan_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.version}"


class Reminder(models.Model):
    """A reminder that was sent, so the worker sends each one once."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=100)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind", "key"], name="reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"
