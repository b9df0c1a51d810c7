import json

from django.test import Client


def _post(client, payload):
    return client.post("/api/v1/checks", json.dumps(payload), content_type="application/json")


def test_checks_api_reports_findings_with_offsets_into_the_text(client_as):
    text = "問い合わせは担当の携帯 090-1234-5678 まで https://bit.ly/abc"
    response = _post(
        client_as("operator"), {"text": text, "platform": "x", "at": "2026-11-24T10:00:00+09:00"}
    )
    assert response.status_code == 200
    body = response.json()
    rules = {f["rule"] for f in body["findings"]}
    assert {"pii.phone", "link.shortener"} <= rules
    for f in body["findings"]:
        assert text[f["start"] : f["end"]] == f["text"]
        assert f["clause"].startswith("G") and f["message"]
    assert body["stats"]["length"] > 0


def test_g6_2_1_checks_api_uses_the_organisations_working_hours(client_as):
    payload = {
        "text": "本日のお知らせです。",
        "platform": "facebook",
        "at": "2026-11-24T22:00:00+09:00",
    }
    joetsu = _post(client_as("operator"), payload).json()
    assert [f["rule"] for f in joetsu["findings"]] == ["timing.outside_hours"]
    urgent = _post(
        client_as("operator"), {**payload, "urgent": True, "urgent_reason": "大雪による通行止め"}
    ).json()
    assert urgent["findings"] == []


def test_checks_api_refuses_bad_input_with_a_clear_message(client_as):
    client = client_as("operator")
    assert _post(client, {"text": "x", "platform": "myspace"}).status_code == 422
    response = _post(client, {"text": "x", "at": "2026-11-24T22:00:00"})
    assert response.status_code == 422
    assert "タイムゾーン" in response.json()["detail"]


def test_checks_api_needs_a_staff_login(db):
    assert _post(Client(), {"text": "x"}).status_code == 401


def test_checks_api_is_documented_in_openapi(client_as):
    schema = client_as("operator").get("/api/v1/openapi.json").json()
    assert "/api/v1/checks" in schema["paths"]
    assert "post" in schema["paths"]["/api/v1/checks"]
