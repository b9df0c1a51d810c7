"""Publishing records: credentials per account, one Delivery per post target, every attempt.

No logic here: writes live in services.py (people) and engine.py (the worker), the state
machine in ``DeliveryState`` / ``TRANSITIONS`` below.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hasshin.core.permissions import DomainError
from hasshin.registry.models import Organisation, SocialAccount


class AccountCredential(models.Model):
    """The tokens of one account, encrypted at rest (``secrets.encrypt``): one Fernet token
    holding a JSON object of the connector's credential fields. Write-only: after entry the
    values are never shown again, only which fields are set."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    account = models.OneToOneField(
        SocialAccount, on_delete=models.CASCADE, related_name="credential"
    )
    encrypted = models.TextField(_("暗号化された認証情報"))
    field_names = models.JSONField(_("設定済みの項目"), default=list)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    last_check_at = models.DateTimeField(_("接続テスト日時"), null=True, blank=True)
    last_check_ok = models.BooleanField(_("接続テストの結果"), null=True)
    last_check_message = models.TextField(_("接続テストのメッセージ"), blank=True)

    class Meta:
        verbose_name = _("認証情報")
        verbose_name_plural = _("認証情報")

    def __str__(self) -> str:  # never the values
        return f"credential for account {self.account_id}"


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("送信待ち")
    CLAIMED = "claimed", _("送信準備中")
    SENDING = "sending", _("送信中")
    SENT = "sent", _("発信済み")
    FAILED_TEMPORARY = "failed_temporary", _("一時的な失敗（再試行予定）")
    FAILED_PERMANENT = "failed_permanent", _("失敗")
    REFUSED = "refused", _("送信前の確認で停止")
    UNKNOWN = "unknown", _("要確認（手作業で確認してください）")
    MANUAL_PENDING = "manual_pending", _("手動投稿待ち")


D = DeliveryState

# The one table of allowed transitions: (from, to) → the audit verb's step (None: not audited,
# the attempt rows record it).
TRANSITIONS: dict[tuple[str, str], str | None] = {
    (D.PENDING, D.CLAIMED): None,
    (D.FAILED_TEMPORARY, D.CLAIMED): None,
    (D.CLAIMED, D.PENDING): None,  # claim expired before anything was sent
    (D.CLAIMED, D.SENDING): None,
    (D.CLAIMED, D.SENT): "reconciled",  # found already published before a retry
    (D.CLAIMED, D.REFUSED): "refused",
    (D.CLAIMED, D.FAILED_TEMPORARY): None,  # the look-up before a retry could not tell
    (D.CLAIMED, D.FAILED_PERMANENT): "failed",
    (D.CLAIMED, D.UNKNOWN): "unknown",
    (D.CLAIMED, D.MANUAL_PENDING): "manual_pending",
    (D.SENDING, D.SENT): "sent",
    (D.SENDING, D.FAILED_TEMPORARY): None,
    (D.SENDING, D.FAILED_PERMANENT): "failed",
    (D.SENDING, D.UNKNOWN): "unknown",
    (D.SENDING, D.MANUAL_PENDING): "manual_pending",
    (D.MANUAL_PENDING, D.SENT): "manual_recorded",
    (D.UNKNOWN, D.SENT): "confirmed_sent",
    (D.UNKNOWN, D.PENDING): "retried",  # a person checked: it was not published
    (D.FAILED_PERMANENT, D.PENDING): "retried",
    (D.REFUSED, D.PENDING): "retried",
}

# Due for the engine when next_attempt_at has passed.
DUE_STATES = (D.PENDING, D.FAILED_TEMPORARY)
# Someone must act: shown to the author and the account's managers.
ATTENTION_STATES = (D.FAILED_PERMANENT, D.REFUSED, D.UNKNOWN, D.MANUAL_PENDING)
RETRYABLE_STATES = (D.FAILED_PERMANENT, D.REFUSED, D.UNKNOWN)
FINAL_STATES = (D.SENT,)


def transition_step(current: str, target: str) -> str | None:
    """The audit step of ``current → target``; DomainError when it is not allowed."""
    if (current, target) not in TRANSITIONS:
        raise DomainError(
            gettext("配信を「%(from)s」から「%(to)s」にすることはできません。")
            % {"from": D(current).label, "to": D(target).label}
        )
    return TRANSITIONS[(current, target)]


