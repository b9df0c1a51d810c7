"""Dashboard cards: what the signed-in person must act on next."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from hasshin.core.dashboard import Card, card_provider

from . import selectors


@card_provider
def post_cards(user) -> list[Card]:
    if getattr(user, "organisation_id", None) is None:
        return []
    cards = []
    waiting = selectors.awaiting_my_approval(user)
    if waiting:
        cards.append(
            Card(
                _("承認待ちの投稿"),
                len(waiting),
                reverse("posts:index") + "?tab=approve",
                _("運用管理責任者として承認してください"),
            )
        )
    returned = selectors.my_returned(user).count()
    if returned:
        cards.append(
            Card(_("差し戻された投稿"), returned, reverse("posts:index") + "?tab=returned")
        )
    drafts = selectors.my_drafts(user).count()
    if drafts:
        cards.append(Card(_("書きかけの下書き"), drafts, reverse("posts:index") + "?tab=drafts"))
    return cards
