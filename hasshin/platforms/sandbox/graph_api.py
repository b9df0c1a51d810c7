"""The Graph API subset: Page feed and photos, Instagram containers and media_publish."""

from __future__ import annotations

import json
import secrets
from typing import Any

from .core import Request, Response, Store, account_of, graph_time, json_response, parse_time_utc

PAGE_POST_BASE = 100_000
IG_BASE = 17_900_000_000_000_000
MAX_CAPTION = 2200


def graph_error(message: str, code: int, status: int = 400, subcode: int | None = None) -> Response:
    error: dict[str, Any] = {
        "message": message,
        "type": "OAuthException",
        "code": code,
        "fbtrace_id": secrets.token_urlsafe(8),
    }
    if subcode is not None:
        error["error_subcode"] = subcode
    return json_response(status, {"error": error})


def unauthorized() -> Response:
    return graph_error("Invalid OAuth access token - Cannot parse access token", 190)


def web_url(req: Request, kind: str, object_id: str) -> str:
    return f"{req.host_url}/_sandbox/web/{kind}/{object_id}"


def me(store: Store, req: Request) -> Response:
    return json_response(200, {"id": account_of(req.bearer), "name": "Sandbox City Page"})


def page_feed_post(store: Store, req: Request, page_id: str) -> Response:
    fields, _ = req.form()
    attached = [
        json.loads(v)["media_fbid"]
        for k, v in sorted(fields.items())
        if k.startswith("attached_media[")
    ]
    if not (fields.get("message") or fields.get("link") or attached):
        return graph_error("(#100) Missing message or attachment", 100)
    if any(f"fb-photo:{a}" not in store.objects for a in attached):
        return graph_error("(#100) Invalid attached_media", 100)
    post_id = f"{page_id}_{store.next_id(PAGE_POST_BASE)}"
    media = [store.objects[f"fb-photo:{a}"] for a in attached]
    store.add_post(
        {
            "kind": "facebook",
            "id": post_id,
            "account": page_id,
            "text": fields.get("message", ""),
            "link": fields.get("link"),
            "media": media,
            "url": web_url(req, "facebook", post_id),
        }
    )
    return json_response(200, {"id": post_id})


def page_photos(store: Store, req: Request, page_id: str) -> Response:
    fields, files = req.form()
    source = files.get("source")
    if source is None and not fields.get("url"):
        return graph_error("(#324) Requires upload file", 324)
    photo_id = store.next_id(PAGE_POST_BASE)
    photo = {
        "photo_id": photo_id,
        "mime": source["mime"] if source else "",
        "alt_text": fields.get("alt_text_custom", ""),
        "size": len(source["data"]) if source else 0,
    }
    with store.lock:
        store.objects[f"fb-photo:{photo_id}"] = photo
    if fields.get("published", "true") == "false":
        return json_response(200, {"id": photo_id})
    post_id = f"{page_id}_{photo_id}"
    store.add_post(
        {
            "kind": "facebook",
            "id": post_id,
            "account": page_id,
            "text": fields.get("message", ""),
            "media": [photo],
            "url": web_url(req, "facebook", post_id),
        }
    )
    return json_response(200, {"id": photo_id, "post_id": post_id})


def page_feed_list(store: Store, req: Request, page_id: str) -> Response:
    posts = store.find_posts("facebook", page_id)
    if "since" in req.query:
        since = float(req.query["since"])
        posts = [p for p in posts if parse_time_utc(p["created_at"]).timestamp() >= since]
    limit = int(req.query.get("limit", 25))
    data = [
        {
            "id": p["id"],
            "message": p["text"],
            "created_time": graph_time(p["created_at"]),
            "permalink_url": p["url"],
        }
        for p in reversed(posts)
    ][:limit]
    for item in data:
        if not item["message"]:
            del item["message"]
    return json_response(200, {"data": data})


