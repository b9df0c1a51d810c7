"""A loopback stand-in for X, Facebook, Instagram, LINE and YouTube.

It implements exactly the subset of each API the connectors call, with the documented request
validation and response shapes, keeps what was "published" in memory, and takes a fault plan
over HTTP. ``start_sandbox()`` runs it in a thread; ``python -m hasshin.platforms.sandbox``
runs it in the foreground.

Control endpoints:
- ``GET /_sandbox/posts[?kind=x]``: what was published.
- ``GET /_sandbox/requests[?path=regex]``: requests received (Authorization redacted).
- ``POST /_sandbox/faults`` with ``{"faults": [rule, ...]}``; ``GET``/``DELETE`` to list/clear.
  A rule: ``{"path": regex, "method": "POST", "count": 2, "action": ...}`` where action is
  ``status`` (``status``, ``body``, ``headers``, ``retry_after``), ``hang`` (``seconds``, then
  handled normally), ``drop`` (close without handling) or ``drop_after_accept`` (handle and
  store, then close without a response).
- ``POST /_sandbox/reset``; ``GET /_sandbox/web/<kind>/<id>``: a page showing one post.

Tokens: any non-empty bearer token is accepted unless it starts with ``invalid``, which gets the
service's documented 401/190 answer. Accounts are derived from a hash of the token.
"""

from __future__ import annotations

from collections.abc import Callable

from .app import make_app
from .core import Store
from .server import serve_in_thread

__all__ = ["Store", "make_app", "sandbox_base_urls", "start_sandbox"]


def start_sandbox(port: int = 0, host: str = "127.0.0.1") -> tuple[str, Callable[[], None]]:
    """Start the sandbox in a background thread; return its base URL and a stop function."""
    return serve_in_thread(make_app(), host, port)


def sandbox_base_urls(url: str) -> dict[str, dict[str, str]]:
    """``base_urls`` for each connector kind so that it talks to the sandbox at ``url``."""
    url = url.rstrip("/")
    return {
        "x": {"api": url, "web": f"{url}/_sandbox/web/x"},
        "facebook": {"graph": url, "web": f"{url}/_sandbox/web/facebook"},
        "instagram": {"graph": url},
        "line": {"api": url},
        "youtube": {"api": url, "web": f"{url}/_sandbox/web/youtube/"},
        "manual": {},
    }
