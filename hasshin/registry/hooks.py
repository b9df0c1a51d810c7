"""Dashboard cards and background jobs of the registry: what needs someone's action, and
reminders (next year's plan from February, password rotation, departed credential holders)."""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hasshin.core.dashboard import Card, card_provider
from hasshin.core.worker import periodic

from . import fiscal, selectors
from .models import Organisation, Reminder, Role
from .security import security_check_holders


@card_provider
def registry_cards(user) -> list[Card]:
    org = user.organisation
    if org is None:
        return []
    cards = []
    awaiting = selectors.plans_awaiting(user)
    if awaiting:
        cards.append(Card(_("決裁待ちの運用計画書"), len(awaiting), reverse("registry:inbox")))
    to_fix = selectors.plans_to_fix(user)
    if to_fix:
        cards.append(Card(_("提出前・差戻しの運用計画書"), len(to_fix), reverse("registry:inbox")))
    missing = selectors.missing_plan_accounts(org)
    if missing:
        cards.append(
            Card(
                _("今年度の計画書が承認されていないアカウント"),
                len(missing),
                reverse("registry:account_list"),
                _("%(fy)sの運用計画書がありません（G6.1.3）")
                % {"fy": fiscal.wareki_label(fiscal.current_fiscal_year())},
            )
        )
    renewal = selectors.renewal_due_accounts(org)
    if renewal and user.has_role(Role.MANAGER, Role.PR):
        cards.append(
            Card(
                _("次年度の計画書の提出"),
                len(renewal),
                reverse("registry:account_list"),
                _("年度末までに提出してください"),
            )
        )
    overdue = selectors.rotation_overdue(org)
    if overdue and user.has_role(Role.MANAGER, Role.INFO_POLICY, Role.ADMIN):
        cards.append(
            Card(_("パスワード変更の期限切れ"), len(overdue), reverse("registry:security_list"))
        )
    return cards


def _once(org: Organisation, kind: str, key: str) -> bool:
    """True the first time (kind, key) is claimed; safe with several workers."""
    try:
        with transaction.atomic():
            Reminder.objects.create(organisation=org, kind=kind, key=key)
    except IntegrityError:
        return False
    return True


def _mail(users, subject: str, body: str) -> None:
    recipients = sorted({u.email for u in users if u.email})
    if recipients:
        send_mail(subject, body, None, recipients, fail_silently=True)


@periodic("registry.reminders", 3600)
def send_reminders() -> int:
    today = timezone.localdate()
    sent = 0
    for org in Organisation.objects.all():
        next_fy = fiscal.current_fiscal_year(today) + 1
        for account in selectors.renewal_due_accounts(org, today):
            if _once(org, "plan_renewal", f"{account.pk}:{next_fy}"):
                _mail(
                    account.managers(),
                    _("【発信】次年度の運用計画書を提出してください：%(name)s")
                    % {"name": account.display_name},
                    _(
                        "%(fy)sの運用計画書を年度末までに提出してください。今年度の計画書の写しから作成できます。"
                    )
                    % {"fy": fiscal.wareki_label(next_fy)},
                )
                sent += 1
        for row in selectors.rotation_overdue(org, today):
            account = row["account"]
            due = row["due"].isoformat() if row["due"] else "never"
            if _once(org, "password_rotation", f"{account.pk}:{due}"):
                _mail(
                    [*account.managers(), *row["security"].credential_holders.all()],
                    _("【発信】パスワードの変更期限です：%(name)s")
                    % {"name": account.display_name},
                    _("アカウントのパスワードを変更し、変更日を記録してください（G6.1.6）。"),
                )
                sent += 1
    return sent


@periodic("registry.credential_holders", 600)
def check_credential_holders() -> int:
    return security_check_holders()
