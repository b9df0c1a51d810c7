from __future__ import annotations

import email.utils
import time

import pytest

from hasshin.platforms.base import (
    KINDS,
    ConnectorError,
    PublishRequest,
    classify_status,
    compose_text,
    get_connector_class,
    parse_retry_after,
    parse_time,
)


def test_every_kind_resolves_to_a_connector_of_that_kind():
    for kind in KINDS:
        assert get_connector_class(kind).kind == kind


def test_unknown_kind_is_rejected():
    with pytest.raises(ValueError, match="unknown platform kind"):
        get_connector_class("myspace")


def test_retry_after_accepts_seconds_and_http_dates():
    assert parse_retry_after("120") == 120.0
    now = time.time()
    date = email.utils.formatdate(now + 30, usegmt=True)
    assert 28 <= parse_retry_after(date, now=now) <= 31
    assert parse_retry_after(email.utils.formatdate(now - 60, usegmt=True), now=now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_server_errors_throttling_and_timeouts_are_temporary_client_errors_permanent():
    assert not classify_status(500) and not classify_status(503)
    assert not classify_status(429) and not classify_status(408)
    for status in (400, 401, 403, 404, 422):
        assert classify_status(status)


def test_link_is_appended_once_on_its_own_line():
    assert compose_text(PublishRequest("k", "本文", link="https://a.jp")) == "本文\nhttps://a.jp"
    assert compose_text(PublishRequest("k", "本文 https://a.jp", link="https://a.jp")) == (
        "本文 https://a.jp"
    )


def test_graph_and_iso_timestamps_parse_to_the_same_instant():
    assert parse_time("2026-04-01T00:00:00+0000") == parse_time("2026-04-01T00:00:00Z")


def test_missing_credentials_are_a_permanent_error_naming_only_the_field():
    with pytest.raises(ConnectorError) as info:
        get_connector_class("x")({"access_token": ""})
    assert info.value.permanent
    assert "access_token" in str(info.value)


def test_connector_repr_never_shows_credentials():
    connector = get_connector_class("line")({"channel_access_token": "very-secret-token"})
    assert "very-secret-token" not in repr(connector)