class Delivery(models.Model):
    """Publishing one post target on its account, exactly once.

    ``target`` is the ``posts.PostTarget`` it publishes; the engine reads posts only through
    engine_source.py, the one adapter to the posts app. ``text``/``title`` are the approved
    content this delivery sends; once an attempt has started they are what a look-up must
    find, so they change only through a retry."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    account = models.ForeignKey(SocialAccount, on_delete=models.PROTECT, related_name="deliveries")
    target = models.OneToOneField(
        "posts.PostTarget",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delivery",
        verbose_name=_("投稿先"),
    )
    post = models.ForeignKey(
        "posts.Post",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("投稿"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    service = models.CharField(_("サービス"), max_length=20)
    text = models.TextField(_("本文"), blank=True)
    title = models.CharField(_("タイトル"), max_length=200, blank=True)
    scheduled_at = models.DateTimeField(_("送信予定日時"))
    urgent = models.BooleanField(_("緊急"), default=False)
    urgent_reason = models.TextField(_("緊急とする理由"), blank=True)

    state = models.CharField(
        _("状態"), max_length=20, choices=DeliveryState.choices, default=D.PENDING
    )
    idempotency_key = models.CharField(max_length=64, unique=True)
    attempts = models.PositiveIntegerField(_("試行回数"), default=0)
    next_attempt_at = models.DateTimeField(_("次の試行"), null=True, blank=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    claim_expires_at = models.DateTimeField(null=True, blank=True)
    first_attempt_at = models.DateTimeField(null=True, blank=True)

    remote_id = models.CharField(_("サービス上のID"), max_length=200, blank=True)
    url = models.URLField(_("投稿のURL"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("発信日時"), null=True, blank=True)
    reconciled = models.BooleanField(_("照合で確認"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    last_error = models.TextField(_("最後のエラー"), blank=True)
    last_service_message = models.TextField(_("サービスからのメッセージ"), blank=True)
    last_status = models.PositiveIntegerField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-scheduled_at", "-id"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="delivery_due"),
            models.Index(fields=["organisation", "state"], name="delivery_org_state"),
        ]
        verbose_name = _("配信")
        verbose_name_plural = _("配信")

    def __str__(self) -> str:
        return f"delivery {self.pk} ({self.service}, {self.state})"

    @property
    def needs_attention(self) -> bool:
        return self.state in ATTENTION_STATES

    @property
    def retryable(self) -> bool:
        return self.state in RETRYABLE_STATES


class AttemptOutcome(models.TextChoices):
    STARTED = "started", _("実行中")
    SENT = "sent", _("発信")
    RECONCILED = "reconciled", _("照合で発信済みを確認")
    NOT_FOUND = "not_found", _("照合：未発信を確認")
    TEMPORARY = "temporary", _("一時的な失敗")
    PERMANENT = "permanent", _("失敗")
    REFUSED = "refused", _("送信前の確認で停止")
    INTERRUPTED = "interrupted", _("中断（処理が停止）")
    UNKNOWN = "unknown", _("結果不明")
    MANUAL = "manual", _("手動投稿を依頼")


class DeliveryAttempt(models.Model):
    """One try: a send, a look-up before a retry, a refusal, or an interrupted send."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_rows")
    number = models.PositiveIntegerField(_("回"))
    kind = models.CharField(max_length=10, default="send")  # send | lookup | check
    worker = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(_("開始"))
    finished_at = models.DateTimeField(_("終了"), null=True, blank=True)
    outcome = models.CharField(
        _("結果"), max_length=20, choices=AttemptOutcome.choices, default=AttemptOutcome.STARTED
    )
    status_code = models.PositiveIntegerField(_("HTTPステータス"), null=True, blank=True)
    error = models.TextField(_("エラー"), blank=True)
    service_message = models.TextField(_("サービスからのメッセージ"), blank=True)
    reconciled = models.BooleanField(default=False)
    remote_id = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["delivery", "started_at", "id"]
        verbose_name = _("配信の試行")
        verbose_name_plural = _("配信の試行")

    def __str__(self) -> str:
        return f"attempt {self.number} of delivery {self.delivery_id}: {self.outcome}"
