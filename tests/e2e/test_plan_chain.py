"""Acceptance: the whole G6.1.1–G6.1.5 chain in a real browser with the demo personas."""

from __future__ import annotations

import io
import os

import pytest
from openpyxl import load_workbook

from tests.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("E2E_SCREENSHOTS")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def logout(page) -> None:
    page.context.clear_cookies()


def decide(page, plan_url: str, who: str, decision: str = "approve", comment: str = "") -> None:
    logout(page)
    login(page, who)
    page.goto(plan_url)
    if comment:
        page.fill("#decide textarea[name=comment]", comment)
    page.click(f"#decide button[value={decision}]")
    page.wait_for_selector(".messages li.success")


def test_g6_1_2_whole_chain_in_the_browser(browser_page, demo):
    page = browser_page
    base = page.base_url
    login(page, "manager")
    page.goto(base + "/registry/accounts/new/")
    page.select_option("select[name=a-service]", "facebook")
    page.fill("input[name=a-display_name]", "上越観光Facebook")
    page.fill("textarea[name=p-purpose]", "首都圏の人に上越の観光を知ってもらう")
    page.fill("textarea[name=p-why_social_media]", "実名制で関係の深い情報が届く")
    page.fill("textarea[name=p-left_out]", "SNSを使わない人")
    page.fill("textarea[name=p-alternative_channel]", "パンフレットとホームページ")
    page.fill("textarea[name=p-content_plan]", "観光地とイベント")
    page.fill("textarea[name=p-timing]", "イベントの2週間前")
    page.check("input[name=p-target_age_groups][value='30s']")
    page.check("input[name=p-target_age_groups][value='40s']")
    page.wait_for_selector("#usage table")  # G4.4 help loaded by htmx
    page.fill("input[name=p-target_residence]", "首都圏")
    page.fill("textarea[name=p-service_reason]", "30〜40代の利用率が高い")
    page.fill("input[name=p-posts_per_month]", "0")
    page.fill("input[name=p-contact]", "観光振興課")
    shot(page, "1-new-form")
    page.click("button[type=submit]")
    # G4.5: refused, and nothing typed is lost.
    page.wait_for_selector("text=1か月に1回以上")
    assert page.input_value("input[name=a-display_name]") == "上越観光Facebook"
    page.fill("input[name=p-posts_per_month]", "12")
    page.click("button[type=submit]")
    page.wait_for_selector("#submit-plan")
    plan_url = page.url
    page.click("#submit-plan")
    page.wait_for_selector("text=運用計画書を提出しました")

    decide(page, plan_url, "pr", comment="必要性と代替手段を確認しました")
    decide(page, plan_url, "director")
    decide(page, plan_url, "info_policy")
    decide(page, plan_url, "pr")

    logout(page)
    login(page, "manager")
    page.goto(plan_url)
    page.click("text=開設を登録する")
    page.fill("input[name=handle]", "joetsu_kanko_fb")
    page.fill("input[name=url]", "https://www.instagram.com/joetsu_kanko_fb")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Facebookのページではありません")
    page.fill("input[name=url]", "https://www.facebook.com/joetsu_kanko_fb")
    page.click("button[type=submit]")
    page.wait_for_selector("text=アカウントの開設を登録しました")

    decide(page, plan_url, "pr", comment="計画書を受理しました")
    assert page.inner_text("#plan-status") == "承認済み"
    shot(page, "2-plan-approved")

    # Public list: no login.
    logout(page)
    page.goto(base + "/public/joetsu/accounts/")
    row = page.locator("#public-accounts tr", has_text="上越観光Facebook")
    assert "https://www.facebook.com/joetsu_kanko_fb" in row.inner_text()
    shot(page, "3-public-list")

    login(page, "auditor")
    pdf = page.request.get(plan_url + "plan.pdf")
    assert pdf.body().startswith(b"%PDF") and b"FontFile2" in pdf.body()
    xlsx = page.request.get(base + "/registry/export.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.body())).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    fb = next(r for r in rows if "上越観光Facebook" in r)
    assert "運用中" in fb and "承認済み" in fb
