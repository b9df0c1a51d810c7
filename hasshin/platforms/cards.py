"""Dashboard card: deliveries that failed, were stopped, or wait to be posted by hand."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from hasshin.core.dashboard import Card, card_provider

from . import selectors


@card_provider
def delivery_cards(user) -> list[Card]:
    if getattr(user, "organisation_id", None) is None:
        return []
    count = selectors.needing_me(user).count()
    if not count:
        return []
    return [
        Card(
            _("対応が必要な配信"),
            count,
            reverse("platforms:index") + "?attention=1",
            _("失敗・要確認・手動投稿待ちの配信があります"),
        )
    ]
