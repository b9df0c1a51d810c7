from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest

from hasshin.platforms.base import ConnectorError
from hasshin.platforms.line import retry_key, utf16_length

from .conftest import PNG, publish_request

LINE_OPENAPI = (
    Path(__file__).resolve().parents[2].parent / "shared/external/line-openapi/messaging-api.yml"
)
NARROWCAST = {
    "recipient": {"type": "audience", "audienceGroupId": 4389303728991},
    "filter": {"demographic": {"type": "area", "oneOf": ["jp_15"]}},
    "limit": {"max": 1000},
}


def test_broadcast_sends_text_and_images_with_a_retry_key_derived_from_the_post(sandbox):
    result = sandbox.connector("line").publish(publish_request("防災無線のお知らせ", media=[PNG]))
    [sent] = sandbox.requests("/v2/bot/message/broadcast")
    assert sent["headers"]["x-line-retry-key"] == retry_key("post-42:account-7")
    assert json.loads(sent["body"])["messages"] == [
        {"type": "text", "text": "防災無線のお知らせ"},
        {"type": "image", "originalContentUrl": PNG.url, "previewImageUrl": PNG.url},
    ]
    [post] = sandbox.posts("line")
    assert result.remote_id == post["id"] and not result.reconciled


def test_retry_key_is_a_stable_uuid_per_idempotency_key():
    assert retry_key("a") == retry_key("a") != retry_key("b")


def test_resending_after_a_lost_response_is_reported_as_already_accepted(sandbox):
    sandbox.fault("/v2/bot/message/broadcast", "drop_after_accept")
    connector = sandbox.connector("line")
    with pytest.raises(ConnectorError) as info:
        connector.publish(publish_request())
    assert not info.value.permanent
    result = connector.publish(publish_request())
    assert result.reconciled
    [post] = sandbox.posts("line")
    assert result.remote_id == post["id"]


def test_narrowcast_sends_recipient_filter_and_limit(sandbox):
    connector = sandbox.connector("line")
    result = connector.publish(publish_request(options={"narrowcast": NARROWCAST}))
    [post] = sandbox.posts("line")
    assert post["delivery"] == "narrowcast"
    assert post["narrowcast"]["recipient"] == NARROWCAST["recipient"]
    assert connector.narrowcast_progress(result.remote_id)["phase"] == "succeeded"


def test_text_over_5000_utf16_units_is_refused_before_sending(sandbox):
    text = "𠮷" * 2501  # one character, two UTF-16 units
    assert utf16_length(text) == 5002
    with pytest.raises(ConnectorError) as info:
        sandbox.connector("line").publish(publish_request(text))
    assert info.value.permanent
    assert sandbox.requests("/v2/bot/message/broadcast") == []


def test_invalid_channel_token_is_permanent_with_lines_message(sandbox):
    with pytest.raises(ConnectorError) as info:
        sandbox.connector("line", channel_access_token="invalid-token").publish(publish_request())
    assert info.value.permanent and info.value.status == 401
    assert info.value.service_message.startswith("Authentication failed.")


def test_monthly_limit_is_permanent_but_rate_limit_is_temporary(sandbox):
    sandbox.fault(
        "/v2/bot/message/broadcast",
        status=429,
        body={"message": "You have reached your monthly limit."},
    )
    with pytest.raises(ConnectorError) as info:
        sandbox.connector("line").publish(publish_request())
    assert info.value.permanent
    sandbox.fault(
        "/v2/bot/message/broadcast",
        status=429,
        retry_after="7",
        body={"message": "The API rate limit has been exceeded. Try again later."},
    )
    with pytest.raises(ConnectorError) as info:
        sandbox.connector("line").publish(publish_request())
    assert not info.value.permanent and info.value.retry_after == 7.0


def test_connection_check_reads_bot_info(sandbox):
    assert "Sandbox City" in sandbox.connector("line").check_connection()


def _validate_against_line_openapi(entry: dict) -> None:
    headers = {k: v for k, v in entry["headers"].items() if k not in ("host", "content-length")}
    request = requests.Request(
        entry["method"],
        f"https://api.line.me{entry['path']}"
        + (f"?{entry['query_string']}" if entry["query_string"] else ""),
        headers=headers,
        data=(entry["body"] or "").encode("utf-8") or None,
    ).prepare()
    OpenAPI.from_file_path(str(LINE_OPENAPI)).validate_request(RequestsOpenAPIRequest(request))


def test_line_requests_validate_against_lines_own_openapi_document(sandbox):
    connector = sandbox.connector("line")
    connector.publish(
        publish_request("お知らせ", media=[PNG], options={"notification_disabled": True})
    )
    narrowcast = publish_request(
        "地域限定", idempotency_key="post-43", options={"narrowcast": NARROWCAST}
    )
    result = connector.publish(narrowcast)
    connector.narrowcast_progress(result.remote_id)
    connector.check_connection()
    sent = sandbox.requests("/v2/bot/")
    assert {e["path"] for e in sent} == {
        "/v2/bot/message/broadcast",
        "/v2/bot/message/narrowcast",
        "/v2/bot/message/progress/narrowcast",
        "/v2/bot/info",
    }
    for entry in sent:
        _validate_against_line_openapi(entry)


def test_openapi_validation_would_catch_a_malformed_request(sandbox):
    entry = {
        "method": "POST",
        "path": "/v2/bot/message/broadcast",
        "query_string": "",
        "headers": {"authorization": "Bearer redacted", "content-type": "application/json"},
        "body": json.dumps({"messages": []}),
    }
    with pytest.raises(Exception):  # noqa: B017 - any openapi-core validation error
        _validate_against_line_openapi(entry)
