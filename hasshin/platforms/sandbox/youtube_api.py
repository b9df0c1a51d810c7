"""The YouTube Data API v3 subset: resumable videos.insert, channels?mine, playlistItems."""

from __future__ import annotations

import secrets
from typing import Any

from .core import Request, Response, Store, account_of, iso_z, json_response


def yt_error(
    status: int, message: str, reason: str, domain: str = "youtube.video", **extra: Any
) -> Response:
    return json_response(
        status,
        {
            "error": {
                "code": status,
                "message": message,
                "errors": [{"message": message, "domain": domain, "reason": reason}],
                **extra,
            }
        },
    )


def unauthorized() -> Response:
    return json_response(
        401,
        {
            "error": {
                "code": 401,
                "message": "Request had invalid authentication credentials. Expected OAuth 2 "
                "access token, login cookie or other valid authentication credential.",
                "errors": [
                    {
                        "message": "Invalid Credentials",
                        "domain": "global",
                        "reason": "authError",
                        "location": "Authorization",
                        "locationType": "header",
                    }
                ],
                "status": "UNAUTHENTICATED",
            }
        },
    )


def start_upload(store: Store, req: Request) -> Response:
    if req.query.get("uploadType") != "resumable" or "part" not in req.query:
        return yt_error(400, "uploadType=resumable and part are required", "badRequest", "global")
    body = req.json() or {}
    snippet = body.get("snippet") or {}
    title, description = snippet.get("title", ""), snippet.get("description", "")
    if not title or len(title) > 100 or "<" in title or ">" in title:
        return yt_error(
            400, "The request metadata specifies an invalid video title.", "invalidTitle"
        )
    if len(description.encode("utf-8")) > 5000 or "<" in description or ">" in description:
        return yt_error(
            400,
            "The request metadata specifies an invalid video description.",
            "invalidDescription",
        )
    length = req.headers.get("x-upload-content-length", "")
    if not length.isdigit():
        return yt_error(400, "X-Upload-Content-Length is required", "badRequest", "global")
    upload_id = secrets.token_urlsafe(12)
    with store.lock:
        store.objects[f"yt-upload:{upload_id}"] = {
            "account": account_of(req.bearer),
            "metadata": body,
            "size": int(length),
            "video": None,
        }
    location = f"{req.host_url}/upload/youtube/v3/videos?uploadType=resumable&upload_id={upload_id}"
    return 200, [("Location", location), ("Content-Length", "0")], b""


def put_upload(store: Store, req: Request) -> Response:
    session = store.objects.get(f"yt-upload:{req.query.get('upload_id', '')}")
    if session is None:
        return yt_error(404, "Upload session not found", "notFound", "global")
    content_range = req.headers.get("content-range", "")
    with store.lock:
        if content_range.startswith("bytes */"):
            if session["video"] is not None:
                return json_response(200, session["video"])
            return 308, [("Content-Length", "0")], b""
        if len(req.body) != session["size"]:
            return yt_error(
                400,
                "The uploaded size does not match X-Upload-Content-Length",
                "badContent",
                "global",
            )
        if session["video"] is None:
            video_id = secrets.token_urlsafe(8).replace("-", "a").replace("_", "b")[:11]
            meta = session["metadata"]
            post = store.add_post(
                {
                    "kind": "youtube",
                    "id": video_id,
                    "account": session["account"],
                    "title": meta["snippet"]["title"],
                    "text": meta["snippet"].get("description", ""),
                    "media": [{"size": len(req.body), "mime": req.headers.get("content-type", "")}],
                    "url": f"{req.host_url}/_sandbox/web/youtube/{video_id}",
                }
            )
            session["video"] = {
                "kind": "youtube#video",
                "etag": secrets.token_hex(8),
                "id": video_id,
                "snippet": {
                    **meta["snippet"],
                    "publishedAt": iso_z(post["created_at"]),
                    "channelId": f"UC{session['account']}",
                },
                "status": {"uploadStatus": "uploaded", **(meta.get("status") or {})},
            }
        return json_response(200, session["video"])


def channels(store: Store, req: Request) -> Response:
    if req.query.get("mine") != "true":
        return yt_error(400, "Only mine=true is supported by the sandbox", "badRequest", "global")
    account = account_of(req.bearer)
    return json_response(
        200,
        {
            "kind": "youtube#channelListResponse",
            "items": [
                {
                    "kind": "youtube#channel",
                    "id": f"UC{account}",
                    "snippet": {"title": "Sandbox City Channel"},
                    "contentDetails": {"relatedPlaylists": {"uploads": f"UU{account}"}},
                }
            ],
        },
    )


def playlist_items(store: Store, req: Request) -> Response:
    playlist = req.query.get("playlistId", "")
    if not playlist.startswith("UU"):
        return yt_error(
            404,
            "The playlist identified with the request's playlistId parameter cannot be found.",
            "playlistNotFound",
        )
    posts = store.find_posts("youtube", playlist[2:])
    limit = int(req.query.get("maxResults", 5))
    items = [
        {
            "kind": "youtube#playlistItem",
            "id": f"PI{p['id']}",
            "snippet": {
                "publishedAt": iso_z(p["created_at"]),
                "title": p["title"],
                "description": p["text"],
                "playlistId": playlist,
                "resourceId": {"kind": "youtube#video", "videoId": p["id"]},
            },
        }
        for p in reversed(posts)
    ][:limit]
    return json_response(
        200,
        {
            "kind": "youtube#playlistItemListResponse",
            "items": items,
            "pageInfo": {"totalResults": len(posts), "resultsPerPage": limit},
        },
    )


ROUTES = [
    ("POST", r"/upload/youtube/v3/videos", start_upload),
    ("PUT", r"/upload/youtube/v3/videos", put_upload),
    ("GET", r"/youtube/v3/channels", channels),
    ("GET", r"/youtube/v3/playlistItems", playlist_items),
]
