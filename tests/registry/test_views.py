"""Registry pages: bad input keeps what was typed, roles and organisations are enforced."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from hasshin.registry.models import AccountStatus, Division, OperationPlan, SocialAccount

from .factories import plan_content, propose

pytestmark = pytest.mark.django_db


def form_data(**overrides) -> dict:
    data = {f"p-{k}": v for k, v in plan_content().items() if not isinstance(v, (list, bool))}
    data["p-target_age_groups"] = ["20s", "30s"]
    data.update(
        {
            "a-division": Division.objects.get(name="観光振興課").pk,
            "a-service": "facebook",
            "a-display_name": "上越観光Facebook",
            "a-handle": "",
            "a-url": "",
        }
    )
    data.update(overrides)
    return data


def test_manager_drafts_a_plan(client_as):
    response = client_as("manager").post("/registry/accounts/new/", form_data())
    plan = OperationPlan.objects.get(account__display_name="上越観光Facebook")
    assert response.status_code == 302
    assert response["Location"] == f"/registry/plans/{plan.pk}/"


def test_missing_fields_give_japanese_errors_and_keep_input(client_as):
    data = form_data(**{"p-purpose": "", "a-display_name": "入力した名前"})
    response = client_as("manager").post("/registry/accounts/new/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "このフィールドは必須です。" in html
    assert "入力した名前" in html
    assert plan_content()["why_social_media"] in html
    assert not SocialAccount.objects.filter(display_name="入力した名前").exists()


def test_url_of_another_service_is_refused(client_as):
    data = form_data(**{"a-url": "https://www.instagram.com/joetsu/"})
    html = client_as("manager").post("/registry/accounts/new/", data).content.decode()
    assert "Facebookのページではありません" in html
    assert "https://www.instagram.com/joetsu/" in html


def test_duplicate_handle_is_refused(client_as, persona):
    propose(persona, service="facebook", handle="joetsu_dup")
    data = form_data(**{"a-handle": "@Joetsu_Dup", "a-display_name": "二つ目"})
    html = client_as("manager").post("/registry/accounts/new/", data).content.decode()
    assert "すでに台帳に登録されています" in html
    assert "二つ目" in html


def test_g4_5_frequency_below_one_a_month_is_refused(client_as):
    data = form_data(**{"p-posts_per_month": "0"})
    html = client_as("manager").post("/registry/accounts/new/", data).content.decode()
    assert "1か月に1回以上" in html
    assert not OperationPlan.objects.filter(account__display_name="上越観光Facebook").exists()


def test_only_managers_may_propose(client_as):
    for name in ("operator", "contractor", "auditor", "director"):
        assert client_as(name).get("/registry/accounts/new/").status_code == 403


def test_wrong_role_decision_shows_a_readable_message(client_as, persona):
    from hasshin.registry.plans import plan_submit

    plan = plan_submit(plan=propose(persona), actor=persona("manager"))
    client = client_as("director")
    response = client.post(
        f"/registry/plans/{plan.pk}/decide/", {"decision": "approve"}, follow=True
    )
    assert "権限を持つ人だけが行えます" in response.content.decode()


def test_other_organisation_gets_404(client_as, persona):
    plan = propose(persona)
    client = client_as("outsider")
    for url in (
        f"/registry/plans/{plan.pk}/",
        f"/registry/plans/{plan.pk}/plan.pdf",
        f"/registry/accounts/{plan.account.pk}/",
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(f"/registry/plans/{plan.pk}/decide/", {"decision": "approve"}).status_code
        == 404
    )
    assert "上越観光テスト" not in client.get("/registry/").content.decode()


def test_usage_help_warns_for_all_citizens(client_as):
    html = (
        client_as("manager")
        .get(
            "/registry/accounts/usage/",
            {
                "a-service": "instagram",
                "p-target_all_citizens": "on",
                "p-target_age_groups": ["20s"],
            },
        )
        .content.decode()
    )
    assert "市公式アカウントで発信します" in html
    assert "2～3日に1回" in html
    assert "令和2年度" in html and "総務省" in html


def test_exports(client_as, persona):
    response = client_as("auditor").get("/registry/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "上越観光（公式）" in values and "サービス" in values
    plan = OperationPlan.objects.get(account__display_name="上越観光（公式）")
    pdf = client_as("auditor").get(f"/registry/plans/{plan.pk}/plan.pdf").content
    assert pdf.startswith(b"%PDF") and b"FontFile2" in pdf  # TrueType font embedded


def test_public_list_needs_no_login_and_shows_only_active(client, demo):
    html = client.get("/public/joetsu/accounts/").content.decode()
    assert "上越観光（公式）" in html
    assert "上越市子育て応援" not in html  # still in pre-consultation
    assert "https://www.city.joetsu.niigata.jp/" in html  # profile text (G6.1.5)
    active = SocialAccount.objects.filter(
        organisation=demo["joetsu"], status=AccountStatus.ACTIVE
    ).first()
    assert client.get(f"/public/joetsu/accounts/{active.pk}/plan/").status_code == 200
    pending = SocialAccount.objects.get(display_name="上越市子育て応援")
    assert client.get(f"/public/joetsu/accounts/{pending.pk}/plan/").status_code == 404
    assert client.get(f"/public/sakura/accounts/{active.pk}/plan/").status_code == 404
