"""POST /api/v1/checks: the guideline checker over HTTP, with the organisation's policy pack."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from hasshin.checks import CheckInput, run_checks

router = Router(tags=["checks"])

PlatformName = Literal["x", "facebook", "instagram", "line", "youtube", "tiktok", "blog", "other"]


class CheckRequest(Schema):
    text: str = Field(..., max_length=200_000, description="下書きの本文 / the draft text")
    platform: PlatformName = "x"
    at: datetime | None = Field(None, description="送信予定日時 (ISO 8601, with offset)")
    urgent: bool = Field(False, description="災害・イベント等の緊急情報 (G6.2.1)")
    urgent_reason: str = ""
    title: str = Field("", description="YouTube title")
    lang: Literal["ja", "en"] = "ja"


class FindingOut(Schema):
    rule: str
    clause: str
    severity: Literal["error", "warning", "info"]
    start: int
    end: int
    text: str
    message: str


class CheckResponse(Schema):
    findings: list[FindingOut]
    stats: dict


class ErrorOut(Schema):
    detail: str


@router.post("", response={200: CheckResponse, 422: ErrorOut}, summary="Check a draft post")
def check_post(request: HttpRequest, payload: CheckRequest):
    """Run every rule of the organisation's guideline on one draft.

    Offsets (`start`, `end`) are character offsets into `text` exactly as sent.
    """
    if payload.at is not None and payload.at.tzinfo is None:
        return Status(422, {"detail": "at: タイムゾーン付きの日時を指定してください (e.g. +09:00)"})
    check_input = CheckInput(
        text=payload.text,
        platform=payload.platform,
        at=payload.at,
        urgent=payload.urgent,
        urgent_reason=payload.urgent_reason,
        title=payload.title,
        lang=payload.lang,
    )
    return Status(200, run_checks(check_input, request.organisation.pack).to_dict())
