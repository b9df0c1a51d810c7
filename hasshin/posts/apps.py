from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostsConfig(AppConfig):
    name = "hasshin.posts"
    label = "posts"
    verbose_name = _("投稿")

    def ready(self) -> None:
        from hasshin.core.nav import nav_item

        from . import cards, demo  # noqa: F401  (registers the dashboard cards and demo data)

        nav_item(_("投稿"), "posts:index", 20)
        nav_item(_("投稿カレンダー"), "posts:calendar", 25)
