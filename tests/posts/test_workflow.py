"""The post workflow: drafting, submission, approval, return, scheduling, reset on edit."""

from __future__ import annotations

import pytest

from hasshin.audit.models import AuditEvent
from hasshin.core.permissions import DomainError
from hasshin.posts import selectors, services
from hasshin.posts.models import PostKind, PostTransition
from hasshin.posts.workflow import TRANSITIONS, PostState

WARNING = {
    "rule": "content.rumour",
    "clause": "G5.5",
    "severity": "warning",
    "start": 0,
    "end": 2,
    "text": "噂",
    "message": "単なる噂を広める表現の可能性があります。",
}
ERROR = {**WARNING, "rule": "pii.phone", "clause": "G5.3", "severity": "error"}


def draft(persona, accounts, when, *names, author="operator", **kw):
    names = names or ("kanko_x",)
    kw.setdefault("body", "上越市の観光情報です。高田城址公園の桜が見頃です。")
    return services.post_create(
        author=persona(author), accounts=[accounts[n] for n in names], scheduled_at=when, **kw
    )


def submitted(persona, accounts, when, *names, **kw):
    post = draft(persona, accounts, when, *names, **kw)
    return services.post_submit(post=post, actor=persona(kw.get("author", "operator")))


def test_transitions_are_listed_in_one_table():
    assert (PostState.DRAFT, PostState.SUBMITTED) in TRANSITIONS
    assert (PostState.DRAFT, PostState.APPROVED) not in TRANSITIONS


def test_operator_can_only_target_active_accounts_they_operate(persona, accounts, working_time):
    accounts["kanko_x"].status = "planning"
    accounts["kanko_x"].save()
    with pytest.raises(DomainError, match="運用担当者"):
        draft(persona, accounts, working_time, "kanko_x")
    with pytest.raises(DomainError):
        services.post_create(author=persona("other_manager"), accounts=[accounts["kanko_fb"]])


def test_one_draft_many_accounts_with_text_per_service(persona, accounts, working_time):
    post = draft(
        persona, accounts, working_time, "kanko_x", "kanko_fb", texts={"facebook": "長い版の本文"}
    )
    texts = {t.account.service: t.text for t in post.targets.select_related("account")}
    assert texts == {"x": post.body, "facebook": "長い版の本文"}
    assert all(t.scheduled_at == working_time for t in post.targets.all())


def test_g6_2_2_manager_approves_and_post_is_scheduled(
    persona, accounts, working_time, fake_checker
):
    post = submitted(persona, accounts, working_time)
    post = services.post_approve(post=post, actor=persona("manager"), version=post.version)
    assert post.state == PostState.SCHEDULED
    assert post.approved_by == persona("manager")
    target = post.targets.get()
    assert target.approved_text == post.body  # G5.2: exactly what was approved goes out
    assert target.approved_by == persona("manager") and target.approved_at
    verbs = list(
        AuditEvent.objects.filter(object_type="posts.post", object_id=str(post.pk)).values_list(
            "verb", flat=True
        )
    )
    assert verbs == ["post.created", "post.submitted", "post.approved", "post.scheduled"]


def test_author_cannot_approve_own_post(persona, accounts, working_time, fake_checker):
    accounts["kanko_x"].operators.add(persona("manager"))
    post = submitted(persona, accounts, working_time, author="manager")
    with pytest.raises(DomainError, match="自分が作成した投稿は承認できません"):
        services.post_approve(post=post, actor=persona("manager"), version=post.version)
    assert not selectors.can_approve(persona("manager"), post)


def test_g6_2_2_manager_of_another_division_cannot_approve(
    persona, accounts, working_time, fake_checker
):
    post = submitted(persona, accounts, working_time)
    with pytest.raises(DomainError, match="運用管理責任者"):
        services.post_approve(post=post, actor=persona("other_manager"), version=post.version)
    with pytest.raises(DomainError):
        services.post_return(post=post, actor=persona("other_manager"), comment="だめ")
    post.refresh_from_db()
    assert post.state == PostState.SUBMITTED


def test_post_to_two_divisions_needs_manager_of_both(persona, accounts, working_time, fake_checker):
    post = submitted(persona, accounts, working_time, "kanko_x", "kosodate_x")
    with pytest.raises(DomainError):
        services.post_approve(post=post, actor=persona("manager"), version=post.version)
    assert post not in selectors.awaiting_my_approval(persona("manager"))


