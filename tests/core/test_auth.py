import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from hasshin.registry.demo import DEMO_PASSWORD


def test_login_page_is_japanese_and_served_without_cdn(db):
    response = Client().get("/account/login/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "ログイン" in body and 'lang="ja"' in body
    assert "http://" not in body.replace("http://testserver", "") and "https://" not in body


def test_anonymous_user_is_sent_to_login(db):
    response = Client().get("/")
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_login_with_demo_persona_shows_dashboard(demo):
    client = Client()
    response = client.post(
        "/account/login/", {"username": "kanko-tanto", "password": DEMO_PASSWORD}, follow=True
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "ダッシュボード" in body and "上越市" in body and "運用担当者" in body


def test_wrong_password_gives_japanese_error(demo):
    response = Client().post("/account/login/", {"username": "kanko-tanto", "password": "nope"})
    assert "正しいユーザー名とパスワードを入力してください" in response.content.decode()


def _token(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_organisation_can_require_totp_for_approvers(demo, persona):
    org = demo["joetsu"]
    org.require_two_factor = True
    org.save()
    client = Client()
    client.post("/account/login/", {"username": "kanko-kacho", "password": DEMO_PASSWORD})
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/account/two-factor/setup/"
    page = client.get("/account/two-factor/setup/")
    assert "二段階認証" in page.content.decode()
    device = TOTPDevice.objects.get(user=persona("manager"), confirmed=False)
    wrong = client.post("/account/two-factor/setup/", {"token": "000000"})
    assert "正しくありません" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    response = client.post("/account/two-factor/setup/", {"token": _token(device)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200

    # Next login: the second factor is asked for before anything else.
    fresh = Client()
    fresh.post("/account/login/", {"username": "kanko-kacho", "password": DEMO_PASSWORD})
    response = fresh.get("/policy/")
    assert response["Location"].startswith("/account/two-factor/?next=/policy/")
    device.refresh_from_db()
    device.last_t = -1
    device.save()
    response = fresh.post("/account/two-factor/?next=/policy/", {"token": _token(device)})
    assert response["Location"] == "/policy/"


def test_operator_is_not_forced_into_totp(demo):
    org = demo["joetsu"]
    org.require_two_factor = True
    org.save()
    client = Client()
    client.post("/account/login/", {"username": "kanko-tanto", "password": DEMO_PASSWORD})
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("lang", ["en"])
def test_english_is_available(demo, client_as, lang):
    client = client_as("operator")
    client.post("/i18n/setlang/", {"language": lang, "next": "/"})
    body = client.get("/").content.decode()
    assert 'lang="en"' in body
    assert "Dashboard" in body
