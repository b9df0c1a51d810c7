from __future__ import annotations

import json

import pytest

from hasshin.platforms.base import ConnectorError

from .conftest import MP4, publish_request


def test_video_is_uploaded_with_a_resumable_session(sandbox):
    result = sandbox.connector("youtube").publish(
        publish_request("説明", title="市政だより", media=[MP4])
    )
    start, upload = sandbox.requests("/upload/youtube/v3/videos")
    assert start["method"] == "POST" and "uploadType=resumable" in start["query_string"]
    assert start["headers"]["x-upload-content-length"] == str(len(MP4.data))
    assert json.loads(start["body"])["snippet"] == {"title": "市政だより", "description": "説明"}
    assert upload["method"] == "PUT" and upload["body_size"] == len(MP4.data)
    [post] = sandbox.posts("youtube")
    assert result.remote_id == post["id"] and result.url.endswith(post["id"])


def test_title_over_100_characters_is_refused_before_uploading(sandbox):
    with pytest.raises(ConnectorError) as info:
        sandbox.connector("youtube").publish(publish_request(title="あ" * 101, media=[MP4]))
    assert info.value.permanent
    assert sandbox.requests("/upload") == []


def test_description_is_limited_in_bytes_not_characters(sandbox):
    with pytest.raises(ConnectorError):
        sandbox.connector("youtube").publish(publish_request("あ" * 1700, title="t", media=[MP4]))


def test_dropped_upload_response_is_recovered_by_a_status_query(sandbox):
    sandbox.fault("/upload/youtube/v3/videos", "drop_after_accept", method="PUT")
    result = sandbox.connector("youtube").publish(publish_request(title="動画", media=[MP4]))
    [post] = sandbox.posts("youtube")
    assert result.remote_id == post["id"]


def test_upload_dropped_before_arrival_is_temporary(sandbox):
    sandbox.fault("/upload/youtube/v3/videos", "drop", method="PUT")
    with pytest.raises(ConnectorError) as info:
        sandbox.connector("youtube").publish(publish_request(title="動画", media=[MP4]))
    assert not info.value.permanent
    assert sandbox.posts("youtube") == []


def test_reconciliation_finds_the_video_in_the_uploads_playlist(sandbox):
    connector = sandbox.connector("youtube")
    req = publish_request("説明", title="市政だより", media=[MP4])
    published = connector.publish(req)
    assert connector.find_existing(req).remote_id == published.remote_id
    assert connector.find_existing(publish_request("説明", title="別", media=[MP4])) is None


def test_quota_exceeded_is_permanent_but_rate_limit_is_temporary(sandbox):
    def error(reason: str) -> dict:
        return {
            "error": {
                "code": 403,
                "message": reason,
                "errors": [{"reason": reason, "domain": "youtube.quota"}],
            }
        }

    sandbox.fault("/upload/youtube/v3/videos", status=403, body=error("quotaExceeded"))
    with pytest.raises(ConnectorError) as info:
        sandbox.connector("youtube").publish(publish_request(title="t", media=[MP4]))
    assert info.value.permanent and info.value.service_message == "quotaExceeded"
    sandbox.fault("/upload/youtube/v3/videos", status=403, body=error("rateLimitExceeded"))
    with pytest.raises(ConnectorError) as info:
        sandbox.connector("youtube").publish(publish_request(title="t", media=[MP4]))
    assert not info.value.permanent


def test_connection_check_names_the_channel(sandbox):
    assert "Sandbox City Channel" in sandbox.connector("youtube").check_connection()
