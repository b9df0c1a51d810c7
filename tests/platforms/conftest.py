from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import requests

from hasshin.platforms.base import Connector, MediaItem, PublishRequest, get_connector_class
from hasshin.platforms.sandbox import sandbox_base_urls, start_sandbox

CREDENTIALS = {
    "x": {"access_token": "x-user-token"},
    "facebook": {"page_id": "1029384756", "page_access_token": "fb-page-token"},
    "instagram": {"ig_user_id": "17841400000000001", "access_token": "ig-token"},
    "line": {"channel_access_token": "line-channel-token"},
    "youtube": {"access_token": "yt-token"},
    "manual": {},
}


class Sandbox:
    def __init__(self, url: str) -> None:
        self.url = url
        self.base_urls = sandbox_base_urls(url)

    def connector(self, kind: str, timeout: float = 5.0, **credentials: str) -> Connector:
        creds = {**CREDENTIALS[kind], **credentials}
        connector = get_connector_class(kind)(creds, self.base_urls[kind], timeout=timeout)
        if kind == "instagram":
            connector.poll_interval = 0  # type: ignore[attr-defined]
        return connector

    def posts(self, kind: str) -> list[dict]:
        return requests.get(f"{self.url}/_sandbox/posts", params={"kind": kind}, timeout=5).json()[
            "posts"
        ]

    def requests(self, path: str) -> list[dict]:
        resp = requests.get(f"{self.url}/_sandbox/requests", params={"path": path}, timeout=5)
        return resp.json()["requests"]

    def fault(self, path: str, action: str = "status", **rule: object) -> None:
        plan = {"faults": [{"path": path, "action": action, **rule}]}
        requests.post(f"{self.url}/_sandbox/faults", json=plan, timeout=5).raise_for_status()


@pytest.fixture(scope="session")
def _sandbox_server() -> Iterator[str]:
    url, stop = start_sandbox()
    yield url
    stop()


@pytest.fixture
def sandbox(_sandbox_server: str) -> Sandbox:
    requests.post(f"{_sandbox_server}/_sandbox/reset", timeout=5).raise_for_status()
    return Sandbox(_sandbox_server)


def publish_request(text: str = "上越市からのお知らせです。", **kwargs: object) -> PublishRequest:
    kwargs.setdefault("not_before", datetime.now(UTC) - timedelta(seconds=1))
    kwargs.setdefault("idempotency_key", "post-42:account-7")
    return PublishRequest(text=text, **kwargs)  # type: ignore[arg-type]


PNG = MediaItem(
    mime="image/png",
    data=b"\x89PNG\r\n\x1a\n" + b"\0" * 64,
    alt_text="高田城址公園の桜",
    url="https://city.example.jp/media/sakura.png",
)
MP4 = MediaItem(mime="video/mp4", data=b"\0\0\0\x18ftypmp42" + b"\0" * 500)
