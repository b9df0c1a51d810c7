"""Security hygiene per account (G6.1.6). The platforms' passwords are never stored here:
only who holds them, when they were last changed, and whether two-step verification is on."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .accounts import SocialAccount


class AccountSecurity(models.Model):
    account = models.OneToOneField(SocialAccount, on_delete=models.CASCADE, related_name="security")
    two_factor_enabled = models.BooleanField(_("二段階認証"), default=False)
    two_factor_attested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("二段階認証の確認者"),
    )
    two_factor_attested_at = models.DateTimeField(_("二段階認証の確認日時"), null=True, blank=True)
    password_changed_on = models.DateField(_("パスワード最終変更日"), null=True, blank=True)
    password_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("変更の記録者"),
    )
    credential_holders = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="held_credentials",
        verbose_name=_("ログイン情報を管理する職員"),
    )
    # Set when a credential holder leaves the division: rotation is due at once.
    rotation_forced_on = models.DateField(_("即時変更が必要になった日"), null=True, blank=True)
    rotation_forced_reason = models.CharField(_("即時変更の理由"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("アカウントのセキュリティ")
        verbose_name_plural = _("アカウントのセキュリティ")

    def __str__(self) -> str:
        return f"{self.account} security"

    def rotation_due_on(self, rotation_days: int) -> date | None:
        """None when never recorded (which counts as due)."""
        if self.rotation_forced_on:
            return self.rotation_forced_on
        if self.password_changed_on is None:
            return None
        return self.password_changed_on + timedelta(days=rotation_days)

    def is_overdue(self, rotation_days: int, today: date) -> bool:
        due = self.rotation_due_on(rotation_days)
        return due is None or due <= today
