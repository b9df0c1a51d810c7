"""The plan approval chain, driven by the policy pack, and the account lifecycle."""

from __future__ import annotations

import pytest
from django.core import mail

from hasshin.audit.models import AuditEvent
from hasshin.core.permissions import DomainError
from hasshin.registry.models import AccountStatus, PlanEvent, PlanStatus, SocialAccount
from hasshin.registry.plans import (
    account_open,
    plan_approve,
    plan_confirm_security,
    plan_reject,
    plan_return,
    plan_submit,
    plan_update,
)
from hasshin.registry.validation import InvalidInput
from hasshin.registry.workflow import ACCOUNT_TRANSITIONS, PLAN_TRANSITIONS, account_move

from .factories import propose, reload

pytestmark = pytest.mark.django_db


def walk_to_active(persona, plan):
    plan = plan_submit(plan=plan, actor=persona("manager"))
    plan = plan_approve(plan=plan, actor=persona("pr"), comment="必要性を確認")
    plan = plan_approve(plan=plan, actor=persona("director"))
    plan = plan_approve(plan=plan, actor=persona("info_policy"))
    plan = plan_approve(plan=plan, actor=persona("pr"))
    plan = account_open(
        plan=plan,
        actor=persona("manager"),
        handle="joetsu_kanko_fb",
        url="https://www.facebook.com/joetsu_kanko_fb",
    )
    return plan_approve(plan=plan, actor=persona("pr"), comment="受理")


def test_g6_1_2_whole_chain_makes_the_account_active(persona):
    plan = propose(persona)
    assert plan.account.status == AccountStatus.PROPOSED
    plan = plan_submit(plan=plan, actor=persona("manager"))
    assert (plan.current_step, reload(plan).account.status) == (
        "pre_consultation",
        AccountStatus.PRE_CONSULTATION,
    )
    plan = plan_approve(plan=plan, actor=persona("pr"))
    assert (plan.current_step, reload(plan).account.status) == (
        "director_approval",
        AccountStatus.PLANNING,
    )
    plan = plan_approve(plan=plan, actor=persona("director"))
    assert plan.current_step == "co_sign"
    plan = plan_approve(plan=plan, actor=persona("info_policy"))
    assert plan.current_step == "co_sign"  # 合議: both are required
    plan = plan_approve(plan=plan, actor=persona("pr"))
    assert plan.current_step == "account_opened"
    assert reload(plan).account.status == AccountStatus.APPROVED
    plan = account_open(
        plan=plan, actor=persona("manager"), handle="@kanko_fb", url="https://facebook.com/kanko"
    )
    assert plan.current_step == "plan_submitted"
    plan = plan_approve(plan=plan, actor=persona("pr"), comment="受理")
    plan = reload(plan)
    assert plan.status == PlanStatus.APPROVED
    assert plan.account.status == AccountStatus.ACTIVE
    assert plan.account.handle == "kanko_fb"
    kinds = list(plan.events.values_list("kind", flat=True))
    assert kinds.count("approved") == 5 and "opened" in kinds
    verbs = set(AuditEvent.objects.filter(object_id=str(plan.pk)).values_list("verb", flat=True))
    assert {"plan.submitted", "plan.step_approved", "plan.approved"} <= verbs


def test_next_actor_is_emailed(persona):
    plan = propose(persona)
    mail.outbox.clear()
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        plan_submit(plan=plan, actor=persona("manager"))
    assert [m.to for m in mail.outbox] == [[persona("pr").email]]
    assert "事前協議" in mail.outbox[0].body


