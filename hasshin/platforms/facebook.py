"""Facebook Page posts through the Graph API: POST /{page-id}/feed for text and links,
POST /{page-id}/photos for one photo, unpublished photos + /feed attached_media for several.

No idempotency key exists. Reconciliation lists the Page's recent posts
(GET /{page-id}/feed, since the attempt started) and compares the message exactly. Limits: the
feed may lag a little after a post is created, and two posts with the same message in the window
cannot be told apart.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from .base import (
    PublishRequest,
    PublishResult,
    compose_text,
    parse_time,
    reconcile_since,
    same_text,
)
from .graph import GraphConnector


class FacebookConnector(GraphConnector):
    kind = "facebook"
    can_reconcile = True
    required_credentials = ("page_id", "page_access_token")
    default_base_urls: ClassVar[dict[str, str]] = {
        **GraphConnector.default_base_urls,
        "web": "https://www.facebook.com",
    }
    token_name = "page_access_token"  # noqa: S105 (a dict key, not a secret)

    @property
    def page_id(self) -> str:
        return self._credentials["page_id"]

    def _result(self, post_id: str, raw: dict[str, Any], reconciled: bool = False) -> PublishResult:
        url = raw.get("permalink_url") or f"{self.base_urls['web'].rstrip('/')}/{post_id}"
        return PublishResult(remote_id=post_id, url=url, raw=raw, reconciled=reconciled)

    def check_connection(self) -> str:
        me = self.get("me", fields="id,name")
        return f"{me.get('name', '')} ({me['id']})"

    def _upload_photo(self, req: PublishRequest, index: int, published: bool) -> dict[str, Any]:
        item = req.media[index]
        data: dict[str, Any] = {"published": "true" if published else "false"}
        if published:
            data["message"] = compose_text(req)
        if item.alt_text:
            data["alt_text_custom"] = item.alt_text
        files = {"source": (item.filename, item.read_bytes(), item.mime)}
        return self.post(f"{self.page_id}/photos", data=data, files=files)

    def publish(self, req: PublishRequest) -> PublishResult:
        if len(req.media) == 1:
            raw = self._upload_photo(req, 0, published=True)
            return self._result(raw["post_id"], raw)
        data: dict[str, Any] = {"message": req.text}
        if req.link:
            data["link"] = req.link
        for i in range(len(req.media)):
            photo = self._upload_photo(req, i, published=False)
            data[f"attached_media[{i}]"] = json.dumps({"media_fbid": photo["id"]})
        if req.media:
            data["message"] = compose_text(req)
            data.pop("link", None)
        raw = self.post(f"{self.page_id}/feed", data=data)
        return self._result(raw["id"], raw)

    def find_existing(self, req: PublishRequest) -> PublishResult | None:
        since = reconcile_since(req, self.kind)
        feed = self.get(
            f"{self.page_id}/feed",
            fields="id,message,created_time,permalink_url",
            since=int(since.timestamp()),
            limit=100,
        )
        expected = compose_text(req) if req.media else req.text
        for post in feed.get("data", []):
            if parse_time(post["created_time"]) < since:
                continue
            if same_text(post.get("message", ""), expected):
                return self._result(post["id"], post, reconciled=True)
        return None
