"""Error classification shared by all HTTP connectors, exercised over real HTTP."""

from __future__ import annotations

import email.utils
import time

import pytest

from hasshin.platforms.base import ConnectorError

from .conftest import MP4, PNG, publish_request

# kind -> (path the post is created on, a request that publishes)
CASES = {
    "x": ("^/2/tweets$", publish_request()),
    "facebook": ("/feed$", publish_request()),
    "instagram": ("/media_publish$", publish_request(media=[PNG])),
    "line": ("/v2/bot/message/broadcast$", publish_request()),
    "youtube": ("/upload/youtube/v3/videos$", publish_request(title="t", media=[MP4])),
}


@pytest.mark.parametrize("kind", CASES)
def test_server_error_is_temporary(sandbox, kind):
    path, req = CASES[kind]
    sandbox.fault(path, status=503)
    with pytest.raises(ConnectorError) as info:
        sandbox.connector(kind).publish(req)
    assert not info.value.permanent and info.value.status == 503


@pytest.mark.parametrize("kind", CASES)
def test_throttling_is_temporary_and_carries_retry_after_as_an_http_date(sandbox, kind):
    path, req = CASES[kind]
    sandbox.fault(
        path, status=429, retry_after=email.utils.formatdate(time.time() + 120, usegmt=True)
    )
    with pytest.raises(ConnectorError) as info:
        sandbox.connector(kind).publish(req)
    assert not info.value.permanent and info.value.status == 429
    assert 60 < info.value.retry_after <= 121


@pytest.mark.parametrize("kind", CASES)
def test_timeout_is_temporary(sandbox, kind):
    path, req = CASES[kind]
    sandbox.fault(path, "hang", seconds=1.0)
    with pytest.raises(ConnectorError) as info:
        sandbox.connector(kind, timeout=0.2).publish(req)
    assert not info.value.permanent and info.value.status is None


@pytest.mark.parametrize("kind", ["x", "facebook", "instagram", "line"])
def test_connection_dropped_after_acceptance_is_temporary_and_the_post_exists(sandbox, kind):
    path, req = CASES[kind]
    sandbox.fault(path, "drop_after_accept")
    with pytest.raises(ConnectorError) as info:
        sandbox.connector(kind).publish(req)
    assert not info.value.permanent
    assert len(sandbox.posts(kind)) == 1


@pytest.mark.parametrize("kind", ["x", "facebook", "instagram", "youtube"])
def test_reconciliation_after_a_dropped_connection_finds_the_post(sandbox, kind):
    path, req = CASES[kind]
    method = "PUT" if kind == "youtube" else None
    sandbox.fault(path, "drop_after_accept", method=method)
    connector = sandbox.connector(kind)
    try:
        connector.publish(req)
    except ConnectorError:
        pass
    found = connector.find_existing(req)
    assert found is not None and found.remote_id == sandbox.posts(kind)[0]["id"]


@pytest.mark.parametrize("kind", CASES)
def test_invalid_token_is_permanent_with_the_services_message(sandbox, kind):
    _, req = CASES[kind]
    token_field = {"facebook": "page_access_token", "line": "channel_access_token"}.get(
        kind, "access_token"
    )
    with pytest.raises(ConnectorError) as info:
        sandbox.connector(kind, **{token_field: "invalid-token"}).publish(req)
    assert info.value.permanent
    assert info.value.service_message


@pytest.mark.parametrize("kind", CASES)
def test_connection_refused_is_temporary(kind):
    from hasshin.platforms.base import get_connector_class
    from hasshin.platforms.sandbox import sandbox_base_urls

    from .conftest import CREDENTIALS

    connector = get_connector_class(kind)(
        CREDENTIALS[kind], sandbox_base_urls("http://127.0.0.1:9")[kind]
    )
    with pytest.raises(ConnectorError) as info:
        connector.check_connection()
    assert not info.value.permanent