def test_wrong_role_is_refused_at_each_step(persona):
    plan = plan_submit(plan=propose(persona), actor=persona("manager"))
    for name in ("director", "info_policy", "operator", "contractor", "auditor", "ga_director"):
        with pytest.raises(DomainError, match=r"事前協議」は.*権限を持つ人だけ"):
            plan_approve(plan=plan, actor=persona(name))
    plan = plan_approve(plan=plan, actor=persona("pr"))
    with pytest.raises(DomainError, match=r"所属部長の決裁」は.*権限を持つ人だけ"):
        plan_approve(plan=plan, actor=persona("pr"))
    # A director of another 部 cannot approve this division's plan.
    with pytest.raises(DomainError, match="所属部長"):
        plan_approve(plan=plan, actor=persona("ga_director"))


def test_outsider_cannot_act(persona):
    plan = plan_submit(plan=propose(persona), actor=persona("manager"))
    with pytest.raises(DomainError):
        plan_approve(plan=plan, actor=persona("outsider"))
    with pytest.raises(DomainError):
        plan_approve(plan=plan, actor=persona("sakura-kacho"))


def test_co_sign_needs_two_different_people(persona):
    plan = plan_submit(plan=propose(persona), actor=persona("manager"))
    plan = plan_approve(plan=plan, actor=persona("pr"))
    plan = plan_approve(plan=plan, actor=persona("director"))
    plan = plan_approve(plan=plan, actor=persona("pr"))
    with pytest.raises(DomainError, match="すでに承認済み"):
        plan_approve(plan=plan, actor=persona("pr"))
    assert plan.current_step == "co_sign"


def test_nobody_approves_their_own_draft(persona):
    # koho-kacho is both PR and the head of 広報対話課.
    from hasshin.registry.models import Division

    plan = propose(
        lambda n: persona("pr") if n == "manager" else persona(n),
        division=Division.objects.get(name="広報対話課"),
        service="tiktok",
    )
    plan = plan_submit(plan=plan, actor=persona("pr"))
    with pytest.raises(DomainError, match="自分が作成・提出した"):
        plan_approve(plan=plan, actor=persona("pr"))


def test_only_the_division_head_drafts_and_submits(persona):
    plan = propose(persona)
    for name in ("operator", "other_manager", "director", "pr", "admin"):
        with pytest.raises(DomainError, match="運用管理責任者"):
            plan_submit(plan=plan, actor=persona(name))


def test_return_then_resubmit_restarts_chain_as_new_version(persona):
    plan = plan_submit(plan=propose(persona), actor=persona("manager"))
    plan = plan_approve(plan=plan, actor=persona("pr"))
    with pytest.raises(InvalidInput):
        plan_return(plan=plan, actor=persona("director"), comment=" ")
    plan = plan_return(plan=plan, actor=persona("director"), comment="目的を具体的に")
    assert plan.status == PlanStatus.RETURNED
    with pytest.raises(DomainError, match="決裁できません"):
        plan_approve(plan=plan, actor=persona("director"))
    plan_update(plan=plan, actor=persona("manager"), content={"purpose": "具体的な目的"})
    plan = plan_submit(plan=reload(plan), actor=persona("manager"))
    assert (plan.version, plan.current_step) == (2, "pre_consultation")
    assert reload(plan).account.status == AccountStatus.PRE_CONSULTATION
    assert plan.versions.count() == 2
    assert plan.versions.get(version=2).content["purpose"] == "具体的な目的"


def test_reject_declines_the_account(persona):
    plan = plan_submit(plan=propose(persona), actor=persona("manager"))
    plan = plan_reject(plan=plan, actor=persona("pr"), comment="市公式アカウントで足りる")
    plan = reload(plan)
    assert plan.status == PlanStatus.REJECTED
    assert plan.account.status == AccountStatus.DECLINED
    with pytest.raises(DomainError, match="できません"):
        plan_submit(plan=plan, actor=persona("manager"))


@pytest.mark.parametrize(
    "src,dst",
    [
        (s, d)
        for s in AccountStatus.values
        for d in AccountStatus.values
        if d != s and d not in ACCOUNT_TRANSITIONS.get(s, set())
    ],
)
def test_every_illegal_account_transition_is_refused(src, dst):
    account = SocialAccount(status=src)
    with pytest.raises(DomainError, match="変えることはできません"):
        account_move(account, dst)


