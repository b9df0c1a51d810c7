from django.conf import settings

from .nav import nav_for


def hasshin(request):
    return {
        "organisation": getattr(request, "organisation", None),
        "nav": nav_for(request),
        "sandbox_mode": settings.HASSHIN_SANDBOX,
    }
