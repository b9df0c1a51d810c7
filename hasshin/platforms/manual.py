"""Manual posting: the system sends nothing. Publishing raises ManualActionRequired, which the
engine turns into a reminder for the operator, who posts by hand and records the URL."""

from __future__ import annotations

from .base import (
    Connector,
    ManualActionRequired,
    PublishRequest,
    PublishResult,
    compose_text,
)

__all__ = ["ManualActionRequired", "ManualConnector"]


class ManualConnector(Connector):
    kind = "manual"
    supports_idempotency = True  # nothing is sent, so repeating is harmless
    can_reconcile = True

    def publish(self, req: PublishRequest) -> PublishResult:
        raise ManualActionRequired(
            text=compose_text(req),
            instructions="post this text by hand and record the post's URL",
        )

    def find_existing(self, req: PublishRequest) -> PublishResult | None:
        return None  # the system never posts on this account itself

    def check_connection(self) -> str:
        return "manual account: nothing to check"
