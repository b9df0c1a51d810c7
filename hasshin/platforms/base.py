"""The connector interface every platform implements, and the shared HTTP error mapping.

Modelled on healthchecks' ``hc/api/transports.py``: one small base class, one module per
service, a registry by kind with lazy imports, and errors that say whether retrying can help.
Connectors only classify failures; retrying with backoff is the publishing engine's job.
"""

from __future__ import annotations

import email.utils
import importlib
import time
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

import requests

DEFAULT_TIMEOUT = 20.0
# Posts found by reconciliation may be this much older than the attempt's start (clock skew).
RECONCILE_SLACK = timedelta(minutes=2)

KINDS: dict[str, str] = {
    "x": "hasshin.platforms.x.XConnector",
    "facebook": "hasshin.platforms.facebook.FacebookConnector",
    "instagram": "hasshin.platforms.instagram.InstagramConnector",
    "line": "hasshin.platforms.line.LineConnector",
    "youtube": "hasshin.platforms.youtube.YouTubeConnector",
    "manual": "hasshin.platforms.manual.ManualConnector",
}


@dataclass(frozen=True)
class MediaItem:
    """One image or video. Give ``path`` or ``data``; ``url`` is a public copy of the same
    file, required by services that fetch media themselves (Instagram, LINE)."""

    mime: str
    alt_text: str = ""
    path: Path | None = None
    data: bytes | None = None
    url: str | None = None

    def read_bytes(self) -> bytes:
        if self.data is not None:
            return self.data
        if self.path is not None:
            return Path(self.path).read_bytes()
        raise ConnectorError("media item has neither path nor data", permanent=True)

    @property
    def filename(self) -> str:
        if self.path is not None:
            return Path(self.path).name
        return "upload." + self.mime.split("/")[-1]


@dataclass
class PublishRequest:
    """What to publish. ``idempotency_key`` is stable across retries of the same post on the
    same account. ``not_before`` is when the first attempt started: reconciliation only
    considers remote posts created after it (minus a small slack for clock skew)."""

    idempotency_key: str
    text: str
    title: str | None = None
    media: list[MediaItem] = field(default_factory=list)
    link: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    not_before: datetime | None = None


@dataclass
class PublishResult:
    remote_id: str
    url: str
    raw: dict[str, Any]
    # True when the post was found already published (lookup, LINE's 409 on a retry key).
    reconciled: bool = False


