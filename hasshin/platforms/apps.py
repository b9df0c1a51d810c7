from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatformsConfig(AppConfig):
    name = "hasshin.platforms"
    label = "platforms"
    verbose_name = _("発信（各サービスへの配信）")

    def ready(self) -> None:
        from hasshin.core.nav import nav_item

        from . import cards, demo, engine  # noqa: F401  (worker job, dashboard cards, demo data)

        nav_item(_("配信状況"), "platforms:index", 30)
        nav_item(
            _("接続設定"), "platforms:accounts", 85, ("admin", "manager", "info_policy", "operator")
        )
