from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "hasshin.core"
    verbose_name = "Hasshin"

    def ready(self) -> None:
        from .nav import nav_item

        nav_item(_("ダッシュボード"), "core:dashboard", 0)
        nav_item(_("運用ルール"), "core:policy", 80)
        nav_item(_("監査ログ"), "core:audit_log", 90, ("admin", "auditor", "info_policy"))
        nav_item(_("職員と役割"), "core:people", 95, ("admin",))