def test_g6_2_2_contractor_submits_manager_approves_contractor_never(
    persona, accounts, working_time, fake_checker
):
    post = submitted(persona, accounts, working_time, author="contractor")
    assert post.state == PostState.SUBMITTED
    for actor in ("contractor", "operator"):
        with pytest.raises(DomainError):
            services.post_approve(post=post, actor=persona(actor), version=post.version)
    assert post in selectors.awaiting_my_approval(persona("manager"))
    post = services.post_approve(post=post, actor=persona("manager"), version=post.version)
    assert post.state == PostState.SCHEDULED


def test_g5_2_editing_after_approval_resets_it(persona, accounts, working_time, fake_checker):
    post = submitted(persona, accounts, working_time)
    post = services.post_approve(post=post, actor=persona("manager"), version=post.version)
    post = services.post_update(post=post, actor=persona("operator"), body="書き換えた本文")
    assert post.state == PostState.DRAFT
    assert post.approved_by is None
    target = post.targets.get()
    assert target.approved_text == "" and target.approved_by is None
    assert target.text == "書き換えた本文"
    last = post.transitions.last()
    assert (last.from_state, last.to_state) == (PostState.SCHEDULED, PostState.DRAFT)
    with pytest.raises(DomainError):
        services.post_approve(post=post, actor=persona("manager"), version=post.version)


def test_unchanged_save_keeps_the_approval(persona, accounts, working_time, fake_checker):
    post = submitted(persona, accounts, working_time)
    post = services.post_approve(post=post, actor=persona("manager"), version=post.version)
    post = services.post_update(post=post, actor=persona("operator"), body=post.body)
    assert post.state == PostState.SCHEDULED


def test_g5_2_approval_names_the_version_seen(persona, accounts, working_time, fake_checker):
    post = submitted(persona, accounts, working_time)
    seen = post.version
    post = services.post_update(post=post, actor=persona("operator"), body="差し替え")
    services.post_submit(post=post, actor=persona("operator"))
    with pytest.raises(DomainError, match="変更されました"):
        services.post_approve(post=post, actor=persona("manager"), version=seen)


def test_finding_snapshot_is_stored_with_the_approval_decision(
    persona, accounts, working_time, fake_checker
):
    fake_checker.append(WARNING)
    post = draft(persona, accounts, working_time)
    services.post_submit(post=post, actor=persona("operator"), acknowledge_warnings=True)
    post = services.post_approve(
        post=post, actor=persona("manager"), version=post.version, comment="確認しました"
    )
    decision = selectors.approval_decisions(post).get()
    assert decision.to_state == PostState.APPROVED and decision.actor == persona("manager")
    assert decision.comment == "確認しました"
    snap = decision.findings[str(post.targets.get().pk)]
    assert snap["text"] == post.body and snap["service"] == "x"
    assert snap["findings"][0]["rule"] == "content.rumour"
    assert decision.acknowledged[0]["rule"] == "content.rumour"
    # Later changes to the checker do not change the stored decision.
    fake_checker.clear()
    decision.refresh_from_db()
    assert decision.findings[str(post.targets.get().pk)]["findings"]


def test_return_needs_a_comment_and_keeps_the_snapshot(
    persona, accounts, working_time, fake_checker
):
    post = submitted(persona, accounts, working_time)
    with pytest.raises(DomainError, match="理由"):
        services.post_return(post=post, actor=persona("manager"), comment="  ")
    post = services.post_return(
        post=post, actor=persona("manager"), comment="日付を確認してください"
    )
    assert post.state == PostState.RETURNED
    decision = selectors.approval_decisions(post).get()
    assert decision.comment == "日付を確認してください" and decision.findings
    assert post in selectors.my_returned(persona("operator"))
    post = services.post_update(post=post, actor=persona("operator"), body="日付を直しました")
    assert post.state == PostState.RETURNED
    services.post_submit(post=post, actor=persona("operator"))


def test_error_findings_block_submission(persona, accounts, working_time, fake_checker):
    fake_checker.append(ERROR)
    post = draft(persona, accounts, working_time)
    with pytest.raises(DomainError, match="申請できません"):
        services.post_submit(post=post, actor=persona("operator"), acknowledge_warnings=True)
    post.refresh_from_db()
    assert post.state == PostState.DRAFT


