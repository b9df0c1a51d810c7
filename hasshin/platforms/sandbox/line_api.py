"""The LINE Messaging API subset: broadcast, narrowcast (+ progress), bot info.

Retry keys work as documented: a repeated X-Line-Retry-Key answers 409 with
x-line-accepted-request-id; a key is remembered only once its request was accepted.
"""

from __future__ import annotations

import uuid
from typing import Any

from .core import Request, Response, Store, account_of, iso_z, json_response, now_utc

MAX_TEXT_UTF16 = 5000


def error(
    status: int, message: str, details: list[dict[str, str]] | None = None, headers=None
) -> Response:
    body: dict[str, Any] = {"message": message}
    if details:
        body["details"] = details
    return json_response(status, body, headers)


def unauthorized() -> Response:
    return error(
        401,
        "Authentication failed. Confirm that the access token in the authorization header "
        "is valid.",
    )


def _validate_messages(messages: Any) -> list[dict[str, str]]:
    if not isinstance(messages, list) or not 1 <= len(messages) <= 5:
        return [{"message": "Size must be between 1 and 5", "property": "messages"}]
    problems = []
    for i, message in enumerate(messages):
        kind = message.get("type") if isinstance(message, dict) else None
        if kind == "text":
            text = message.get("text") or ""
            if not text:
                problems.append({"message": "May not be empty", "property": f"messages[{i}].text"})
            elif len(text.encode("utf-16-le")) // 2 > MAX_TEXT_UTF16:
                problems.append(
                    {
                        "message": "Length must be between 0 and 5000",
                        "property": f"messages[{i}].text",
                    }
                )
        elif kind == "image":
            for key in ("originalContentUrl", "previewImageUrl"):
                if not str(message.get(key, "")).startswith("https://"):
                    problems.append(
                        {"message": "Must be a valid HTTPS URL", "property": f"messages[{i}].{key}"}
                    )
        else:
            problems.append({"message": "Invalid message type", "property": f"messages[{i}].type"})
    return problems


def _send(store: Store, req: Request, kind: str) -> Response:
    request_id = str(uuid.uuid4())
    headers = [("x-line-request-id", request_id)]
    key = req.headers.get("x-line-retry-key")
    if key is not None:
        try:
            uuid.UUID(key)
        except ValueError:
            return error(
                400, "The value for the 'X-Line-Retry-Key' header is invalid", headers=headers
            )
    body = req.json()
    if not isinstance(body, dict):
        return error(400, "The request body has 1 error(s)", [{"message": "Invalid JSON"}], headers)
    problems = _validate_messages(body.get("messages"))
    if problems:
        return error(400, f"The request body has {len(problems)} error(s)", problems, headers)
    account = account_of(req.bearer)
    with store.lock:
        if key is not None and f"{account}:{key}" in store.retry_keys:
            accepted = store.retry_keys[f"{account}:{key}"]
            return error(
                409,
                "The retry key is already accepted",
                headers=[*headers, ("x-line-accepted-request-id", accepted)],
            )
        if key is not None:
            store.retry_keys[f"{account}:{key}"] = request_id
        texts = [m.get("text", "") for m in body["messages"] if m.get("type") == "text"]
        images = [
            {"url": m["originalContentUrl"]} for m in body["messages"] if m.get("type") == "image"
        ]
        store.add_post(
            {
                "kind": "line",
                "id": request_id,
                "account": account,
                "text": "\n".join(texts),
                "media": images,
                "delivery": kind,
                "retry_key": key,
                "url": "",
                "narrowcast": {k: body[k] for k in ("recipient", "filter", "limit") if k in body},
            }
        )
    return json_response(200 if kind == "broadcast" else 202, {}, headers)


def broadcast(store: Store, req: Request) -> Response:
    return _send(store, req, "broadcast")


def narrowcast(store: Store, req: Request) -> Response:
    return _send(store, req, "narrowcast")


def narrowcast_progress(store: Store, req: Request) -> Response:
    request_id = req.query.get("requestId", "")
    post = next((p for p in store.find_posts("line") if p["id"] == request_id), None)
    if post is None:
        return error(404, "Not found")
    return json_response(
        200,
        {
            "phase": "succeeded",
            "successCount": 1,
            "failureCount": 0,
            "targetCount": 1,
            "acceptedTime": iso_z(post["created_at"]),
            "completedTime": iso_z(now_utc().isoformat()),
        },
    )


def bot_info(store: Store, req: Request) -> Response:
    account = account_of(req.bearer)
    return json_response(
        200,
        {
            "userId": f"U{account}",
            "basicId": f"@{account[-6:]}",
            "displayName": "Sandbox City",
            "chatMode": "bot",
            "markAsReadMode": "auto",
        },
    )


ROUTES = [
    ("POST", r"/v2/bot/message/broadcast", broadcast),
    ("POST", r"/v2/bot/message/narrowcast", narrowcast),
    ("GET", r"/v2/bot/message/progress/narrowcast", narrowcast_progress),
    ("GET", r"/v2/bot/info", bot_info),
]
