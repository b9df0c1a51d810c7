from __future__ import annotations

import json

import pytest

from hasshin.platforms.base import ConnectorError, MediaItem

from .conftest import PNG, publish_request


def test_facebook_text_post_goes_to_the_page_feed_with_its_link(sandbox):
    result = sandbox.connector("facebook").publish(
        publish_request("お知らせ", link="https://city.example.jp")
    )
    [post] = sandbox.posts("facebook")
    assert post["text"] == "お知らせ" and post["link"] == "https://city.example.jp"
    assert result.remote_id == post["id"] and result.remote_id.startswith("1029384756_")


def test_facebook_single_photo_carries_message_and_alt_text(sandbox):
    sandbox.connector("facebook").publish(publish_request("桜", media=[PNG]))
    [post] = sandbox.posts("facebook")
    assert post["media"][0]["alt_text"] == PNG.alt_text


def test_facebook_several_photos_are_attached_to_one_feed_post(sandbox):
    sandbox.connector("facebook").publish(publish_request("桜まつり", media=[PNG, PNG]))
    [feed] = sandbox.requests("/1029384756/feed")
    attached = [k for k in feed["body"].split("&") if k.startswith("attached_media")]
    assert len(attached) == 2
    assert len(sandbox.posts("facebook")) == 1


def test_facebook_reconciliation_finds_the_post_by_message(sandbox):
    connector = sandbox.connector("facebook")
    req = publish_request("市長定例記者会見")
    published = connector.publish(req)
    assert connector.find_existing(req).remote_id == published.remote_id
    assert connector.find_existing(publish_request("別")) is None


def test_graph_invalid_token_is_permanent_even_though_http_400(sandbox):
    with pytest.raises(ConnectorError) as info:
        sandbox.connector("facebook", page_access_token="invalid").publish(publish_request())
    assert info.value.permanent and info.value.status == 400
    assert "Invalid OAuth access token" in info.value.service_message


def test_graph_rate_limit_code_is_temporary_even_though_http_400(sandbox):
    body = {
        "error": {
            "message": "(#32) Page request limit reached",
            "type": "OAuthException",
            "code": 32,
        }
    }
    sandbox.fault("/feed$", status=400, body=body)
    with pytest.raises(ConnectorError) as info:
        sandbox.connector("facebook").publish(publish_request())
    assert not info.value.permanent
    assert info.value.service_message == "(#32) Page request limit reached"


def test_instagram_publishes_a_container_after_it_finishes_with_alt_text(sandbox):
    result = sandbox.connector("instagram").publish(publish_request("桜", media=[PNG]))
    created = sandbox.requests("/media$")[0]
    assert "alt_text=" in created["body"] and "image_url=" in created["body"]
    polls = sandbox.requests(r"/v\d+\.\d+/\d+$")
    assert any("status_code" in p["query_string"] for p in polls)
    [post] = sandbox.posts("instagram")
    assert result.remote_id == post["id"] and result.url == post["url"]


def test_instagram_carousel_creates_children_then_parent(sandbox):
    sandbox.connector("instagram").publish(publish_request("桜", media=[PNG, PNG]))
    bodies = [r["body"] for r in sandbox.requests("/media$") if r["method"] == "POST"]
    assert sum("is_carousel_item=true" in b for b in bodies) == 2
    assert "media_type=CAROUSEL" in bodies[-1]
    [post] = sandbox.posts("instagram")
    assert len(post["media"]) == 2


def test_instagram_needs_a_public_image_url(sandbox):
    local_only = MediaItem(mime="image/png", data=b"x")
    with pytest.raises(ConnectorError) as info:
        sandbox.connector("instagram").publish(publish_request(media=[local_only]))
    assert info.value.permanent
    assert sandbox.requests("/media") == []


def test_instagram_reconciliation_finds_the_post_by_caption(sandbox):
    connector = sandbox.connector("instagram")
    req = publish_request("観光案内", media=[PNG])
    published = connector.publish(req)
    assert connector.find_existing(req).remote_id == published.remote_id


def test_graph_token_travels_in_the_header_not_the_url(sandbox):
    sandbox.connector("instagram").publish(publish_request("桜", media=[PNG]))
    for entry in sandbox.requests("/v"):
        assert "access_token" not in entry["query_string"]
        assert entry["headers"]["authorization"] == "Bearer redacted"
        assert "ig-token" not in json.dumps(entry)
