"""The sandbox WSGI app: routes each service's subset, applies the fault plan, and serves the
control endpoints under /_sandbox/."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from . import graph_api, line_api, x_api, youtube_api
from .core import Fault, Request, Response, Store, json_response, token_is_valid
from .server import DropConnection

Handler = Callable[..., Response]

SERVICES: list[tuple[list[tuple[str, str, Handler]], Callable[[], Response]]] = [
    (x_api.ROUTES, x_api.unauthorized),
    (graph_api.ROUTES, graph_api.unauthorized),
    (line_api.ROUTES, line_api.unauthorized),
    (youtube_api.ROUTES, youtube_api.unauthorized),
]


def control(store: Store, req: Request) -> Response | None:
    path = req.path
    if path == "/_sandbox/health":
        return json_response(200, {"ok": True})
    if path == "/_sandbox/posts" and req.method == "GET":
        return json_response(200, {"posts": store.find_posts(req.query.get("kind"))})
    if path == "/_sandbox/requests" and req.method == "GET":
        pattern = req.query.get("path")
        with store.lock:
            entries = [r for r in store.requests if not pattern or re.search(pattern, r["path"])]
        return json_response(200, {"requests": entries})
    if path == "/_sandbox/faults":
        if req.method == "POST":
            plan = req.json()
            rules = plan.get("faults", [plan]) if isinstance(plan, dict) else plan
            try:
                store.add_faults(rules)
            except TypeError as exc:
                return json_response(400, {"error": f"invalid fault plan: {exc}"})
        elif req.method == "DELETE":
            with store.lock:
                store.faults.clear()
        with store.lock:
            return json_response(200, {"faults": [f.as_dict() for f in store.faults]})
    if path == "/_sandbox/reset" and req.method == "POST":
        store.reset()
        return json_response(200, {"ok": True})
    match = re.fullmatch(r"/_sandbox/web/(\w+)/([\w.-]+)", path)
    if match:
        return web_view(store, *match.groups())
    return None


def web_view(store: Store, kind: str, post_id: str) -> Response:
    post = next((p for p in store.find_posts(kind) if p["id"] == post_id), None)
    if post is None:
        return 404, [("Content-Type", "text/plain; charset=utf-8")], b"not found"
    page = (
        f"<!doctype html><meta charset=utf-8><title>sandbox {kind} {post_id}</title>"
        f"<p>{html.escape(kind)} · {html.escape(post['created_at'])}</p>"
        f"<pre>{html.escape(post.get('title') or '')}\n{html.escape(post['text'])}</pre>"
    )
    return 200, [("Content-Type", "text/html; charset=utf-8")], page.encode("utf-8")


def route(store: Store, req: Request) -> Response:
    allowed = False
    for routes, unauthorized in SERVICES:
        for method, pattern, handler in routes:
            match = re.fullmatch(pattern, req.path)
            if not match:
                continue
            allowed = True
            if method != req.method:
                continue
            if not token_is_valid(req.bearer):
                return unauthorized()
            return handler(store, req, *match.groups())
    if allowed:
        return json_response(405, {"error": "method not allowed"})
    return json_response(404, {"error": f"no such sandbox endpoint: {req.path}"})


def fault_response(fault: Fault) -> Response:
    headers = list(fault.headers.items())
    if fault.retry_after is not None:
        headers.append(("Retry-After", str(fault.retry_after)))
    body = fault.body if fault.body is not None else {"message": HTTPStatus(fault.status).phrase}
    return json_response(fault.status, body, headers)


def make_app(store: Store | None = None) -> Callable[..., Iterable[bytes]]:
    store = store or Store()

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        req = Request.from_environ(environ)
        response = control(store, req) if req.path.startswith("/_sandbox/") else None
        if response is None:
            store.log_request(req)
            response = handle_service(store, req)
        status, headers, body = response
        start_response(
            f"{status} {HTTPStatus(status).phrase}", [*headers, ("Content-Length", str(len(body)))]
        )
        return [body]

    app.store = store  # type: ignore[attr-defined]
    return app


def handle_service(store: Store, req: Request) -> Response:
    fault = store.take_fault(req)
    if fault is None:
        return route(store, req)
    if fault.action == "status":
        return fault_response(fault)
    if fault.action == "drop":
        raise DropConnection
    if fault.action == "drop_after_accept":
        route(store, req)
        raise DropConnection
    if fault.action == "hang":
        time.sleep(fault.seconds)
        return route(store, req)
    return json_response(500, {"error": f"unknown fault action {fault.action!r}"})
