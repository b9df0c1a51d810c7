from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse

# Paths a signed-in but not yet second-factor-verified user may still reach.
_OPEN_PREFIXES = ("/static/", "/public/", "/i18n/", "/account/", "/api/v1/public/", "/favicon")


class OrganisationMiddleware:
    """Puts ``request.organisation`` on every request and enforces TOTP for approvers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        request.organisation = (
            getattr(user, "organisation", None) if user.is_authenticated else None
        )
        if user.is_authenticated and not request.path.startswith(_OPEN_PREFIXES):
            if not user.is_verified():
                from django_otp import user_has_device

                if user_has_device(user):
                    return redirect(f"{reverse('core:otp_verify')}?next={request.path}")
                if user.needs_two_factor():
                    return redirect(reverse("core:otp_setup"))
        return self.get_response(request)
