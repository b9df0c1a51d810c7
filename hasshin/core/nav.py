"""The main navigation. Each feature registers its entry in its AppConfig.ready()."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str  # lazy translation
    url_name: str
    order: int
    roles: tuple[str, ...] = ()  # empty: everyone in the organisation


_ITEMS: list[NavItem] = []


def nav_item(label, url_name: str, order: int, roles: tuple[str, ...] = ()) -> None:
    if all(i.url_name != url_name for i in _ITEMS):
        _ITEMS.append(NavItem(label, url_name, order, roles))


def nav_for(request) -> list[dict]:
    user = request.user
    if not user.is_authenticated or getattr(user, "organisation", None) is None:
        return []
    out = []
    for item in sorted(_ITEMS, key=lambda i: i.order):
        if item.roles and not user.has_role(*item.roles):
            continue
        url = reverse(item.url_name)
        active = request.path == url if url == "/" else request.path.startswith(url)
        out.append({"label": item.label, "url": url, "active": active})
    return out