def test_warnings_need_an_acknowledgement_that_is_recorded(
    persona, accounts, working_time, fake_checker
):
    fake_checker.append(WARNING)
    post = draft(persona, accounts, working_time)
    with pytest.raises(DomainError, match="注意を確認しました"):
        services.post_submit(post=post, actor=persona("operator"))
    services.post_submit(post=post, actor=persona("operator"), acknowledge_warnings=True)
    row = PostTransition.objects.get(post=post, to_state=PostState.SUBMITTED)
    assert row.acknowledged == [
        {
            "target": str(post.targets.get().pk),
            "account": str(accounts["kanko_x"]),
            "rule": "content.rumour",
            "clause": "G5.5",
            "text": "噂",
            "message": WARNING["message"],
        }
    ]


def test_g6_2_1_out_of_hours_refused_unless_urgent_with_reason(
    persona, accounts, night_time, fake_checker
):
    post = draft(persona, accounts, night_time)
    with pytest.raises(DomainError, match="就業時間外"):
        services.post_submit(post=post, actor=persona("operator"))
    post = services.post_update(post=post, actor=persona("operator"), urgent=True)
    with pytest.raises(DomainError, match="理由"):
        services.post_submit(post=post, actor=persona("operator"))
    post = services.post_update(
        post=post, actor=persona("operator"), urgent_reason="大雪による臨時休館のお知らせ"
    )
    services.post_submit(post=post, actor=persona("operator"))
    post = services.post_approve(post=post, actor=persona("manager"), version=post.version)
    assert post.state == PostState.SCHEDULED
    assert post.out_of_hours_reason.startswith("就業時間外")


def test_g6_2_1_urgent_out_of_hours_posts_are_listed_for_review(
    persona, accounts, night_time, working_time, fake_checker
):
    org = persona("operator").organisation
    urgent = submitted(persona, accounts, night_time, urgent=True, urgent_reason="豪雨の避難情報")
    urgent = services.post_approve(post=urgent, actor=persona("manager"), version=urgent.version)
    normal = submitted(persona, accounts, working_time)
    services.post_approve(post=normal, actor=persona("manager"), version=normal.version)
    listed = set(selectors.urgent_out_of_hours(org, unreviewed_only=True))
    assert urgent in listed and normal not in listed
    with pytest.raises(DomainError):
        services.post_review_out_of_hours(post=urgent, actor=persona("contractor"))
    services.post_review_out_of_hours(post=urgent, actor=persona("manager"), note="適切")
    assert urgent not in set(selectors.urgent_out_of_hours(org, unreviewed_only=True))


def test_g6_2_3_reply_needs_an_exception_reason(persona, accounts, working_time, fake_checker):
    post = draft(
        persona,
        accounts,
        working_time,
        kind=PostKind.REPLY,
        reply_to_url="https://x.com/someone/status/1",
    )
    with pytest.raises(DomainError, match="返信は原則行いません"):
        services.post_submit(post=post, actor=persona("operator"))
    post = services.post_update(
        post=post, actor=persona("operator"), reply_reason="誤った開館時間の訂正を求められたため"
    )
    services.post_submit(post=post, actor=persona("operator"))


def test_delegate_named_by_manager_can_approve(persona, accounts, working_time, fake_checker):
    division = accounts["kanko_x"].division
    with pytest.raises(DomainError):
        services.delegate_name(
            division=division, delegate=persona("contractor"), actor=persona("manager"), reason="x"
        )
    with pytest.raises(DomainError):
        services.delegate_name(
            division=division,
            delegate=persona("director"),
            actor=persona("other_manager"),
            reason="出張",
        )
    services.delegate_name(
        division=division, delegate=persona("director"), actor=persona("manager"), reason="出張中"
    )
    post = submitted(persona, accounts, working_time)
    post = services.post_approve(post=post, actor=persona("director"), version=post.version)
    assert post.state == PostState.SCHEDULED


def test_illegal_transition_is_a_domain_error_in_japanese(persona, accounts, working_time):
    post = draft(persona, accounts, working_time)
    with pytest.raises(DomainError, match="「下書き」の投稿を「承認済み」にすることはできません"):
        services.post_approve(post=post, actor=persona("manager"), version=post.version)


def test_schedule_again_after_unschedule(persona, accounts, working_time, night_time, fake_checker):
    post = submitted(persona, accounts, working_time)
    post = services.post_approve(post=post, actor=persona("manager"), version=post.version)
    post = services.post_unschedule(post=post, actor=persona("operator"))
    assert post.state == PostState.APPROVED
    with pytest.raises(DomainError, match="就業時間外"):
        services.post_schedule(post=post, actor=persona("operator"), scheduled_at=night_time)
    post = services.post_schedule(post=post, actor=persona("operator"))
    assert post.state == PostState.SCHEDULED
