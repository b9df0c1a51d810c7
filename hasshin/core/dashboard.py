"""Dashboard cards. Each feature adds what the signed-in person must act on next."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Card:
    title: str
    count: int
    url: str
    hint: str = ""


CardProvider = Callable[[object], list[Card]]
_PROVIDERS: list[CardProvider] = []


def card_provider(fn: CardProvider) -> CardProvider:
    """Register a function that returns the cards one feature shows to ``user``."""
    _PROVIDERS.append(fn)
    return fn


def dashboard_cards(user) -> list[Card]:
    cards: list[Card] = []
    for provider in _PROVIDERS:
        cards.extend(provider(user))
    return cards


__all__ = ["Card", "_", "card_provider", "dashboard_cards"]
