from __future__ import annotations

import pytest

from hasshin.platforms.base import ManualActionRequired, get_connector_class

from .conftest import publish_request


def test_manual_publishing_asks_the_operator_to_post_the_text_by_hand():
    connector = get_connector_class("manual")({})
    with pytest.raises(ManualActionRequired) as info:
        connector.publish(publish_request("手作業で投稿", link="https://city.example.jp"))
    assert info.value.text == "手作業で投稿\nhttps://city.example.jp"


def test_manual_account_never_has_a_system_made_post():
    assert get_connector_class("manual")({}).find_existing(publish_request()) is None
