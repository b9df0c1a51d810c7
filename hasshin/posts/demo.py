"""Demo posts for the demo city: a draft, one waiting for approval, returned, scheduled and
an urgent out-of-hours post, on the accounts the registry's demo opened."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from hasshin.registry.demo import demo_extension
from hasshin.registry.models import AccountStatus, Organisation, SocialAccount, User

from . import services


def _working_day(org: Organisation, days_ahead: int, hour: int, minute: int = 0) -> datetime:
    work = org.pack.calendar
    day = timezone.localdate() + timedelta(days=days_ahead)
    while work.closed_reason(day):
        day += timedelta(days=1)
    return datetime.combine(day, time(hour, minute), tzinfo=work.tz)


def _account(org: Organisation, division: str, service: str, operator: User):
    """An active account of ``division`` on ``service`` that ``operator`` operates."""
    return (
        SocialAccount.objects.filter(
            organisation=org,
            division__name=division,
            service=service,
            status=AccountStatus.ACTIVE,
            operators=operator,
        )
        .order_by("id")
        .first()
    )


@demo_extension
def posts_demo(orgs: dict[str, Organisation]) -> None:
    org = orgs.get("joetsu")
    if org is None:
        return
    users = {u.username: u for u in User.objects.filter(organisation=org)}
    tanto, itaku, kacho = users["kanko-tanto"], users["kanko-itaku"], users["kanko-kacho"]
    insta = _account(org, "観光振興課", "instagram", tanto)
    if insta is not None:
        services.post_create(
            author=tanto,
            accounts=[insta],
            title="紅葉ライトアップ（書きかけ）",
            body="春日山城跡の紅葉ライトアップが始まります。",
            scheduled_at=_working_day(org, 5, 10),
        )
        waiting = services.post_create(
            author=itaku,
            accounts=[insta],
            title="上越の食フェア",
            body="上越の食フェアを今週末に開催します。会場は高田駅前です。#上越 #上越グルメ",
            scheduled_at=_working_day(org, 3, 11),
        )
        services.post_submit(post=waiting, actor=itaku, acknowledge_warnings=True)
        returned = services.post_create(
            author=tanto,
            accounts=[insta],
            title="観桜会ボランティア募集",
            body="観桜会のボランティアを募集します。",
            scheduled_at=_working_day(org, 4, 14),
        )
        services.post_submit(post=returned, actor=tanto, acknowledge_warnings=True)
        services.post_return(
            post=returned, actor=kacho, comment="募集期間と申込方法を本文に入れてください。"
        )
        scheduled = services.post_create(
            author=tanto,
            accounts=[insta],
            title="高田城址公園の紅葉",
            body="高田城址公園の紅葉が見頃を迎えています。お堀に映る紅葉をお楽しみください。#上越",
            scheduled_at=_working_day(org, 2, 10),
        )
        services.post_submit(post=scheduled, actor=tanto, acknowledge_warnings=True)
        services.post_approve(post=scheduled, actor=kacho, version=scheduled.version)

    koho, koho_kacho = users.get("koho-tanto"), users.get("koho-kacho")
    if koho is None or koho_kacho is None:
        return
    city = [a for s in ("x", "line") if (a := _account(org, "広報対話課", s, koho))]
    if not city:
        return
    post = services.post_create(
        author=koho,
        accounts=city,
        title="市報じょうえつ 最新号",
        body="市報じょうえつの最新号を公開しました。https://www.city.joetsu.niigata.jp/",
        scheduled_at=_working_day(org, 2, 12),
    )
    services.post_submit(post=post, actor=koho, acknowledge_warnings=True)
    services.post_approve(post=post, actor=koho_kacho, version=post.version)
    urgent = services.post_create(
        author=koho,
        accounts=city,
        title="大雪に伴う市施設の臨時休館",
        body="大雪のため、明日の市民プラザは臨時休館します。https://www.city.joetsu.niigata.jp/",
        scheduled_at=_working_day(org, 2, 19),
        urgent=True,
        urgent_reason="大雪警報の発表に伴う施設休館の周知（災害関連）",
    )
    services.post_submit(post=urgent, actor=koho, acknowledge_warnings=True)
    services.post_approve(post=urgent, actor=koho_kacho, version=urgent.version)
