"""G6.2.1: posts go out in working hours; urgent disaster or event information may not wait."""

from __future__ import annotations

from collections.abc import Iterable

from ..context import CheckContext
from ..registry import Hit, Rule, register


@register
class OutsideHours(Rule):
    """The planned send time is outside working hours and the post is not urgent (G6.2.1).

    Working hours, working days, national holidays and closures (年末年始) come from the pack's
    calendar. With the urgent flag there is no finding: the reason is recorded with the post.
    No planned time means nothing to check.
    """

    id = "timing.outside_hours"
    clause = "G6.2.1"
    severity = "error"
    order = 90
    message_ja = (
        "就業時間外の発信です。緊急の災害・イベント情報以外は就業時間内に発信してください。"
    )
    message_en = "Outside working hours; only urgent disaster or event information may go out now."

    def check(self, ctx: CheckContext) -> Iterable[Hit]:
        at = ctx.input.at
        if at is None or ctx.input.urgent or ctx.pack is None:
            return []
        reason = ctx.pack.calendar.outside_reason(at)
        if reason is None:
            return []
        return [
            Hit(
                0,
                0,
                f"就業時間外の発信です（{reason}）。緊急の災害・イベント情報以外は就業時間内に発信してください。",
                f"Outside working hours ({reason}); only urgent information may go out now.",
                whole_post=True,
            )
        ]
