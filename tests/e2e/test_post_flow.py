"""The post flow in a real browser: live checks, submission, approval, calendar, autosave."""

from __future__ import annotations

import os
import re
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from hasshin.posts.models import Post
from hasshin.posts.workflow import PostState
from hasshin.registry.models import Division, SocialAccount, User
from tests.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DIRTY = (
    "高田城址公園の観桜会のお問い合わせは090-1234-5678まで。詳しくは https://bit.ly/joetsu-sakura"
)
CLEAN = "高田城址公園の観桜会のお問い合わせは観光振興課まで。詳しくは https://www.city.joetsu.niigata.jp/"


@pytest.fixture
def x_account(demo):
    org = demo["joetsu"]
    account = SocialAccount.objects.create(
        organisation=org,
        division=Division.objects.get(organisation=org, name="観光振興課"),
        service="x",
        display_name="上越観光ナビ",
        handle="joetsu_kanko_nav_e2e",
        status="active",
    )
    account.operators.add(*User.objects.filter(username__in=["kanko-tanto", "kanko-itaku"]))
    return account


@pytest.fixture
def shots(tmp_path) -> Path:
    path = Path(os.environ.get("POST_FLOW_SHOTS", tmp_path))
    path.mkdir(parents=True, exist_ok=True)
    return path


def working_day(demo, hour: int) -> datetime:
    work = demo["joetsu"].pack.calendar
    day = timezone.localdate() + timedelta(days=2)
    while work.closed_reason(day):
        day += timedelta(days=1)
    return datetime.combine(day, time(hour, 0), tzinfo=work.tz)


def relogin(page, who: str) -> None:
    page.context.clear_cookies()
    login(page, who)


