"""Instagram content publishing through the Graph API: POST /{ig-user-id}/media creates a
container (image_url, caption, alt_text; carousel children for several images), GET
/{container-id}?fields=status_code until FINISHED, then POST /{ig-user-id}/media_publish.

Instagram fetches images itself, so every MediaItem needs a public ``url``; text-only posts do
not exist there. No idempotency key exists. Reconciliation lists the account's recent media
(GET /{ig-user-id}/media) and compares caption and timestamp; the same limits as Facebook apply.
"""

from __future__ import annotations

import time
from typing import Any

from .base import (
    ConnectorError,
    PublishRequest,
    PublishResult,
    compose_text,
    parse_time,
    reconcile_since,
    same_text,
)
from .graph import GraphConnector


class InstagramConnector(GraphConnector):
    kind = "instagram"
    can_reconcile = True
    required_credentials = ("ig_user_id", "access_token")
    poll_interval = 2.0
    max_polls = 15

    @property
    def ig_user_id(self) -> str:
        return self._credentials["ig_user_id"]

    def check_connection(self) -> str:
        user = self.get(self.ig_user_id, fields="id,username")
        return f"@{user.get('username', '')} ({user['id']})"

    def _container(self, fields: dict[str, Any]) -> str:
        return str(self.post(f"{self.ig_user_id}/media", data=fields)["id"])

    def _wait_until_finished(self, container_id: str) -> None:
        for attempt in range(self.max_polls):
            state = self.get(container_id, fields="status_code,status")
            code = state.get("status_code")
            if code in ("FINISHED", "PUBLISHED"):
                return
            if code in ("ERROR", "EXPIRED"):
                message = state.get("status", code)
                raise ConnectorError(
                    f"container {code}", permanent=True, service_message=str(message)
                )
            if attempt + 1 < self.max_polls:
                time.sleep(self.poll_interval)
        raise ConnectorError("media container still processing", permanent=False)

    def _create_containers(self, req: PublishRequest) -> str:
        if not req.media:
            raise ConnectorError("Instagram posts need at least one image", permanent=True)
        if any(not item.url for item in req.media):
            raise ConnectorError("Instagram needs a public URL for each image", permanent=True)
        caption = compose_text(req)
        if len(req.media) == 1:
            item = req.media[0]
            fields = {"image_url": item.url, "caption": caption}
            if item.alt_text:
                fields["alt_text"] = item.alt_text
            return self._container(fields)
        children = []
        for item in req.media:
            fields = {"image_url": item.url, "is_carousel_item": "true"}
            if item.alt_text:
                fields["alt_text"] = item.alt_text
            children.append(self._container(fields))
        for child in children:
            self._wait_until_finished(child)
        return self._container(
            {"media_type": "CAROUSEL", "children": ",".join(children), "caption": caption}
        )

    def publish(self, req: PublishRequest) -> PublishResult:
        container_id = self._create_containers(req)
        self._wait_until_finished(container_id)
        media_id = str(
            self.post(f"{self.ig_user_id}/media_publish", data={"creation_id": container_id})["id"]
        )
        try:
            permalink = self.get(media_id, fields="permalink").get("permalink", "")
        except ConnectorError:
            permalink = ""  # published all the same; the URL can be looked up later
        return PublishResult(
            remote_id=media_id, url=permalink, raw={"id": media_id, "container_id": container_id}
        )

    def find_existing(self, req: PublishRequest) -> PublishResult | None:
        since = reconcile_since(req, self.kind)
        media = self.get(
            f"{self.ig_user_id}/media", fields="id,caption,timestamp,permalink", limit=50
        )
        expected = compose_text(req)
        for item in media.get("data", []):
            if parse_time(item["timestamp"]) < since:
                continue
            if same_text(item.get("caption", ""), expected):
                url = item.get("permalink", "")
                return PublishResult(remote_id=str(item["id"]), url=url, raw=item, reconciled=True)
        return None
