import pytest

from tests.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_operator_logs_in_and_sees_japanese_dashboard(browser_page, demo, tmp_path):
    page = browser_page
    page.goto(page.base_url + "/")
    assert "/account/login/" in page.url
    assert page.locator("h1").inner_text() == "ログイン"
    login(page, "operator")
    assert page.locator("h1").first.inner_text() == "ダッシュボード"
    body = page.locator("main").inner_text()
    assert "上越市" in body and "運用担当者" in body and "就業時間" in body
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)


def test_switching_to_english_and_back(browser_page, demo):
    page = browser_page
    login(page, "operator")
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Dashboard" in page.locator("h1").first.inner_text()
    page.click("button[name=language][value=ja]")
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text() == "ダッシュボード"
