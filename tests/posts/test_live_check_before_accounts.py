def test_g5_3_live_check_runs_before_any_account_is_chosen(client_as):
    response = client_as("operator").post(
        "/posts/check/", {"body": "担当の携帯は090-1234-5678です。https://bit.ly/abc"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "共通チェック" in body
    assert 'data-rule="pii.phone"' in body and 'data-rule="link.shortener"' in body


def test_empty_draft_without_accounts_shows_the_hint_only(client_as):
    body = client_as("operator").post("/posts/check/", {"body": ""}).content.decode()
    assert "共通チェック" not in body
    assert "投稿先のアカウントを選ぶと" in body