@pytest.mark.parametrize(
    "src,dst",
    [
        (s, d)
        for s in PlanStatus.values
        for d in PlanStatus.values
        if d not in PLAN_TRANSITIONS.get(s, set())
    ],
)
def test_every_illegal_plan_transition_is_refused(src, dst):
    from hasshin.registry.models import OperationPlan
    from hasshin.registry.workflow import plan_move

    with pytest.raises(DomainError, match="にすることはできません"):
        plan_move(OperationPlan(status=src), dst)


def test_approved_plan_cannot_be_edited_or_decided_again(persona):
    plan = walk_to_active(persona, propose(persona))
    with pytest.raises(DomainError, match="修正できません"):
        plan_update(plan=plan, actor=persona("manager"), content={"purpose": "x"})
    with pytest.raises(DomainError, match="決裁できません"):
        plan_approve(plan=plan, actor=persona("pr"))
    with pytest.raises(DomainError, match="決裁できません"):
        plan_reject(plan=plan, actor=persona("pr"), comment="x")


def test_opening_step_needs_handle_and_url_of_the_service(persona):
    plan = plan_submit(plan=propose(persona), actor=persona("manager"))
    for who in ("pr", "director", "info_policy", "pr"):
        plan = plan_approve(plan=plan, actor=persona(who))
    with pytest.raises(DomainError, match="ハンドルとURLを登録"):
        plan_approve(plan=plan, actor=persona("manager"))
    with pytest.raises(InvalidInput) as exc:
        account_open(plan=plan, actor=persona("manager"), handle="", url="https://x.com/a")
    assert set(exc.value.errors) == {"handle", "url"}
    with pytest.raises(DomainError, match="権限を持つ人だけ"):
        account_open(plan=plan, actor=persona("operator"), handle="a", url="https://facebook.com/a")


def test_g6_1_7_sensitive_data_needs_info_policy_confirmation(persona):
    plan = propose(persona, handles_sensitive_data=True, sensitive_data_description="申込者の氏名")
    plan = plan_submit(plan=plan, actor=persona("manager"))
    plan = plan_approve(plan=plan, actor=persona("pr"))
    plan = plan_approve(plan=plan, actor=persona("director"))
    with pytest.raises(DomainError, match="情報セキュリティポリシー"):
        plan_approve(plan=plan, actor=persona("info_policy"))
    with pytest.raises(DomainError, match="情報政策室だけ"):
        plan_confirm_security(plan=plan, actor=persona("pr"), note="確認")
    plan = plan_approve(
        plan=plan, actor=persona("info_policy"), security_confirmed=True, security_note="規約確認"
    )
    assert plan.security_confirmed_by == persona("info_policy")
    assert plan.events.filter(kind=PlanEvent.Kind.SECURITY).exists()


def test_sample_town_follows_its_own_two_step_chain(persona):
    from hasshin.registry import fiscal
    from hasshin.registry.models import Division
    from hasshin.registry.plans import account_propose

    from .factories import plan_content

    kacho = persona("sakura-kacho")
    plan = account_propose(
        division=Division.objects.get(name="総務課"),
        service="instagram",
        display_name="さくら町",
        fiscal_year=fiscal.current_fiscal_year(),
        plan_content=plan_content(posts_per_month=4),
        actor=kacho,
    )
    plan = plan_submit(plan=plan, actor=kacho)
    assert [s["id"] for s in plan.chain] == ["pr_review", "mayor_office_approval"]
    # sakura-kacho drafted it, so they cannot review it themselves.
    with pytest.raises(DomainError, match="自分が作成"):
        plan_approve(plan=plan, actor=kacho)
    # Joetsu's PR head has no say in another organisation.
    with pytest.raises(DomainError):
        plan_approve(plan=plan, actor=persona("pr"))
