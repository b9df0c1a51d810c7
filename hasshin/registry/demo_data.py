"""Demo accounts and plans: the city-wide LINE/X/YouTube of 広報対話課 (registered from paper
approvals), 観光振興課's Instagram taken through the whole chain, and 子育て支援課's LINE waiting
for pre-consultation. Handles end in _demo: they are not the real city's accounts."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from . import fiscal
from .demo import demo_extension
from .models import Division, Organisation, User
from .plans import account_import_existing, account_open, account_propose, plan_approve, plan_submit
from .security import (
    security_attest_two_factor,
    security_record_password_change,
    security_set_holders,
)


def _content(**kw) -> dict:
    base = {
        "purpose": "市政情報を迅速かつ確実に市民に届ける。",
        "why_social_media": "即時性と拡散性があり、スマートフォンへの通知で届くため。",
        "left_out": "スマートフォンやSNSを利用しない市民（特に高齢者）",
        "alternative_channel": "広報上越、市ホームページ、防災行政無線、町内会回覧",
        "content_plan": "市政のお知らせ、イベント、防災・災害情報",
        "timing": "平日の就業時間内。災害時は随時。",
        "target_age_groups": ["20s", "30s", "40s", "50s"],
        "target_all_citizens": True,
        "target_family": "",
        "target_occupation": "",
        "target_residence": "市内",
        "target_hobbies": "",
        "target_lifestyle": "",
        "target_latent": "",
        "service_reason": "幅広い年代の利用率が高いサービスであるため。",
        "posts_per_month": 20,
        "frequency_note": "",
        "operating_hours": "平日 8:30〜17:15（災害・イベント時を除く）",
        "reply_policy": "no_reply",
        "follow_policy": "国・県・市の関係機関のアカウントに限りフォロー・引用する。",
        "contact": "広報対話課 025-520-5600",
        "handles_sensitive_data": False,
        "sensitive_data_description": "",
    }
    base.update(kw)
    return base


def _u(name: str) -> User:
    return User.objects.get(username=name)


def _security(account, *, holder: str, manager: str, days_ago: int, two_factor: bool) -> None:
    security_set_holders(account=account, holders=[_u(holder)], actor=_u(manager))
    security_record_password_change(
        account=account,
        changed_on=timezone.localdate() - timedelta(days=days_ago),
        actor=_u(manager),
    )
    security_attest_two_factor(account=account, enabled=two_factor, actor=_u(manager))


@demo_extension
def registry_demo(orgs: dict[str, Organisation]) -> None:
    joetsu = orgs.get("joetsu")
    if joetsu is None:
        return
    fy = fiscal.current_fiscal_year()
    pr_div = Division.objects.get(organisation=joetsu, name="広報対話課")
    admin = _u("admin")
    for service, name, handle, url, per_month, days_ago in (
        ("line", "上越市", "joetsu_city_demo", "https://page.line.me/joetsu_city_demo", 20, 30),
        ("x", "上越市", "joetsu_city_demo", "https://x.com/joetsu_city_demo", 40, 200),
        (
            "youtube",
            "上越市チャンネル",
            "joetsu_city_demo",
            "https://www.youtube.com/@joetsu_city_demo",
            4,
            60,
        ),
    ):
        plan = account_import_existing(
            division=pr_div,
            service=service,
            display_name=name,
            handle=handle,
            url=url,
            fiscal_year=fy,
            plan_content=_content(posts_per_month=per_month),
            approved_on=timezone.localdate().replace(month=4, day=1)
            if timezone.localdate().month >= 4
            else timezone.localdate(),
            note="システム導入前に決裁済みの計画書",
            actor=admin,
            is_city_wide=True,
            operators=[_u("koho-tanto")],
            emergency_contact=_u("koho-kacho"),
        )
        _security(
            plan.account,
            holder="koho-tanto",
            manager="koho-kacho",
            days_ago=days_ago,
            two_factor=service != "youtube",
        )

    kanko = Division.objects.get(organisation=joetsu, name="観光振興課")
    plan = account_propose(
        division=kanko,
        service="instagram",
        display_name="上越観光（公式）",
        fiscal_year=fy,
        actor=_u("kanko-kacho"),
        operators=[_u("kanko-tanto"), _u("kanko-itaku")],
        contractor_name="株式会社にいがたPRワークス",
        emergency_contact=_u("kanko-kacho"),
        plan_content=_content(
            purpose="上越の観光資源を首都圏の若い世代に知ってもらい、来訪につなげる。",
            left_out="SNSを利用しない観光客",
            alternative_channel="観光パンフレット、観光案内所、市ホームページ",
            content_plan="高田城址公園の桜、上越の食、季節のイベントの写真",
            timing="見頃の1〜2週間前、イベントの告知は2週間前と前日",
            target_age_groups=["20s", "30s"],
            target_all_citizens=False,
            target_family="単身・夫婦",
            target_occupation="会社員",
            target_residence="首都圏",
            target_hobbies="旅行、写真",
            target_lifestyle="週末に小旅行",
            target_latent="地方暮らし・UIターンへの関心",
            service_reason="20〜30代の利用率が高く、写真で魅力を伝えやすいため。",
            posts_per_month=12,
            contact="観光振興課 025-526-5111",
        ),
    )
    plan = plan_submit(plan=plan, actor=_u("kanko-kacho"))
    for who in ("koho-kacho", "sangyo-bucho", "johoseisaku", "koho-kacho"):
        plan = plan_approve(plan=plan, actor=_u(who))
    plan = account_open(
        plan=plan,
        actor=_u("kanko-kacho"),
        handle="joetsu_kanko_demo",
        url="https://www.instagram.com/joetsu_kanko_demo/",
    )
    plan = plan_approve(plan=plan, actor=_u("koho-kacho"), comment="受理しました")
    _security(
        plan.account, holder="kanko-tanto", manager="kanko-kacho", days_ago=20, two_factor=True
    )

    kosodate = Division.objects.get(organisation=joetsu, name="子育て支援課")
    plan = account_propose(
        division=kosodate,
        service="line",
        display_name="上越市子育て応援",
        fiscal_year=fy,
        actor=_u("kosodate-kacho"),
        operators=[_u("kosodate-tanto")],
        emergency_contact=_u("kosodate-kacho"),
        plan_content=_content(
            purpose="子育て世帯に健診・手当・イベントの情報を確実に届ける。",
            content_plan="乳幼児健診、子育て手当の手続、子育てひろばのイベント",
            timing="手続期限の2週間前、イベントの1週間前",
            target_age_groups=["20s", "30s", "40s"],
            target_all_citizens=False,
            target_family="乳幼児・小学生のいる世帯",
            target_residence="市内",
            service_reason="子育て世代の多くが日常的に使い、通知で確実に届くため。",
            posts_per_month=8,
            contact="子育て支援課 025-520-5720",
        ),
    )
    plan_submit(plan=plan, actor=_u("kosodate-kacho"))

    sakura = orgs.get("sakura")
    if sakura is not None:
        plan = account_import_existing(
            division=Division.objects.get(organisation=sakura, name="総務課"),
            service="instagram",
            display_name="さくら町",
            handle="sakura_town_demo",
            url="https://www.instagram.com/sakura_town_demo/",
            fiscal_year=fy,
            plan_content=_content(posts_per_month=8, contact="総務課 099-000-0000"),
            approved_on=timezone.localdate(),
            note="導入前に決裁済み",
            actor=_u("sakura-admin"),
            is_city_wide=True,
        )