def ig_create_container(store: Store, req: Request, ig_user_id: str) -> Response:
    fields, _ = req.form()
    media_type = fields.get("media_type", "IMAGE")
    caption = fields.get("caption", "")
    if len(caption) > MAX_CAPTION:
        return graph_error("(#100) The caption is too long.", 100)
    if media_type == "CAROUSEL":
        children = [c for c in fields.get("children", "").split(",") if c]
        if not 2 <= len(children) <= 10 or any(
            f"ig-container:{c}" not in store.objects for c in children
        ):
            return graph_error("(#100) The parameter children is invalid.", 100)
    elif not fields.get("image_url"):
        return graph_error("(#100) The parameter image_url is required.", 100)
    container_id = store.next_id(IG_BASE)
    with store.lock:
        store.objects[f"ig-container:{container_id}"] = {
            "account": ig_user_id,
            "fields": fields,
            "polls": 0,
            "status_code": "IN_PROGRESS",
        }
    return json_response(200, {"id": container_id})


def ig_publish(store: Store, req: Request, ig_user_id: str) -> Response:
    fields, _ = req.form()
    creation_id = fields.get("creation_id", "")
    with store.lock:
        container = store.objects.get(f"ig-container:{creation_id}")
        if container is None or container["account"] != ig_user_id:
            return graph_error("(#100) The parameter creation_id is invalid.", 100)
        if container["status_code"] != "FINISHED":
            return graph_error("Media ID is not available", 9007, subcode=2207027)
        container["status_code"] = "PUBLISHED"
        media_id = store.next_id(IG_BASE)
        children = [
            store.objects[f"ig-container:{c}"]["fields"]
            for c in container["fields"].get("children", "").split(",")
            if c
        ]
        images = children or [container["fields"]]
        media = [{"url": f.get("image_url"), "alt_text": f.get("alt_text", "")} for f in images]
        store.objects[f"ig-media:{media_id}"] = {"permalink": web_url(req, "instagram", media_id)}
        store.add_post(
            {
                "kind": "instagram",
                "id": media_id,
                "account": ig_user_id,
                "text": container["fields"].get("caption", ""),
                "media": media,
                "url": web_url(req, "instagram", media_id),
            }
        )
    return json_response(200, {"id": media_id})


def ig_media_list(store: Store, req: Request, ig_user_id: str) -> Response:
    limit = int(req.query.get("limit", 25))
    data = [
        {
            "id": p["id"],
            "caption": p["text"],
            "timestamp": graph_time(p["created_at"]),
            "permalink": p["url"],
        }
        for p in reversed(store.find_posts("instagram", ig_user_id))
    ][:limit]
    return json_response(200, {"data": data})


def node(store: Store, req: Request, node_id: str) -> Response:
    with store.lock:
        container = store.objects.get(f"ig-container:{node_id}")
        if container is not None:
            container["polls"] += 1
            if container["status_code"] == "IN_PROGRESS" and container["polls"] > 1:
                container["status_code"] = "FINISHED"
            return json_response(
                200,
                {
                    "id": node_id,
                    "status_code": container["status_code"],
                    "status": container["status_code"].title(),
                },
            )
        media = store.objects.get(f"ig-media:{node_id}")
    if media is not None:
        return json_response(200, {"id": node_id, "permalink": media["permalink"]})
    return json_response(
        200, {"id": node_id, "username": f"sandbox_{node_id[-6:]}", "name": "Sandbox City"}
    )


V = r"/v\d+\.\d+"
ROUTES = [
    ("GET", V + r"/me", me),
    ("POST", V + r"/([\w]+)/feed", page_feed_post),
    ("GET", V + r"/([\w]+)/feed", page_feed_list),
    ("POST", V + r"/([\w]+)/photos", page_photos),
    ("POST", V + r"/([\w]+)/media", ig_create_container),
    ("GET", V + r"/([\w]+)/media", ig_media_list),
    ("POST", V + r"/([\w]+)/media_publish", ig_publish),
    ("GET", V + r"/([\w]+)", node),
]
