from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail

from hasshin.registry import fiscal, hooks, selectors
from hasshin.registry.models import AccountSecurity, Division, SocialAccount
from hasshin.registry.security import (
    security_record_password_change,
    security_set_holders,
    user_change_division,
)


def test_g6_1_3_fiscal_year_and_wareki():
    assert fiscal.fiscal_year_of(date(2027, 3, 31)) == 2026
    assert fiscal.fiscal_year_of(date(2027, 4, 1)) == 2027
    assert fiscal.wareki_label(2026) == "令和8年度"
    assert fiscal.wareki_label(2019) == "令和元年度"
    assert fiscal.term(2026) == (date(2026, 4, 1), date(2027, 3, 31))


@pytest.mark.django_db
def test_g6_1_3_renewal_reminded_from_february_once(demo, persona):
    feb = date(fiscal.current_fiscal_year() + 1, 2, 3)
    assert selectors.renewal_due_accounts(demo["joetsu"], date(feb.year - 1, 11, 1)) == []
    due = selectors.renewal_due_accounts(demo["joetsu"], feb)
    assert any(a.display_name == "上越観光（公式）" for a in due)


@pytest.mark.django_db
def test_g6_1_3_account_without_plan_for_new_year_is_flagged(demo):
    next_april = date(fiscal.current_fiscal_year() + 1, 4, 2)
    flagged = selectors.missing_plan_accounts(demo["joetsu"], next_april)
    assert {a.display_name for a in flagged} >= {"上越観光（公式）", "上越市"}
    assert selectors.missing_plan_accounts(demo["joetsu"]) == []


@pytest.mark.django_db
def test_reminder_job_sends_each_reminder_once(demo, persona):
    sec = AccountSecurity.objects.get(account__display_name="上越観光（公式）")
    sec.password_changed_on = date(2000, 1, 1)
    sec.save()
    mail.outbox.clear()
    assert hooks.send_reminders() >= 1
    assert any("パスワードの変更期限" in m.subject for m in mail.outbox)
    first = len(mail.outbox)
    hooks.send_reminders()
    assert len(mail.outbox) == first


@pytest.mark.django_db
def test_g6_1_6_holder_leaving_the_division_makes_rotation_due(demo, persona):
    account = SocialAccount.objects.get(display_name="上越観光（公式）")
    manager = persona("manager")
    security_record_password_change(account=account, changed_on=date.today(), actor=manager)
    security_set_holders(account=account, holders=[persona("operator")], actor=manager)
    days = demo["joetsu"].pack.data.security.password_rotation_days
    assert not account.security.is_overdue(days, date.today())
    user_change_division(
        user=persona("operator"),
        division=Division.objects.get(name="子育て支援課"),
        actor=persona("admin"),
    )
    sec = AccountSecurity.objects.get(account=account)
    assert sec.is_overdue(days, date.today())
    assert "異動" in sec.rotation_forced_reason
    assert list(sec.credential_holders.all()) == []
    overdue = selectors.rotation_overdue(demo["joetsu"])
    assert account in [r["account"] for r in overdue]


@pytest.mark.django_db
def test_g6_1_6_rotation_due_after_pack_interval(demo, persona):
    account = SocialAccount.objects.get(display_name="上越観光（公式）")
    days = demo["joetsu"].pack.data.security.password_rotation_days
    security_record_password_change(
        account=account, changed_on=date.today() - timedelta(days=days), actor=persona("manager")
    )
    assert AccountSecurity.objects.get(account=account).is_overdue(days, date.today())


@pytest.mark.django_db
def test_security_records_only_by_keepers(demo, persona):
    from hasshin.core.permissions import DomainError

    account = SocialAccount.objects.get(display_name="上越観光（公式）")
    with pytest.raises(DomainError):
        security_record_password_change(
            account=account, changed_on=date.today(), actor=persona("other_manager")
        )
    with pytest.raises(DomainError, match="未来"):
        security_record_password_change(
            account=account, changed_on=date.today() + timedelta(days=1), actor=persona("manager")
        )
