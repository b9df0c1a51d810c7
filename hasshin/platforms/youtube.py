"""YouTube Data API v3: videos.insert as a resumable upload over HTTP.

POST /upload/youtube/v3/videos?uploadType=resumable&part=snippet,status with the metadata
returns the session URI in ``Location``; PUT the bytes there. If the PUT's connection fails,
one status query (``Content-Range: bytes */N``) tells whether YouTube already has the whole
video, so a dropped response does not lead to a second upload.

No idempotency key exists. Reconciliation reads the channel's uploads playlist and compares
title and description. Limits: the playlist can lag behind an upload by minutes, and identical
title+description in the window cannot be told apart.
"""

from __future__ import annotations

from typing import Any, ClassVar

import requests

from .base import (
    ConnectorError,
    HttpConnector,
    PublishRequest,
    PublishResult,
    error_from_response,
    json_or_empty,
    parse_time,
    reconcile_since,
    same_text,
)

MAX_TITLE_CHARS = 100
MAX_DESCRIPTION_BYTES = 5000
TEMPORARY_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded", "backendError"})


class YouTubeConnector(HttpConnector):
    kind = "youtube"
    can_reconcile = True
    required_credentials = ("access_token",)
    default_base_urls: ClassVar[dict[str, str]] = {
        "api": "https://www.googleapis.com",
        "web": "https://www.youtube.com/watch?v=",
    }

    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._credentials['access_token']}"}

    def _api(self, path: str) -> str:
        return self.base_urls["api"].rstrip("/") + path

    def service_message(self, resp: requests.Response) -> str:
        error = json_or_empty(resp).get("error") or {}
        return str(error.get("message", "")) if isinstance(error, dict) else str(error)

    def to_error(self, resp: requests.Response) -> ConnectorError:
        error = json_or_empty(resp).get("error") or {}
        reasons = (
            {e.get("reason") for e in error.get("errors", [])} if isinstance(error, dict) else set()
        )
        permanent = False if reasons & TEMPORARY_REASONS else None
        return error_from_response(resp, self.service_message(resp), permanent=permanent)

    def _result(
        self, video_id: str, raw: dict[str, Any], reconciled: bool = False
    ) -> PublishResult:
        return PublishResult(
            remote_id=video_id,
            url=f"{self.base_urls['web']}{video_id}",
            raw=raw,
            reconciled=reconciled,
        )

    def check_connection(self) -> str:
        body = self.request(
            "GET", self._api("/youtube/v3/channels"), params={"part": "snippet", "mine": "true"}
        ).json()
        items = body.get("items") or []
        if not items:
            raise ConnectorError("no YouTube channel for this account", permanent=True)
        return f"{items[0]['snippet']['title']} ({items[0]['id']})"

    def metadata(self, req: PublishRequest) -> dict[str, Any]:
        title = (req.title or req.text.split("\n", 1)[0]).strip()
        description = (
            req.text if not req.link or req.link in req.text else f"{req.text}\n{req.link}"
        )
        if not title or len(title) > MAX_TITLE_CHARS:
            raise ConnectorError(
                f"YouTube titles are 1 to {MAX_TITLE_CHARS} characters", permanent=True
            )
        if len(description.encode("utf-8")) > MAX_DESCRIPTION_BYTES:
            raise ConnectorError(
                f"YouTube descriptions are at most {MAX_DESCRIPTION_BYTES} bytes", permanent=True
            )
        if any(c in title + description for c in "<>"):
            raise ConnectorError(
                "YouTube does not accept < or > in title or description", permanent=True
            )
        snippet = {"title": title, "description": description}
        if req.options.get("category_id"):
            snippet["categoryId"] = str(req.options["category_id"])
        status = {
            "privacyStatus": req.options.get("privacy_status", "public"),
            "selfDeclaredMadeForKids": bool(req.options.get("made_for_kids", False)),
        }
        return {"snippet": snippet, "status": status}

    def publish(self, req: PublishRequest) -> PublishResult:
        videos = [m for m in req.media if m.mime.startswith("video/")]
        if len(videos) != 1:
            raise ConnectorError("a YouTube post needs exactly one video", permanent=True)
        video, body = videos[0], self.metadata(req)
        data = video.read_bytes()
        session = self.request(
            "POST",
            self._api("/upload/youtube/v3/videos"),
            params={"uploadType": "resumable", "part": "snippet,status"},
            json=body,
            headers={
                "X-Upload-Content-Length": str(len(data)),
                "X-Upload-Content-Type": video.mime,
            },
        )
        location = session.headers.get("Location")
        if not location:
            raise ConnectorError("YouTube gave no upload session URI", permanent=False)
        try:
            resp = self.request("PUT", location, data=data, headers={"Content-Type": video.mime})
        except ConnectorError as exc:
            if exc.status is not None:
                raise
            resp = self._upload_status(location, len(data), exc)
        raw = resp.json()
        return self._result(raw["id"], raw)

    def _upload_status(self, location: str, size: int, cause: ConnectorError) -> requests.Response:
        """After a dropped PUT: did YouTube get the whole file? (200/201 yes, 308 no)."""
        headers = {"Content-Range": f"bytes */{size}", "Content-Length": "0"}
        resp = self.request("PUT", location, ok=(200, 201, 308), headers=headers)
        if resp.status_code == 308:
            raise cause
        return resp

    def find_existing(self, req: PublishRequest) -> PublishResult | None:
        since = reconcile_since(req, self.kind)
        channels = self.request(
            "GET",
            self._api("/youtube/v3/channels"),
            params={"part": "contentDetails", "mine": "true"},
        ).json()
        items = channels.get("items") or []
        if not items:
            raise ConnectorError("no YouTube channel for this account", permanent=True)
        uploads = items[0]["contentDetails"]["relatedPlaylists"]["uploads"]
        params = {"part": "snippet", "playlistId": uploads, "maxResults": 50}
        listing = self.request("GET", self._api("/youtube/v3/playlistItems"), params=params).json()
        expected = self.metadata(req)["snippet"]
        for item in listing.get("items", []):
            snippet = item["snippet"]
            if parse_time(snippet["publishedAt"]) < since:
                continue
            if same_text(snippet["title"], expected["title"]) and same_text(
                snippet.get("description", ""), expected["description"]
            ):
                return self._result(snippet["resourceId"]["videoId"], item, reconciled=True)
        return None
