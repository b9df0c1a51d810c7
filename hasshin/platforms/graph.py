"""Shared pieces of Meta's Graph API (Facebook Pages and Instagram).

Errors come as ``{"error": {"message", "type", "code", "error_subcode", "is_transient",
"fbtrace_id"}}``, often with HTTP 400 even for rate limits, so the code decides: rate-limit and
transient codes are temporary, everything else (190 invalid token, 100 bad parameter, 200
permissions, 368 blocked for policy, ...) is permanent. The token travels in the Authorization
header, never in the URL, so it cannot end up in access logs.
"""

from __future__ import annotations

from typing import Any, ClassVar

import requests

from .base import ConnectorError, HttpConnector, error_from_response, json_or_empty

GRAPH_VERSION = "v21.0"
# 1 unknown, 2 service, 4/17/32/613/80001-80014 rate limits, 341 application limit.
TEMPORARY_CODES = frozenset({1, 2, 4, 17, 32, 341, 613, *range(80001, 80015)})


class GraphConnector(HttpConnector):
    default_base_urls: ClassVar[dict[str, str]] = {"graph": "https://graph.facebook.com"}
    graph_version = GRAPH_VERSION
    token_name = "access_token"  # noqa: S105 (a dict key, not a secret)

    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._credentials[self.token_name]}"}

    def graph(self, path: str) -> str:
        return f"{self.base_urls['graph'].rstrip('/')}/{self.graph_version}/{path.lstrip('/')}"

    def service_message(self, resp: requests.Response) -> str:
        error = json_or_empty(resp).get("error", {})
        return error.get("error_user_msg") or error.get("message", "") if error else ""

    def to_error(self, resp: requests.Response) -> ConnectorError:
        error = json_or_empty(resp).get("error") or {}
        permanent: bool | None = None
        if error:
            transient = error.get("is_transient") or error.get("code") in TEMPORARY_CODES
            permanent = not transient and resp.status_code < 500
        return error_from_response(resp, self.service_message(resp), permanent=permanent)

    def get(self, path: str, **params: Any) -> dict[str, Any]:
        return self.request("GET", self.graph(path), params=params).json()

    def post(self, path: str, **kwargs: Any) -> dict[str, Any]:
        return self.request("POST", self.graph(path), **kwargs).json()
