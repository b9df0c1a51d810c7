"""Builders for registry tests."""

from __future__ import annotations

from hasshin.registry import fiscal
from hasshin.registry.models import Division, OperationPlan
from hasshin.registry.plans import account_propose


def plan_content(**overrides) -> dict:
    content = {
        "purpose": "上越の観光資源を市外の人に知ってもらい、来訪につなげる。",
        "why_social_media": "写真で魅力を即時に伝え、拡散が見込めるため。",
        "left_out": "SNSを使わない高齢の観光客",
        "alternative_channel": "観光パンフレットと市ホームページ",
        "content_plan": "季節の観光地の写真、イベント情報",
        "timing": "イベントの2週間前と前日",
        "target_age_groups": ["20s", "30s"],
        "target_all_citizens": False,
        "target_family": "夫婦・子育て世帯",
        "target_occupation": "会社員",
        "target_residence": "首都圏・県外",
        "target_hobbies": "旅行、写真",
        "target_lifestyle": "週末に小旅行",
        "target_latent": "UIターンへの関心",
        "service_reason": "20〜30代の利用率が高く、写真で訴求できるため。",
        "posts_per_month": 12,
        "frequency_note": "",
        "operating_hours": "平日 8:30〜17:15",
        "reply_policy": "no_reply",
        "follow_policy": "信頼性のある公的機関のアカウントのみフォローする。",
        "contact": "観光振興課 025-526-5111",
        "handles_sensitive_data": False,
        "sensitive_data_description": "",
    }
    content.update(overrides)
    return content


def propose(persona, *, service="facebook", handle="", url="", division=None, **content):
    manager = persona("manager")
    division = division or Division.objects.get(name="観光振興課")
    return account_propose(
        division=division,
        service=service,
        display_name="上越観光テスト",
        fiscal_year=fiscal.current_fiscal_year(),
        plan_content=plan_content(**content),
        actor=manager,
        handle=handle,
        url=url,
    )


def reload(plan: OperationPlan) -> OperationPlan:
    return OperationPlan.objects.select_related("account").get(pk=plan.pk)
