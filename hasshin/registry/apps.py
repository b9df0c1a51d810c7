from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "hasshin.registry"
    verbose_name = _("アカウント台帳")

    def ready(self) -> None:
        from hasshin.core.nav import nav_item

        from . import demo_data, hooks  # noqa: F401 - registers cards, jobs and demo data

        nav_item(_("アカウント台帳"), "registry:account_list", 10)
        # Only the people a plan's approval chain can wait for.
        deciders = ("manager", "director", "info_policy", "pr", "ga_director", "admin")
        nav_item(_("決裁待ち"), "registry:inbox", 11, deciders)
        nav_item(_("パスワード管理"), "registry:security_list", 12)