def write_draft(page, account: SocialAccount, text: str, when: datetime) -> None:
    page.goto(page.base_url + "/posts/new/")
    page.check(f"input[name=accounts][value='{account.pk}']")
    page.fill("input[name=scheduled_at]", when.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_body", text)


def test_g5_3_g6_2_4_operator_fixes_live_findings_manager_approves_calendar_shows_it(
    browser_page, demo, x_account, shots
):
    page = browser_page
    when = working_day(demo, 10)
    login(page, "operator")
    write_draft(page, x_account, DIRTY, when)
    phone = page.locator("#checks mark.f-error", has_text="090-1234-5678")
    link = page.locator("#checks mark.f-error", has_text="https://bit.ly/joetsu-sakura")
    phone.wait_for()
    link.wait_for()
    findings = page.locator("#checks .findings").inner_text()
    assert "G5.3" in findings and "G6.2.4" in findings
    assert "280" in page.locator("#checks .length").inner_text()
    page.screenshot(path=str(shots / "editor-live-check.png"), full_page=True)

    page.fill("#id_body", CLEAN)
    page.locator("#checks .badge.ok", has_text="問題は見つかりません").wait_for()
    assert page.locator("#checks mark.f-error").count() == 0
    page.locator("#savestate", has_text="自動保存しました").wait_for()
    assert re.search(r"/posts/\d+/edit/$", page.url)  # the autosaved draft got its address
    page.click("#submit-button")
    page.locator(".messages", has_text="承認を申請しました").wait_for()
    post = Post.objects.get(body=CLEAN)
    assert post.state == PostState.SUBMITTED

    relogin(page, "manager")
    page.goto(page.base_url + "/posts/?tab=approve")
    page.click(f"a[href='/posts/{post.pk}/']")
    assert CLEAN in page.locator("[data-exact-text]").inner_text()  # G5.2: the exact text
    page.screenshot(path=str(shots / "approval.png"), full_page=True)
    page.click("#decision button:has-text('承認する')")
    page.locator(".messages", has_text="承認しました").wait_for()
    post.refresh_from_db()
    assert post.state == PostState.SCHEDULED and post.approved_by.username == "kanko-kacho"

    page.goto(page.base_url + f"/posts/calendar/?date={when.date().isoformat()}")
    item = page.locator(f"a.item[href='/posts/{post.pk}/']")
    assert item.get_attribute("data-state") == "scheduled"
    assert item.is_visible()
    page.screenshot(path=str(shots / "calendar.png"), full_page=True)


def test_g6_2_2_contractor_draft_is_approved_by_the_manager_not_the_contractor(
    browser_page, demo, x_account, shots
):
    page = browser_page
    login(page, "contractor")
    write_draft(
        page,
        x_account,
        "直江津の海の幸フェアを来週開催します。会場は直江津港です。",
        working_day(demo, 11),
    )
    page.locator("#checks [data-service=x]").wait_for()
    page.click("#submit-button")
    page.locator(".messages", has_text="承認を申請しました").wait_for()
    post = Post.objects.get(author__username="kanko-itaku", body__startswith="直江津の海の幸フェア")
    assert page.locator("#decision").count() == 0
    assert "承認を待っています" in page.locator("main").inner_text()
    page.goto(page.base_url + "/posts/?tab=approve")
    assert page.locator(f"a[href='/posts/{post.pk}/']").count() == 0

    relogin(page, "manager")
    page.goto(page.base_url + f"/posts/{post.pk}/")
    page.click("#decision button:has-text('承認する')")
    page.locator(".messages", has_text="承認しました").wait_for()
    post.refresh_from_db()
    assert post.state == PostState.SCHEDULED and post.approved_by.username == "kanko-kacho"


def test_g6_2_1_send_time_at_22h_is_refused_unless_urgent_with_reason(
    browser_page, demo, x_account, shots
):
    page = browser_page
    login(page, "operator")
    write_draft(
        page, x_account, "高田城址公園の夜桜ライトアップは本日22時までです。", working_day(demo, 22)
    )
    page.locator("#checks [data-timing=ng]").wait_for()
    page.click("#submit-button")
    error = page.locator("[role=alert]", has_text="就業時間外")
    error.wait_for()
    page.screenshot(path=str(shots / "out-of-hours-refused.png"), full_page=True)
    assert Post.objects.get(body__startswith="高田城址公園の夜桜").state == PostState.DRAFT

    page.check("input[name=urgent]")
    page.fill(
        "textarea[name=urgent_reason]", "イベント当日の開催時間の変更（即時性が求められるため）"
    )
    page.locator("#checks [data-timing=ok]").wait_for()
    page.click("#submit-button")
    page.locator(".messages", has_text="承認を申請しました").wait_for()
    assert Post.objects.get(body__startswith="高田城址公園の夜桜").state == PostState.SUBMITTED


def test_draft_survives_an_expired_session_and_a_closed_tab(browser_page, demo, x_account, shots):
    page = browser_page
    login(page, "operator")
    write_draft(page, x_account, "書きかけの下書きです。", working_day(demo, 10))
    page.locator("#savestate", has_text="自動保存しました").wait_for()
    edit_url = page.url
    page.context.clear_cookies()  # the session expires while the operator keeps typing
    page.fill("#id_body", "書きかけの下書きです。ログインが切れた後に書いた続き。")
    page.locator("#savestate", has_text="ログインの有効期限切れ").wait_for()
    page.screenshot(path=str(shots / "autosave-offline.png"), full_page=True)

    page.goto("about:blank")  # the tab is gone; localStorage stays with the browser profile
    login(page, "operator")
    page.goto(edit_url)
    page.locator("#restore-notice", has_text="復元しました").wait_for()
    assert page.input_value("#id_body") == "書きかけの下書きです。ログインが切れた後に書いた続き。"
    page.locator("#savestate", has_text="自動保存しました").wait_for()
    post = Post.objects.get(pk=int(edit_url.rstrip("/").split("/")[-2]))
    assert post.body.endswith("ログインが切れた後に書いた続き。")
