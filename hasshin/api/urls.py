from django.contrib.auth.decorators import login_required
from ninja import NinjaAPI

from .auth import OrgSessionAuth
from .checks import router as checks_router

api = NinjaAPI(
    title="Hasshin API",
    version="1",
    description="自治体公式ソーシャルメディア運用 API / Hasshin JSON API",
    auth=OrgSessionAuth(),
    urls_namespace="api",
    docs_decorator=login_required,
)
api.add_router("/checks", checks_router)
