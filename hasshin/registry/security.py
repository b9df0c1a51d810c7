"""Writes for account security hygiene (G6.1.6). No platform password is ever stored."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hasshin.audit.services import audit_record
from hasshin.core.permissions import DomainError

from .models import AccountSecurity, Division, SocialAccount, User
from .workflow import is_manager_of


def _security(account: SocialAccount) -> AccountSecurity:
    sec, _created = AccountSecurity.objects.select_for_update().get_or_create(account=account)
    return sec


def _require_keeper(actor: User, account: SocialAccount, sec: AccountSecurity) -> None:
    if is_manager_of(actor, account):
        return
    if sec.credential_holders.filter(pk=actor.pk).exists():
        return
    raise DomainError(_("この記録は運用管理責任者またはログイン情報を管理する職員だけが行えます。"))


@transaction.atomic
def security_attest_two_factor(
    *, account: SocialAccount, enabled: bool, actor: User
) -> AccountSecurity:
    sec = _security(account)
    _require_keeper(actor, account, sec)
    sec.two_factor_enabled = enabled
    sec.two_factor_attested_by = actor
    sec.two_factor_attested_at = timezone.now()
    sec.save()
    audit_record(
        verb="security.two_factor_attested",
        organisation=account.organisation,
        actor=actor,
        obj=account,
        details={"enabled": enabled},
    )
    return sec


@transaction.atomic
def security_record_password_change(
    *, account: SocialAccount, changed_on: date, actor: User
) -> AccountSecurity:
    sec = _security(account)
    _require_keeper(actor, account, sec)
    if changed_on > timezone.localdate():
        raise DomainError(_("パスワードの変更日に未来の日付は入力できません。"))
    sec.password_changed_on = changed_on
    sec.password_recorded_by = actor
    sec.rotation_forced_on = None
    sec.rotation_forced_reason = ""
    sec.save()
    audit_record(
        verb="security.password_changed",
        organisation=account.organisation,
        actor=actor,
        obj=account,
        details={"changed_on": changed_on},
    )
    return sec


@transaction.atomic
def security_set_holders(
    *, account: SocialAccount, holders: Iterable[User], actor: User
) -> AccountSecurity:
    if not is_manager_of(actor, account):
        raise DomainError(_("ログイン情報を管理する職員は運用管理責任者だけが指定できます。"))
    holders = list(holders)
    if any(h.organisation_id != account.organisation_id for h in holders):
        raise DomainError(_("他の自治体の職員は指定できません。"))
    sec = _security(account)
    sec.credential_holders.set(holders)
    audit_record(
        verb="security.holders_set",
        organisation=account.organisation,
        actor=actor,
        obj=account,
        details={"holders": [h.username for h in holders]},
    )
    return sec


def _force(sec: AccountSecurity, reason: str, actor: User | None) -> None:
    sec.rotation_forced_on = timezone.localdate()
    sec.rotation_forced_reason = reason[:200]
    sec.save(update_fields=["rotation_forced_on", "rotation_forced_reason"])
    audit_record(
        verb="security.rotation_forced",
        organisation=sec.account.organisation,
        actor=actor,
        obj=sec.account,
        details={"reason": reason},
    )


@transaction.atomic
def security_check_holders(*, actor: User | None = None) -> int:
    """A credential holder who left the account's division (or left altogether) makes the
    password rotation due at once; they stop being a holder. Returns accounts affected."""
    affected = 0
    # PostgreSQL refuses FOR UPDATE with DISTINCT: pick the ids first, then lock those rows.
    ids = (
        AccountSecurity.objects.filter(credential_holders__isnull=False)
        .values_list("pk", flat=True)
        .distinct()
    )
    qs = AccountSecurity.objects.select_for_update().select_related("account__organisation")
    for sec in qs.filter(pk__in=list(ids)).order_by("pk"):
        gone = [
            h
            for h in sec.credential_holders.all()
            if not h.is_active or h.division_id != sec.account.division_id
        ]
        if not gone:
            continue
        names = "、".join(str(h) for h in gone)
        sec.credential_holders.remove(*gone)
        _force(sec, _("ログイン情報を知る職員（%(names)s）が異動・退職") % {"names": names}, actor)
        affected += 1
    return affected


@transaction.atomic
def user_change_division(*, user: User, division: Division | None, actor: User) -> User:
    """Move a member of staff to another division; their held credentials become due."""
    if division is not None and division.organisation_id != user.organisation_id:
        raise DomainError(_("他の自治体の課等には異動できません。"))
    old = user.division
    user.division = division
    user.save(update_fields=["division"])
    audit_record(
        verb="user.division_changed",
        organisation=user.organisation,
        actor=actor,
        obj=user,
        details={"from": getattr(old, "name", None), "to": getattr(division, "name", None)},
    )
    security_check_holders(actor=actor)
    return user
