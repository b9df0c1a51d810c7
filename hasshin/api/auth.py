"""API authentication: the staff member's session (same-origin pages, htmx) with CSRF."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import SessionAuth


class OrgSessionAuth(SessionAuth):
    """A logged-in, second-factor-verified member of an organisation."""

    def authenticate(self, request: HttpRequest, key):
        user = super().authenticate(request, key)
        if not user or getattr(user, "organisation", None) is None:
            return None
        if user.needs_two_factor() and not user.is_verified():
            return None
        request.organisation = user.organisation
        return user
