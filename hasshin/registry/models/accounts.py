"""Official social media accounts (SocialAccount). Lifecycle services live in services."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .org import Division, Organisation, OrgScopedQuerySet


class Service(models.TextChoices):
    X = "x", "X（旧Twitter）"
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    LINE = "line", "LINE"
    YOUTUBE = "youtube", "YouTube"
    TIKTOK = "tiktok", "TikTok"
    BLOG = "blog", _("ブログ")
    OTHER = "other", _("その他")


class AccountStatus(models.TextChoices):
    PROPOSED = "proposed", _("開設の検討中")
    PRE_CONSULTATION = "pre_consultation", _("事前協議中")
    PLANNING = "planning", _("運用計画書の審査中")
    APPROVED = "approved", _("承認済み（開設手続き中）")
    ACTIVE = "active", _("運用中")
    DECLINED = "declined", _("開設見送り")


class SocialAccount(models.Model):
    """One account on one service, owned by a division whose head is its 運用管理責任者."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    division = models.ForeignKey(Division, on_delete=models.PROTECT, verbose_name=_("所管課等"))
    service = models.CharField(_("サービス"), max_length=20, choices=Service.choices)
    display_name = models.CharField(_("アカウント名"), max_length=100)
    handle = models.CharField(_("ハンドル・ID"), max_length=100, blank=True)
    url = models.URLField(_("ページのURL"), blank=True)
    status = models.CharField(
        _("状態"), max_length=30, choices=AccountStatus.choices, default=AccountStatus.PROPOSED
    )
    is_city_wide = models.BooleanField(
        _("市公式アカウント"),
        default=False,
        help_text=_("広報対話課が運用する、市民向けの一本化された公式アカウント（G4.4）"),
    )
    operators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="operated_accounts",
        verbose_name=_("運用担当者"),
    )
    contractor_name = models.CharField(_("委託事業者・指定管理者"), max_length=100, blank=True)
    emergency_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("緊急連絡先"),
    )
    profile_text = models.TextField(_("プロフィール文"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrgScopedQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "division", "service", "display_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "service", "handle"],
                condition=~models.Q(handle=""),
                name="social_account_unique_handle",
            )
        ]
        verbose_name = _("ソーシャルメディアアカウント")
        verbose_name_plural = _("ソーシャルメディアアカウント")

    def __str__(self) -> str:
        return f"{self.display_name}（{self.get_service_display()}）"

    def managers(self):
        """The 運用管理責任者: people holding the manager role for the owning division."""
        from .org import Role, User

        return User.objects.filter(
            role_assignments__role=Role.MANAGER,
            role_assignments__division=self.division_id,
            is_active=True,
        )
