"""The X API v2 subset: users/me, users/:id/tweets, tweets, media/upload, media/metadata."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from typing import Any

from .core import (
    Request,
    Response,
    Store,
    account_of,
    iso_z,
    json_response,
    now_utc,
    parse_time_utc,
)

TWEET_ID_BASE = 1_860_000_000_000_000_000
MEDIA_CATEGORIES = {
    "tweet_image",
    "tweet_gif",
    "tweet_video",
    "dm_image",
    "dm_gif",
    "dm_video",
    "subtitles",
}
URL_RE = re.compile(r"https?://\S+")
DUPLICATE_WINDOW = timedelta(hours=24)


def problem(status: int, title: str, detail: str, **extra: Any) -> Response:
    return json_response(
        status, {"title": title, "detail": detail, "type": "about:blank", "status": status, **extra}
    )


def invalid_request(message: str, parameter: str) -> Response:
    return json_response(
        400,
        {
            "errors": [{"parameters": {parameter: []}, "message": message}],
            "title": "Invalid Request",
            "detail": "One or more parameters to your request was invalid.",
            "type": "https://api.twitter.com/2/problems/invalid-request",
        },
    )


def unauthorized() -> Response:
    return problem(401, "Unauthorized", "Unauthorized")


def me(store: Store, req: Request) -> Response:
    account = account_of(req.bearer)
    return json_response(
        200,
        {"data": {"id": account, "name": "Sandbox City", "username": f"sandbox_{account[-6:]}"}},
    )


def upload_media(store: Store, req: Request) -> Response:
    fields, files = req.form()
    media = files.get("media")
    if media is None:
        return invalid_request("The `media` field is required.", "media")
    category = fields.get("media_category", "tweet_image")
    if category not in MEDIA_CATEGORIES:
        return invalid_request(f"Invalid media_category: {category}", "media_category")
    media_id = store.next_id(TWEET_ID_BASE)
    with store.lock:
        store.objects[f"x-media:{media_id}"] = {
            "account": account_of(req.bearer),
            "mime": fields.get("media_type") or media["mime"],
            "size": len(media["data"]),
            "alt_text": "",
        }
    data = {
        "id": media_id,
        "media_key": f"3_{media_id}",
        "size": len(media["data"]),
        "expires_after_secs": 86400,
    }
    return json_response(200, {"data": data})


def media_metadata(store: Store, req: Request) -> Response:
    body = req.json() or {}
    media = store.objects.get(f"x-media:{body.get('id')}")
    if media is None:
        return invalid_request("Media id not found.", "id")
    alt = (body.get("metadata") or {}).get("alt_text", {}).get("text", "")
    if len(alt) > 1000:
        return invalid_request(
            "alt_text.text must be at most 1000 characters.", "metadata.alt_text.text"
        )
    media["alt_text"] = alt
    return json_response(
        200, {"data": {"id": body["id"], "associated_metadata": {"alt_text": {"text": alt}}}}
    )


def create_tweet(store: Store, req: Request) -> Response:
    body = req.json()
    if not isinstance(body, dict):
        return invalid_request("Request body must be a JSON object.", "body")
    text = body.get("text", "")
    media_ids = (body.get("media") or {}).get("media_ids", [])
    if not text and not media_ids:
        return invalid_request("Either text or media is required.", "text")
    if len(media_ids) > 4 or any(f"x-media:{m}" not in store.objects for m in media_ids):
        return invalid_request("Invalid media_ids.", "media.media_ids")
    account = account_of(req.bearer)
    cutoff = now_utc() - DUPLICATE_WINDOW
    with store.lock:
        for post in store.find_posts("x", account):
            if post["text"] == text and parse_time_utc(post["created_at"]) > cutoff:
                return problem(
                    403,
                    "Forbidden",
                    "You are not allowed to create a Tweet with duplicate content.",
                )
        tweet_id = store.next_id(TWEET_ID_BASE)
        media = [{"media_id": m, **store.objects[f"x-media:{m}"]} for m in media_ids]
        store.add_post(
            {"kind": "x", "id": tweet_id, "account": account, "text": text, "media": media}
        )
    return json_response(
        201, {"data": {"id": tweet_id, "text": text, "edit_history_tweet_ids": [tweet_id]}}
    )


def render(post: dict[str, Any]) -> dict[str, Any]:
    """A tweet as X returns it: &<> escaped, links shortened to t.co, media links appended."""
    text = html.escape(post["text"], quote=False)
    urls: list[dict[str, Any]] = []
    out, pos = "", 0
    for i, match in enumerate(URL_RE.finditer(text)):
        short = f"https://t.co/{post['id'][-6:]}{i}"
        out += text[pos : match.start()]
        urls.append(
            {
                "start": len(out),
                "end": len(out) + len(short),
                "url": short,
                "expanded_url": html.unescape(match.group()),
                "display_url": match.group()[8:30],
            }
        )
        out += short
        pos = match.end()
    out += text[pos:]
    for i, media in enumerate(post.get("media", [])):
        short = f"https://t.co/m{post['id'][-6:]}{i}"
        out += " "
        urls.append(
            {
                "start": len(out),
                "end": len(out) + len(short),
                "url": short,
                "expanded_url": f"https://x.com/i/web/status/{post['id']}/photo/{i + 1}",
                "display_url": "pic.x.com",
                "media_key": f"3_{media['media_id']}",
            }
        )
        out += short
    tweet = {
        "id": post["id"],
        "text": out,
        "created_at": iso_z(post["created_at"]),
        "edit_history_tweet_ids": [post["id"]],
    }
    if urls:
        tweet["entities"] = {"urls": urls}
    return tweet


def user_tweets(store: Store, req: Request, user_id: str) -> Response:
    max_results = int(req.query.get("max_results", 10))
    if not 5 <= max_results <= 100:
        return invalid_request("max_results must be between 5 and 100.", "max_results")
    posts = store.find_posts("x", user_id)
    if "start_time" in req.query:
        start = parse_time_utc(req.query["start_time"])
        posts = [p for p in posts if parse_time_utc(p["created_at"]) >= start]
    tweets = [render(p) for p in reversed(posts)][:max_results]
    meta: dict[str, Any] = {"result_count": len(tweets)}
    if tweets:
        meta.update(newest_id=tweets[0]["id"], oldest_id=tweets[-1]["id"])
        return json_response(200, {"data": tweets, "meta": meta})
    return json_response(200, {"meta": meta})


ROUTES = [
    ("GET", r"/2/users/me", me),
    ("GET", r"/2/users/(\d+)/tweets", user_tweets),
    ("POST", r"/2/tweets", create_tweet),
    ("POST", r"/2/media/upload", upload_media),
    ("POST", r"/2/media/metadata", media_metadata),
]
