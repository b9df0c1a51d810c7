"""LINE Messaging API through line-bot-sdk v3: broadcast, or narrowcast when
``options["narrowcast"]`` holds ``recipient``/``filter``/``limit`` objects as documented.

LINE has idempotency: every send carries ``X-Line-Retry-Key``, a UUID derived from the
post's idempotency key. A repeat with the same key answers 409 with
``x-line-accepted-request-id``: the first request was accepted, so that counts as published.
LINE keeps retry keys for 24 hours; after that a retry would send again. Broadcasts have no
public URL and cannot be listed, so there is no lookup (``find_existing`` cannot tell).
"""

from __future__ import annotations

import json
import uuid
from typing import Any, ClassVar

import urllib3
from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    BroadcastRequest,
    Configuration,
    ImageMessage,
    MessagingApi,
    NarrowcastRequest,
    TextMessage,
)
from pydantic import ValidationError

from .base import (
    Connector,
    ConnectorError,
    PublishRequest,
    PublishResult,
    classify_status,
    compose_text,
    parse_retry_after,
)

RETRY_KEY_NAMESPACE = uuid.UUID("6f1c8f5e-4b7a-5d0e-9a43-2d1e8c0b7a11")
MAX_TEXT_UTF16 = 5000
MAX_MESSAGES = 5


def retry_key(idempotency_key: str) -> str:
    return str(uuid.uuid5(RETRY_KEY_NAMESPACE, idempotency_key))


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _header(headers: Any, name: str) -> str:
    if not headers:
        return ""
    return next((str(v) for k, v in headers.items() if k.lower() == name.lower()), "")


class LineConnector(Connector):
    kind = "line"
    supports_idempotency = True
    can_reconcile = False
    required_credentials = ("channel_access_token",)
    default_base_urls: ClassVar[dict[str, str]] = {"api": "https://api.line.me"}

    def _api(self) -> MessagingApi:
        config = Configuration(
            host=self.base_urls["api"].rstrip("/"),
            access_token=self._credentials["channel_access_token"],
        )
        config.retries = False  # the engine retries; urllib3 must not resend a POST on its own
        return MessagingApi(ApiClient(config))

    def messages(self, req: PublishRequest) -> list[TextMessage | ImageMessage]:
        text = compose_text(req)
        if utf16_length(text) > MAX_TEXT_UTF16:
            raise ConnectorError(
                f"LINE text is limited to {MAX_TEXT_UTF16} UTF-16 code units", permanent=True
            )
        messages: list[TextMessage | ImageMessage] = [TextMessage(text=text)] if text else []
        for item in req.media:
            if not item.url or not item.mime.startswith("image/"):
                raise ConnectorError("LINE needs a public HTTPS URL for each image", permanent=True)
            messages.append(ImageMessage(originalContentUrl=item.url, previewImageUrl=item.url))
        if not 1 <= len(messages) <= MAX_MESSAGES:
            raise ConnectorError(f"LINE sends 1 to {MAX_MESSAGES} messages", permanent=True)
        return messages

    def publish(self, req: PublishRequest) -> PublishResult:
        key = retry_key(req.idempotency_key)
        notification_disabled = bool(req.options.get("notification_disabled", False))
        narrowcast = req.options.get("narrowcast")
        try:
            messages = self.messages(req)
            api = self._api()
            if narrowcast:
                body = NarrowcastRequest.from_dict(
                    {
                        "messages": [m.to_dict() for m in messages],
                        **{
                            k: v
                            for k, v in narrowcast.items()
                            if k in ("recipient", "filter", "limit")
                        },
                        "notificationDisabled": notification_disabled,
                    }
                )
                resp = api.narrowcast_with_http_info(
                    body, x_line_retry_key=key, _request_timeout=self.timeout
                )
            else:
                body = BroadcastRequest(
                    messages=messages, notificationDisabled=notification_disabled
                )
                resp = api.broadcast_with_http_info(
                    body, x_line_retry_key=key, _request_timeout=self.timeout
                )
        except ApiException as exc:
            if exc.status == 409 and _header(exc.headers, "x-line-accepted-request-id"):
                accepted = _header(exc.headers, "x-line-accepted-request-id")
                return PublishResult(remote_id=accepted, url="", raw=_body(exc), reconciled=True)
            raise self._error(exc) from exc
        except urllib3.exceptions.HTTPError as exc:
            raise ConnectorError(
                f"LINE request failed: {type(exc).__name__}", permanent=False
            ) from exc
        except ValidationError as exc:
            raise ConnectorError(
                f"invalid LINE message: {exc.error_count()} error(s)", permanent=True
            ) from exc
        request_id = _header(resp.headers, "x-line-request-id")
        return PublishResult(
            remote_id=request_id,
            url="",
            raw={"request_id": request_id, "retry_key": key, "narrowcast": bool(narrowcast)},
        )

    def check_connection(self) -> str:
        try:
            info = self._api().get_bot_info(_request_timeout=self.timeout)
        except ApiException as exc:
            raise self._error(exc) from exc
        except urllib3.exceptions.HTTPError as exc:
            raise ConnectorError(
                f"LINE request failed: {type(exc).__name__}", permanent=False
            ) from exc
        return f"{info.display_name} ({info.basic_id})"

    def narrowcast_progress(self, request_id: str) -> dict[str, Any]:
        """GET /v2/bot/message/progress/narrowcast: phase waiting/sending/succeeded/failed."""
        try:
            progress = self._api().get_narrowcast_progress(
                request_id, _request_timeout=self.timeout
            )
        except ApiException as exc:
            raise self._error(exc) from exc
        return progress.to_dict()

    def _error(self, exc: ApiException) -> ConnectorError:
        status = int(exc.status or 0)
        body = _body(exc)
        message = str(body.get("message", ""))
        details = [
            f"{d.get('property', '')}: {d.get('message', '')}".strip(": ")
            for d in body.get("details", [])
            if isinstance(d, dict)
        ]
        service_message = "; ".join([message, *details]) if details else message
        if status == 0:
            return ConnectorError(f"LINE request failed: {exc.reason}", permanent=False)
        permanent = classify_status(status)
        if status == 429 and "monthly limit" in message.lower():
            permanent = True  # the month's message quota is used up; retrying will not help
        retry_after = None if permanent else parse_retry_after(_header(exc.headers, "Retry-After"))
        return ConnectorError(
            f"HTTP {status}: {service_message or exc.reason}",
            permanent=permanent,
            retry_after=retry_after,
            service_message=service_message,
            status=status,
        )


def _body(exc: ApiException) -> dict[str, Any]:
    try:
        body = json.loads(exc.body or b"{}")
    except (ValueError, TypeError):
        return {}
    return body if isinstance(body, dict) else {}
