"""X (Twitter) API v2: POST /2/tweets, media via POST /2/media/upload + /2/media/metadata.

Speaks the documented HTTP API with requests and an OAuth 2.0 user-context bearer token.
tweepy.Client is not used: its host is hard-coded (so the sandbox cannot stand in), it has no
v2 media upload, and its debug logging prints request headers, i.e. the bearer token.

X has no idempotency key for posts. Reconciliation reads the account's own recent posts
(GET /2/users/:id/tweets) and compares text after undoing X's rewriting (t.co links, HTML
escapes, trailing media links). Limits: a post may take a moment to appear in the timeline,
and two identical texts in the window are indistinguishable. X itself rejects an identical
recent text with 403 "duplicate content"; publish then looks the post up and reports it.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import Any, ClassVar

import requests

from .base import (
    ConnectorError,
    HttpConnector,
    PublishRequest,
    PublishResult,
    compose_text,
    error_from_response,
    json_or_empty,
    parse_retry_after,
    parse_time,
    reconcile_since,
    same_text,
)

DUPLICATE_MARKER = "duplicate content"


class XConnector(HttpConnector):
    kind = "x"
    supports_idempotency = False
    can_reconcile = True
    required_credentials = ("access_token",)
    default_base_urls: ClassVar[dict[str, str]] = {
        "api": "https://api.x.com",
        "web": "https://x.com/i/web/status",
    }

    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._credentials['access_token']}"}

    def service_message(self, resp: requests.Response) -> str:
        body = json_or_empty(resp)
        parts = [body.get("detail") or body.get("title") or ""]
        parts += [e.get("message", "") for e in body.get("errors", []) if isinstance(e, dict)]
        return " ".join(p for p in parts if p).strip()

    def to_error(self, resp: requests.Response) -> ConnectorError:
        retry_after = None
        if resp.status_code == 429:
            retry_after = parse_retry_after(resp.headers.get("Retry-After"))
            reset = resp.headers.get("x-rate-limit-reset", "")
            if retry_after is None and reset.isdigit():
                retry_after = max(0.0, int(reset) - datetime.now(UTC).timestamp())
        return error_from_response(resp, self.service_message(resp), retry_after=retry_after)

    def _api(self, path: str) -> str:
        return self.base_urls["api"].rstrip("/") + path

    def _result(self, data: dict[str, Any], reconciled: bool = False) -> PublishResult:
        url = f"{self.base_urls['web'].rstrip('/')}/{data['id']}"
        return PublishResult(remote_id=str(data["id"]), url=url, raw=data, reconciled=reconciled)

    def user_id(self) -> str:
        if not self._credentials.get("user_id"):
            me = self.request("GET", self._api("/2/users/me")).json()["data"]
            self._credentials["user_id"] = str(me["id"])
        return self._credentials["user_id"]

    def check_connection(self) -> str:
        me = self.request("GET", self._api("/2/users/me")).json()["data"]
        return f"@{me['username']} ({me['name']})"

    def upload_media(self, req: PublishRequest) -> list[str]:
        ids = []
        for item in req.media:
            if not item.mime.startswith("image/"):
                raise ConnectorError(
                    f"X connector uploads images only, not {item.mime}", permanent=True
                )
            category = "tweet_gif" if item.mime == "image/gif" else "tweet_image"
            resp = self.request(
                "POST",
                self._api("/2/media/upload"),
                files={"media": (item.filename, item.read_bytes(), item.mime)},
                data={"media_category": category, "media_type": item.mime},
            )
            media_id = str(resp.json()["data"]["id"])
            if item.alt_text:
                body = {"id": media_id, "metadata": {"alt_text": {"text": item.alt_text}}}
                self.request("POST", self._api("/2/media/metadata"), json=body)
            ids.append(media_id)
        return ids

    def publish(self, req: PublishRequest) -> PublishResult:
        body: dict[str, Any] = {"text": compose_text(req)}
        media_ids = self.upload_media(req)
        if media_ids:
            body["media"] = {"media_ids": media_ids}
        try:
            resp = self.request("POST", self._api("/2/tweets"), json=body)
        except ConnectorError as exc:
            if exc.status == 403 and DUPLICATE_MARKER in exc.service_message.lower():
                found = self._find_duplicate(req)
                if found is not None:
                    return found
            raise
        return self._result(resp.json()["data"])

    def _find_duplicate(self, req: PublishRequest) -> PublishResult | None:
        if req.not_before is None:
            return None
        try:
            return self.find_existing(req)
        except ConnectorError:
            return None

    def find_existing(self, req: PublishRequest) -> PublishResult | None:
        since = reconcile_since(req, self.kind)
        params = {
            "max_results": 100,
            "start_time": since.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "tweet.fields": "created_at,entities",
            "exclude": "retweets,replies",
        }
        resp = self.request("GET", self._api(f"/2/users/{self.user_id()}/tweets"), params=params)
        expected = compose_text(req)
        for tweet in resp.json().get("data", []):
            if parse_time(tweet["created_at"]) < since:
                continue
            if same_text(original_text(tweet), expected):
                return self._result(tweet, reconciled=True)
        return None


def original_text(tweet: dict[str, Any]) -> str:
    """Undo X's rewriting of a posted text: t.co links back to the URLs, media links removed,
    HTML entities (&amp; &lt; &gt;) unescaped."""
    text = tweet.get("text", "")
    urls = sorted(tweet.get("entities", {}).get("urls", []), key=lambda u: u["start"], reverse=True)
    chars = list(text)
    for url in urls:
        replacement = "" if url.get("media_key") else url.get("expanded_url", url["url"])
        chars[url["start"] : url["end"]] = list(replacement)
    return html.unescape("".join(chars)).rstrip()
