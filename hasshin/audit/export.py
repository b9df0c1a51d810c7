"""Audit export as CSV or JSON lines (情報公開請求, migration)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator

from django.core.serializers.json import DjangoJSONEncoder

from .models import AuditEvent

FIELDS = [
    "seq",
    "created_at",
    "organisation_id",
    "actor_id",
    "actor_label",
    "verb",
    "object_type",
    "object_id",
    "object_repr",
    "details",
    "prev_hash",
    "hash",
]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _row(event: AuditEvent) -> dict:
    row = {f: getattr(event, f) for f in FIELDS}
    row["created_at"] = event.created_at.isoformat()
    return row


def iter_csv(events: Iterable[AuditEvent]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(FIELDS)  # BOM so Excel opens the Japanese text correctly
    for e in events:
        row = _row(e)
        row["details"] = json.dumps(e.details, ensure_ascii=False, cls=DjangoJSONEncoder)
        yield writer.writerow([row[f] for f in FIELDS])


def iter_jsonl(events: Iterable[AuditEvent]) -> Iterator[str]:
    for e in events:
        yield json.dumps(_row(e), ensure_ascii=False, cls=DjangoJSONEncoder) + "\n"
