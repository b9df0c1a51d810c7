"""The sandbox's request/response helpers, in-memory store and fault plan."""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import itertools
import json
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

MAX_LOGGED_REQUESTS = 1000


def now_utc() -> datetime:
    return datetime.now(UTC)


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    query_string: str
    headers: dict[str, str]
    body: bytes
    host_url: str

    @classmethod
    def from_environ(cls, environ: dict[str, Any]) -> Request:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        headers = {
            k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")
        }
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        qs = environ.get("QUERY_STRING", "")
        host = headers.get("host") or f"{environ['SERVER_NAME']}:{environ['SERVER_PORT']}"
        return cls(
            method=environ["REQUEST_METHOD"].upper(),
            path=environ.get("PATH_INFO", "/"),
            query={k: v[0] for k, v in parse_qs(qs, keep_blank_values=True).items()},
            query_string=qs,
            headers=headers,
            body=body,
            host_url=f"http://{host}",
        )

    @property
    def bearer(self) -> str:
        auth = self.headers.get("authorization", "")
        scheme, _, token = auth.partition(" ")
        return token.strip() if scheme.lower() in ("bearer", "oauth") else ""

    def json(self) -> Any:
        try:
            return json.loads(self.body or b"null")
        except ValueError:
            return None

    def form(self) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
        """Fields and files of an urlencoded or multipart/form-data body."""
        ctype = self.headers.get("content-type", "")
        if ctype.startswith("multipart/form-data"):
            return _multipart(ctype, self.body)
        fields = parse_qs(self.body.decode("utf-8"), keep_blank_values=True)
        return {k: v[0] for k, v in fields.items()}, {}


def _multipart(ctype: str, body: bytes) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    raw = f"Content-Type: {ctype}\r\n\r\n".encode() + body
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(raw)
    fields: dict[str, str] = {}
    files: dict[str, dict[str, Any]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        if part.get_filename() is not None:
            files[name] = {
                "filename": part.get_filename(),
                "mime": part.get_content_type(),
                "data": payload,
            }
        else:
            fields[name] = payload.decode("utf-8")
    return fields, files


Response = tuple[int, list[tuple[str, str]], bytes]


def json_response(status: int, obj: Any, headers: list[tuple[str, str]] | None = None) -> Response:
    body = json.dumps(obj, ensure_ascii=False).encode("utf-8")
    return status, [("Content-Type", "application/json; charset=utf-8"), *(headers or [])], body


def account_of(token: str) -> str:
    """A stable, non-reversible account id for a token (the sandbox keeps no token)."""
    return str(int(hashlib.sha256(token.encode()).hexdigest()[:12], 16))


def token_is_valid(token: str) -> bool:
    """Sandbox convention: any non-empty token is valid unless it starts with 'invalid'."""
    return bool(token) and not token.startswith("invalid")


@dataclass
class Fault:
    path: str
    action: str  # status | hang | drop | drop_after_accept
    method: str | None = None
    count: int = 1
    status: int = 500
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    retry_after: str | None = None
    seconds: float = 1.0

    def matches(self, req: Request) -> bool:
        if self.method and self.method.upper() != req.method:
            return False
        return re.search(self.path, req.path) is not None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class Store:
    """Everything the sandbox remembers; one lock guards it all."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.posts: list[dict[str, Any]] = []
            self.objects: dict[str, dict[str, Any]] = {}  # media, containers, upload sessions
            self.retry_keys: dict[str, str] = {}
            self.requests: list[dict[str, Any]] = []
            self.faults: list[Fault] = []
            self._ids = itertools.count(1)

    def next_id(self, base: int = 0) -> str:
        with self.lock:
            return str(base + next(self._ids))

    def add_post(self, post: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            post.setdefault("created_at", now_utc().isoformat())
            self.posts.append(post)
            return post

    def find_posts(
        self, kind: str | None = None, account: str | None = None
    ) -> list[dict[str, Any]]:
        with self.lock:
            return [
                p
                for p in self.posts
                if (kind is None or p["kind"] == kind)
                and (account is None or p["account"] == account)
            ]

    def add_faults(self, plan: list[dict[str, Any]]) -> None:
        faults = [Fault(**rule) for rule in plan]
        with self.lock:
            self.faults.extend(faults)

    def take_fault(self, req: Request) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.count > 0 and fault.matches(req):
                    fault.count -= 1
                    if fault.count == 0:
                        self.faults.remove(fault)
                    return fault
        return None

    def log_request(self, req: Request) -> None:
        headers = dict(req.headers)
        if "authorization" in headers:
            scheme = headers["authorization"].partition(" ")[0]
            headers["authorization"] = f"{scheme} redacted"
        try:
            body: str | None = req.body.decode("utf-8")
        except UnicodeDecodeError:
            body = None
        entry = {
            "time": time.time(),
            "method": req.method,
            "path": req.path,
            "query_string": req.query_string,
            "headers": headers,
            "body": body,
            "body_size": len(req.body),
        }
        with self.lock:
            self.requests.append(entry)
            del self.requests[:-MAX_LOGGED_REQUESTS]


def parse_time_utc(value: str) -> datetime:
    value = value.replace("Z", "+00:00")
    if len(value) > 5 and value[-5] in "+-" and value[-3] != ":":
        value = value[:-2] + ":" + value[-2:]
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def iso_z(value: str) -> str:
    """ISO 8601 with milliseconds and Z, as X and LINE write times."""
    return parse_time_utc(value).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def graph_time(value: str) -> str:
    """Graph API times: 2025-01-31T09:00:00+0000."""
    return parse_time_utc(value).strftime("%Y-%m-%dT%H:%M:%S+0000")
