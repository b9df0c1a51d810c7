"""Organisation scoping and role checks used by every view and API handler."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _


class DomainError(Exception):
    """A refused action with a message a user can read (already translated)."""


def require_org(request: HttpRequest):
    org = getattr(request.user, "organisation", None)
    if org is None:
        raise PermissionDenied(_("自治体に所属していないため利用できません。"))
    return org


def org_view(*roles: str) -> Callable:
    """Login, membership of an organisation and (if given) one of ``roles`` are required."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            require_org(request)
            if roles and not request.user.has_role(*roles):
                raise PermissionDenied(_("この操作を行う権限がありません。"))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