class ConnectorError(Exception):
    """A failed call. ``permanent`` errors will fail again if retried unchanged;
    ``service_message`` is the service's own text, verbatim, for the author and manager."""

    def __init__(
        self,
        message: str,
        *,
        permanent: bool,
        retry_after: float | None = None,
        service_message: str = "",
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.retry_after = retry_after
        self.service_message = service_message
        self.status = status

    def __repr__(self) -> str:
        return (
            f"ConnectorError({str(self)!r}, permanent={self.permanent}, "
            f"status={self.status}, retry_after={self.retry_after})"
        )


class ManualActionRequired(Exception):
    """Raised by the manual connector: an operator must post by hand and record the URL."""

    def __init__(self, text: str, instructions: str) -> None:
        super().__init__(instructions)
        self.text = text
        self.instructions = instructions


class Connector(ABC):
    kind: ClassVar[str]
    supports_idempotency: ClassVar[bool] = False
    can_reconcile: ClassVar[bool] = False
    required_credentials: ClassVar[tuple[str, ...]] = ()
    default_base_urls: ClassVar[dict[str, str]] = {}

    def __init__(
        self,
        credentials: dict[str, str],
        base_urls: dict[str, str] | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        missing = [name for name in self.required_credentials if not credentials.get(name)]
        if missing:
            raise ConnectorError(f"missing credentials: {', '.join(missing)}", permanent=True)
        self._credentials = dict(credentials)
        self.base_urls = {**self.default_base_urls, **(base_urls or {})}
        self.timeout = timeout

    def __repr__(self) -> str:  # never show credentials
        return f"<{type(self).__name__} base_urls={self.base_urls}>"

    @abstractmethod
    def publish(self, req: PublishRequest) -> PublishResult: ...

    @abstractmethod
    def check_connection(self) -> str:
        """Call a harmless endpoint; return a short description of the connected account."""

    def find_existing(self, req: PublishRequest) -> PublishResult | None:
        """Look the post up. None if surely absent; ConnectorError(permanent=False) if unsure."""
        raise ConnectorError(f"{self.kind} cannot look posts up", permanent=False)


def get_connector_class(kind: str) -> type[Connector]:
    try:
        dotted = KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown platform kind: {kind!r}") from None
    module_name, class_name = dotted.rsplit(".", 1)
    return getattr(importlib.import_module(module_name), class_name)


# --- helpers shared by the connectors ------------------------------------------------------


def compose_text(req: PublishRequest) -> str:
    """The post body for services without a separate link field: text, then the link on
    its own line unless the text already contains it."""
    if req.link and req.link not in req.text:
        return f"{req.text}\n{req.link}" if req.text else req.link
    return req.text


def same_text(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return unicodedata.normalize("NFC", s).replace("\r\n", "\n").strip()

    return norm(a) == norm(b)


def reconcile_since(req: PublishRequest, kind: str) -> datetime:
    if req.not_before is None:
        raise ConnectorError(
            f"{kind}: cannot reconcile without the attempt's start time", permanent=False
        )
    return req.not_before.astimezone(UTC) - RECONCILE_SLACK


def parse_time(value: str) -> datetime:
    """ISO 8601 as the services send it: ``Z``, ``+00:00`` or Graph's ``+0000``."""
    value = value.replace("Z", "+00:00")
    if len(value) > 5 and value[-5] in "+-" and value[-3] != ":":
        value = value[:-2] + ":" + value[-2:]
    return datetime.fromisoformat(value)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds or as an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


PERMANENT_STATUSES = frozenset({400, 401, 403, 404, 405, 409, 410, 413, 415, 422})


def classify_status(status: int) -> bool:
    """True when an HTTP status is permanent. 408, 429 and 5xx are temporary; other 4xx
    are permanent; anything unexpected is treated as temporary so a human is not skipped."""
    if status in (408, 429) or status >= 500:
        return False
    return status in PERMANENT_STATUSES or 400 <= status < 500


MessageExtractor = Callable[[requests.Response], str]


def error_from_response(
    resp: requests.Response,
    service_message: str,
    *,
    permanent: bool | None = None,
    retry_after: float | None = None,
) -> ConnectorError:
    if permanent is None:
        permanent = classify_status(resp.status_code)
    if retry_after is None and not permanent:
        retry_after = parse_retry_after(resp.headers.get("Retry-After"))
    summary = service_message or resp.reason or "error"
    return ConnectorError(
        f"HTTP {resp.status_code}: {summary}",
        permanent=permanent,
        retry_after=retry_after,
        service_message=service_message,
        status=resp.status_code,
    )


def json_or_empty(resp: requests.Response) -> dict[str, Any]:
    try:
        body = resp.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


class HttpConnector(Connector):
    """A connector speaking HTTP with requests. Subclasses describe their error bodies."""

    def __init__(
        self,
        credentials: dict[str, str],
        base_urls: dict[str, str] | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        super().__init__(credentials, base_urls, timeout)
        self.session = requests.Session()

    def auth_headers(self) -> dict[str, str]:
        return {}

    def service_message(self, resp: requests.Response) -> str:
        return ""

    def to_error(self, resp: requests.Response) -> ConnectorError:
        return error_from_response(resp, self.service_message(resp))

    def request(
        self, method: str, url: str, *, ok: tuple[int, ...] = (200, 201), **kwargs: Any
    ) -> requests.Response:
        headers = {**self.auth_headers(), **kwargs.pop("headers", {})}
        try:
            resp = self.session.request(
                method, url, headers=headers, timeout=self.timeout, allow_redirects=False, **kwargs
            )
        except requests.Timeout as exc:
            raise ConnectorError(f"timed out: {method} {url}", permanent=False) from exc
        except requests.RequestException as exc:
            # Connection refused/reset/dropped: the service may or may not have acted.
            raise ConnectorError(
                f"connection failed: {method} {url}: {type(exc).__name__}", permanent=False
            ) from exc
        if resp.status_code not in ok:
            raise self.to_error(resp)
        return resp
