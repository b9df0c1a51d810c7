"""Writing and verifying the audit trail.

``audit_record`` must be called inside the transaction that makes the change it records, so
the change and its event commit or roll back together. Each organisation has its own chain:
``hash = sha256(canonical JSON of the event + previous hash)``. The chain head is locked with
``select_for_update`` while appending, so concurrent writers on PostgreSQL stay in order.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from .models import AuditChain, AuditEvent

SYSTEM_CHAIN = "system"


def _canonical(event: AuditEvent) -> bytes:
    body = {
        "organisation": event.organisation_id,
        "seq": event.seq,
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "verb": event.verb,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "details": event.details,
        "created_at": event.created_at.isoformat(timespec="microseconds"),
        "prev_hash": event.prev_hash,
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder).encode()


def compute_hash(event: AuditEvent) -> str:
    return hashlib.sha256(_canonical(event)).hexdigest()


def _chain_for(organisation_id: int | None) -> AuditChain:
    key = f"org:{organisation_id}" if organisation_id else SYSTEM_CHAIN
    AuditChain.objects.get_or_create(key=key, defaults={"organisation_id": organisation_id})
    return AuditChain.objects.select_for_update().get(key=key)


def audit_record(
    *,
    verb: str,
    organisation: Any = None,
    actor: Any = None,
    obj: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. Call it inside the transaction of the change it records."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the change")
    org_id = organisation.pk if organisation is not None else None
    chain = _chain_for(org_id)
    # Round-trip details through JSON so the stored value hashes the same when read back.
    clean_details = json.loads(json.dumps(details or {}, cls=DjangoJSONEncoder))
    event = AuditEvent(
        organisation_id=org_id,
        chain=chain,
        seq=chain.last_seq + 1,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=(str(actor) if actor is not None else "system")[:150],
        verb=verb,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        details=clean_details,
        created_at=timezone.now(),
        prev_hash=chain.last_hash,
    )
    event.hash = compute_hash(event)
    event.save()
    chain.last_seq, chain.last_hash = event.seq, event.hash
    chain.save(update_fields=["last_seq", "last_hash"])
    return event


@dataclass(frozen=True)
class ChainProblem:
    chain: str
    seq: int
    problem: str


def verify_chains() -> Iterator[ChainProblem]:
    """Yield every break in every chain: edited rows, removed rows, reordered rows."""
    for chain in AuditChain.objects.order_by("id"):
        expected_prev, expected_seq = "", 1
        for event in chain.events.order_by("seq").iterator(chunk_size=2000):
            if event.seq != expected_seq:
                yield ChainProblem(chain.key, expected_seq, "missing event(s) before this one")
            if event.prev_hash != expected_prev:
                yield ChainProblem(chain.key, event.seq, "link to the previous event is broken")
            if compute_hash(event) != event.hash:
                yield ChainProblem(chain.key, event.seq, "content does not match its hash")
            expected_prev, expected_seq = event.hash, event.seq + 1
        if chain.last_seq != expected_seq - 1 or chain.last_hash != expected_prev:
            yield ChainProblem(chain.key, chain.last_seq, "latest event(s) were removed")
