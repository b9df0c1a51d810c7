from __future__ import annotations

import json

import pytest

from hasshin.platforms.base import ConnectorError

from .conftest import PNG, publish_request


def test_post_with_image_uploads_media_sets_alt_text_then_creates_the_post(sandbox):
    result = sandbox.connector("x").publish(publish_request("桜が満開です", media=[PNG]))
    paths = [r["path"] for r in sandbox.requests("^/2/")]
    assert paths == ["/2/media/upload", "/2/media/metadata", "/2/tweets"]
    metadata = json.loads(sandbox.requests("/2/media/metadata")[0]["body"])
    assert metadata["metadata"] == {"alt_text": {"text": "高田城址公園の桜"}}
    tweet = json.loads(sandbox.requests("/2/tweets")[0]["body"])
    assert tweet == {"text": "桜が満開です", "media": {"media_ids": [metadata["id"]]}}
    [post] = sandbox.posts("x")
    assert result.remote_id == post["id"] and result.url.endswith(post["id"])


def test_token_is_sent_as_bearer_and_never_recorded(sandbox):
    sandbox.connector("x").publish(publish_request())
    [sent] = sandbox.requests("/2/tweets")
    assert sent["headers"]["authorization"] == "Bearer redacted"


def test_reconciliation_finds_the_post_despite_tco_links_and_escaping(sandbox):
    req = publish_request(
        "開館時間 & 休館日 <必読>", link="https://city.example.jp/a?b=1&c=2", media=[PNG]
    )
    connector = sandbox.connector("x")
    published = connector.publish(req)
    found = connector.find_existing(req)
    assert found is not None and found.reconciled and found.remote_id == published.remote_id


def test_reconciliation_reports_absence_and_ignores_other_texts(sandbox):
    connector = sandbox.connector("x")
    connector.publish(publish_request("別の投稿"))
    assert connector.find_existing(publish_request("この投稿")) is None


def test_reconciliation_without_attempt_start_cannot_tell(sandbox):
    with pytest.raises(ConnectorError) as info:
        sandbox.connector("x").find_existing(publish_request(not_before=None))
    assert not info.value.permanent


def test_duplicate_content_rejection_after_a_lost_response_returns_the_existing_post(sandbox):
    sandbox.fault("^/2/tweets$", "drop_after_accept")
    connector = sandbox.connector("x")
    with pytest.raises(ConnectorError):
        connector.publish(publish_request())
    result = connector.publish(publish_request())
    assert result.reconciled
    assert len(sandbox.posts("x")) == 1


def test_rate_limit_uses_the_reset_header_when_no_retry_after(sandbox):
    import time

    sandbox.fault(
        "^/2/tweets$",
        status=429,
        body={
            "title": "Too Many Requests",
            "detail": "Too Many Requests",
            "type": "about:blank",
            "status": 429,
        },
        headers={"x-rate-limit-reset": str(int(time.time()) + 600)},
    )
    with pytest.raises(ConnectorError) as info:
        sandbox.connector("x").publish(publish_request())
    assert not info.value.permanent
    assert info.value.retry_after is not None and info.value.retry_after > 60
    assert info.value.service_message == "Too Many Requests"


def test_invalid_token_is_permanent_with_xs_message(sandbox):
    with pytest.raises(ConnectorError) as info:
        sandbox.connector("x", access_token="invalid").publish(publish_request())
    assert info.value.permanent and info.value.status == 401
    assert info.value.service_message == "Unauthorized"


def test_connection_check_names_the_account(sandbox):
    assert sandbox.connector("x").check_connection().startswith("@sandbox_")
