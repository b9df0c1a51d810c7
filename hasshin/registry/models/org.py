"""Organisations (自治体), their departments and divisions, staff and roles."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hasshin.policy import PolicyPack, available_packs, load_pack


class Role(models.TextChoices):
    OPERATOR = "operator", _("運用担当者")
    CONTRACTOR = "contractor", _("委託事業者・指定管理者")
    MANAGER = "manager", _("運用管理責任者（課等の長）")
    DIRECTOR = "director", _("所属部長")
    INFO_POLICY = "info_policy", _("情報政策担当（セキュリティ・合議）")
    PR = "pr", _("広報主管課（事前協議・合議）")
    GA_DIRECTOR = "ga_director", _("総務担当部長（撤退の指示）")
    AUDITOR = "auditor", _("監査（閲覧のみ）")
    ADMIN = "admin", _("システム管理者")


APPROVER_ROLES = frozenset(
    {Role.MANAGER, Role.DIRECTOR, Role.INFO_POLICY, Role.PR, Role.GA_DIRECTOR, Role.ADMIN}
)


class OrgScopedQuerySet(models.QuerySet):
    def for_org(self, organisation: Organisation) -> OrgScopedQuerySet:
        return self.filter(organisation=organisation)


class Organisation(models.Model):
    """A municipality: the tenant. Nothing crosses from one organisation to another."""

    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英語名"), max_length=100, blank=True)
    slug = models.SlugField(_("識別子"), unique=True)
    local_government_code = models.CharField(
        _("全国地方公共団体コード"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^\d{6}$", _("6桁の数字で入力してください。"))],
    )
    website = models.URLField(_("公式ウェブサイト"))
    policy_pack = models.CharField(_("ポリシーパック"), max_length=50)
    require_two_factor = models.BooleanField(
        _("承認者に二段階認証を必須とする"),
        default=True,
        help_text=_(
            "ポリシーパックが定める役割の職員は、ログイン時にワンタイムパスワードが必要です。"
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["local_government_code"]
        verbose_name = _("自治体")
        verbose_name_plural = _("自治体")

    def __str__(self) -> str:
        return self.name

    @property
    def pack(self) -> PolicyPack:
        return load_pack(self.policy_pack)

    @staticmethod
    def pack_choices() -> list[tuple[str, str]]:
        return [(p, load_pack(p).data.pack.name) for p in available_packs()]


class Department(models.Model):
    """部: owns divisions; its head is the 所属部長 (director) who approves plans."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    name = models.CharField(_("部の名称"), max_length=100)
    name_en = models.CharField(_("英語名"), max_length=100, blank=True)

    objects = OrgScopedQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="department_unique_name")
        ]
        verbose_name = _("部")
        verbose_name_plural = _("部")

    def __str__(self) -> str:
        return self.name


class Division(models.Model):
    """課等: owns accounts. Its head is the account's 運用管理責任者 (G6.1.4)."""

    class Function(models.TextChoices):
        NONE = "", _("一般")
        PR = "pr", _("広報（市公式アカウント運用）")
        INFO_POLICY = "info_policy", _("情報政策")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    department = models.ForeignKey(Department, on_delete=models.PROTECT)
    name = models.CharField(_("課等の名称"), max_length=100)
    name_en = models.CharField(_("英語名"), max_length=100, blank=True)
    function = models.CharField(
        _("役割"), max_length=20, choices=Function.choices, blank=True, default=""
    )
    phone = models.CharField(_("電話番号"), max_length=20, blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)

    objects = OrgScopedQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "department", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="division_unique_name")
        ]
        verbose_name = _("課等")
        verbose_name_plural = _("課等")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of staff (or a contractor's operator) of exactly one organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("自治体")
    )
    division = models.ForeignKey(
        Division, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("所属")
    )
    display_name = models.CharField(_("氏名"), max_length=100, blank=True)
    title = models.CharField(_("役職"), max_length=100, blank=True)
    company = models.CharField(
        _("事業者名"), max_length=100, blank=True, help_text=_("委託事業者・指定管理者の場合")
    )

    class Meta:
        verbose_name = _("職員")
        verbose_name_plural = _("職員")

    def __str__(self) -> str:
        return self.display_name or self.username

    def roles(self) -> set[str]:
        cache = getattr(self, "_role_cache", None)
        if cache is None:
            cache = set(self.role_assignments.values_list("role", flat=True))
            self._role_cache = cache
        return cache

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles() & set(roles))

    def needs_two_factor(self) -> bool:
        if self.organisation is None or not self.organisation.require_two_factor:
            return False
        required = set(self.organisation.pack.data.security.require_two_factor_roles)
        return bool(self.roles() & required)


class RoleAssignment(models.Model):
    """One role held by one person, optionally for one division or department."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("役割"), max_length=20, choices=Role.choices)
    division = models.ForeignKey(Division, on_delete=models.CASCADE, null=True, blank=True)
    department = models.ForeignKey(Department, on_delete=models.CASCADE, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrgScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "division", "department"],
                name="role_assignment_unique",
            )
        ]
        verbose_name = _("役割の割当")
        verbose_name_plural = _("役割の割当")

    def __str__(self) -> str:
        scope = self.division or self.department or ""
        return f"{self.user} / {self.get_role_display()} {scope}".strip()
