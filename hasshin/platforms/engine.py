"""The publishing engine: claim due deliveries, re-check, send once, record, recover.

One pass (``run_once``), run by the worker every few seconds:

1. ``recover_expired``: a delivery whose claim expired is picked up again. If it was only
   *claimed*, nothing was sent (the "sending" row is committed before any request), so it
   goes back to pending. If it was *sending*, the worker died or hung during the request: the
   open attempt is marked interrupted and the delivery becomes a retry that must look the
   post up first (below), or ``unknown`` when the connector can neither look up nor use an
   idempotency key. It is never blindly re-sent.
2. ``sync_deliveries``: post targets put on the schedule get a Delivery (engine_source.py).
3. ``claim_due``: due rows are claimed with a row lock (PostgreSQL: ``SELECT … FOR UPDATE
   SKIP LOCKED``) or a conditional ``UPDATE … WHERE state IN (due)`` per row (SQLite).
4. ``process``: for each claimed delivery, outside any transaction:
   re-check (approval and unchanged text through the source, working hours unless urgent,
   the guideline checks) → refused; manual accounts → manual_pending with a reminder;
   a retry after an attempt that may have reached the service → ``find_existing`` first
   (services without idempotency keys); then commit "sending" and the attempt row, call the
   connector with no transaction open, and record the result in a short transaction.

Temporary errors back off exponentially (Retry-After respected); after ``max_attempts`` the
delivery stops (``unknown`` when the last error left it unclear whether the service acted).
State changes go through ``_move`` (a conditional UPDATE guarded by state and claim holder),
whose allowed (from, to) pairs are the table in models.TRANSITIONS.

``crash_point(name)`` is a hook for the fault-injection tests (a no-op in production):
``before_request`` (sending committed), ``after_response`` (the service answered, nothing
recorded), ``after_record`` (result committed).
"""

from __future__ import annotations

import json
import logging
import os
import random
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from hasshin.audit.services import audit_record
from hasshin.core.worker import periodic

from . import notify, secrets
from .base import (
    KINDS,
    Connector,
    ConnectorError,
    ManualActionRequired,
    PublishRequest,
    PublishResult,
    get_connector_class,
)
from .engine_source import get_source
from .models import (
    DUE_STATES,
    TRANSITIONS,
    AccountCredential,
    AttemptOutcome,
    Delivery,
    DeliveryAttempt,
)
from .models import DeliveryState as D

log = logging.getLogger("hasshin.publishing")


@dataclass(frozen=True)
class EngineConfig:
    lease: timedelta = timedelta(minutes=10)  # must exceed the longest send (timeout × requests)
    batch: int = 20
    max_attempts: int = 8
    backoff_base: float = 30.0
    backoff_max: float = 3600.0
    timeout: float = 20.0
    idempotency_ttl: timedelta = timedelta(hours=23)  # LINE keeps retry keys for 24 hours
    poll_interval: float | None = None  # Instagram container status polling
    # After a request got no answer (timeout, dropped connection) the service may still be
    # working on it: look the post up only after this long, so the look-up sees it.
    settle: float = 60.0


def config() -> EngineConfig:
    over = getattr(settings, "HASSHIN_PUBLISH", {}) or {}
    return EngineConfig(**over)


# --- hooks for tests ------------------------------------------------------------------------

_crash_hook: Callable[[str, int], None] | None = None


def set_crash_hook(hook: Callable[[str, int], None] | None) -> None:
    global _crash_hook
    _crash_hook = hook


def crash_point(name: str, delivery_id: int) -> None:
    if _crash_hook is not None:
        _crash_hook(name, delivery_id)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


# --- connectors -----------------------------------------------------------------------------


def connector_kind(service: str) -> str:
    """Services without a connector (TikTok, blogs…) are posted by hand."""
    return service if service in KINDS else "manual"


def base_urls(kind: str) -> dict[str, str]:
    """The sandbox in demo/test mode; otherwise the deployment's settings or the real APIs."""
    if settings.HASSHIN_SANDBOX:
        from .sandbox import sandbox_base_urls

        url = getattr(settings, "HASSHIN_SANDBOX_URL", "") or (
            f"http://127.0.0.1:{settings.HASSHIN_SANDBOX_PORT}"
        )
        return sandbox_base_urls(url)[kind]
    return dict((getattr(settings, "HASSHIN_PLATFORM_BASE_URLS", {}) or {}).get(kind, {}))


def credentials_for(account_id: int) -> dict[str, str]:
    cred = AccountCredential.objects.filter(account_id=account_id).first()
    if cred is None:
        return {}
    return json.loads(secrets.decrypt(cred.encrypted))


def build_connector(kind: str, account_id: int, cfg: EngineConfig | None = None) -> Connector:
    cfg = cfg or config()
    cls = get_connector_class(kind)
    connector = cls(credentials_for(account_id), base_urls(kind), timeout=cfg.timeout)
    if cfg.poll_interval is not None and hasattr(connector, "poll_interval"):
        connector.poll_interval = cfg.poll_interval  # type: ignore[attr-defined]
    return connector


def backoff_seconds(
    attempts: int, retry_after: float | None, cfg: EngineConfig, *, answered: bool = True
) -> float:
    """Exponential backoff with jitter; never sooner than the service's Retry-After, nor,
    when the service did not answer, than the settle time."""
    delay = min(cfg.backoff_max, cfg.backoff_base * (2 ** max(0, attempts - 1)))
    delay *= random.uniform(0.8, 1.2)
    if retry_after is not None:
        delay = max(delay, retry_after)
    if not answered:
        delay = max(delay, cfg.settle)
    return delay


# --- state changes --------------------------------------------------------------------------


def _move(
    delivery_id: int,
    from_states: tuple[str, ...],
    to_state: str,
    *,
    worker: str | None = None,
    **fields: Any,
) -> bool:
    """Conditional UPDATE: only if the row is still in ``from_states`` (and claimed by
    ``worker`` when given). Returns whether this caller made the change."""
    for frm in from_states:
        if (frm, to_state) not in TRANSITIONS:
            raise AssertionError(f"transition {frm} → {to_state} is not in TRANSITIONS")
    qs = Delivery.objects.filter(pk=delivery_id, state__in=from_states)
    if worker is not None:
        qs = qs.filter(claimed_by=worker)
    return qs.update(state=to_state, updated_at=timezone.now(), **fields) == 1


def _audit(delivery: Delivery, frm: str, to: str, details: dict[str, Any] | None = None) -> None:
    step = TRANSITIONS[(frm, to)]
    if step is None:
        return
    audit_record(
        verb=f"delivery.{step}",
        organisation=delivery.organisation,
        actor=None,
        obj=delivery,
        details={"from": frm, "to": to, "account": delivery.account_id, **(details or {})},
    )


def _release() -> dict[str, Any]:
    return {"claimed_by": "", "claim_expires_at": None}


# --- 1. recovery ----------------------------------------------------------------------------


def recover_expired(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    done = Delivery.objects.filter(state=D.CLAIMED, claim_expires_at__lt=now).update(
        state=D.PENDING, updated_at=now, **_release()
    )
    stale = Delivery.objects.filter(state=D.SENDING, claim_expires_at__lt=now).select_related(
        "organisation"
    )
    for delivery in stale:
        done += _recover_sending(delivery, now)
    return done


def _recover_sending(delivery: Delivery, now: datetime) -> int:
    kind = connector_kind(delivery.service)
    cls = get_connector_class(kind)
    if cls.supports_idempotency or cls.can_reconcile:
        to, message = (
            D.FAILED_TEMPORARY,
            _("送信中に処理が止まりました。再送の前に、発信済みかどうかを照合します。"),
        )
    else:
        to, message = (
            D.UNKNOWN,
            _(
                "送信中に処理が止まりました。このサービスでは発信済みか確認できないため、"
                "手作業で確認してください。"
            ),
        )
    with transaction.atomic():
        moved = (
            Delivery.objects.filter(
                pk=delivery.pk,
                state=D.SENDING,
                claimed_by=delivery.claimed_by,
                claim_expires_at__lt=now,
            ).update(
                state=to,
                next_attempt_at=now + timedelta(seconds=config().settle),
                last_error=message,
                updated_at=now,
                **_release(),
            )
            == 1
        )
        if not moved:
            return 0
        DeliveryAttempt.objects.filter(delivery=delivery, outcome=AttemptOutcome.STARTED).update(
            outcome=AttemptOutcome.INTERRUPTED, finished_at=now, error=message
        )
        _audit(delivery, D.SENDING, to, {"reason": "interrupted"})
        if to == D.UNKNOWN:
            notify.delivery_needs_attention(delivery.pk)
    return 1


# --- 2. deliveries from the schedule --------------------------------------------------------


def sync_deliveries() -> int:
    """Create a Delivery for each newly scheduled post target; follow changes of time or
    approved text while a delivery is still pending; re-arm refused ones re-approved since."""
    from hasshin.registry.models import SocialAccount

    source = get_source()
    created = 0
    for snap in source.new_targets():
        account = SocialAccount.objects.filter(pk=snap.account_id).first()
        if account is None:
            continue
        Delivery.objects.get_or_create(
            target_id=snap.target_id,
            defaults={
                "organisation_id": snap.organisation_id,
                "account": account,
                "post_id": snap.post_id,
                "author_id": snap.author_id,
                "service": account.service,
                "text": snap.text,
                "title": snap.title,
                "scheduled_at": snap.scheduled_at,
                "next_attempt_at": snap.scheduled_at,
                "urgent": snap.urgent,
                "urgent_reason": snap.urgent_reason,
                "idempotency_key": new_idempotency_key(),
            },
        )
        created += 1
    waiting = Delivery.objects.filter(
        state__in=(D.PENDING, D.REFUSED), target_id__isnull=False, first_attempt_at__isnull=True
    ).select_related("organisation")
    by_target = {d.target_id: d for d in waiting}
    if by_target:
        for target_id, snap in source.snapshots(list(by_target)).items():
            created += _follow(by_target[target_id], snap)
    return created


def _follow(delivery: Delivery, snap: Any) -> int:
    fields = {
        "text": snap.text,
        "title": snap.title,
        "scheduled_at": snap.scheduled_at,
        "next_attempt_at": snap.scheduled_at,
        "urgent": snap.urgent,
        "urgent_reason": snap.urgent_reason,
    }
    if delivery.state == D.PENDING:
        if any(getattr(delivery, k) != v for k, v in fields.items()):
            # Not a change of state: the pending delivery follows its rescheduled target.
            return Delivery.objects.filter(pk=delivery.pk, state=D.PENDING).update(**fields)
        return 0
    # refused: re-armed when approved again after the refusal
    if snap.approved_at and snap.approved_at > delivery.updated_at:
        with transaction.atomic():
            if _move(delivery.pk, (D.REFUSED,), D.PENDING, last_error="", **fields):
                _audit(delivery, D.REFUSED, D.PENDING, {"reason": "approved again"})
                return 1
    return 0


def new_idempotency_key() -> str:
    import uuid

    return uuid.uuid4().hex


# --- 3. claiming ----------------------------------------------------------------------------


def claim_due(
    *, now: datetime | None = None, worker: str | None = None, limit: int | None = None
) -> list[int]:
    now = now or timezone.now()
    cfg = config()
    worker = worker or worker_name()
    limit = limit or cfg.batch
    claim = {
        "state": D.CLAIMED,
        "claimed_by": worker,
        "claim_expires_at": now + cfg.lease,
        "updated_at": now,
    }
    due = Delivery.objects.filter(state__in=DUE_STATES, next_attempt_at__lte=now).order_by(
        "next_attempt_at", "id"
    )
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            ids = list(due.select_for_update(skip_locked=True).values_list("id", flat=True)[:limit])
            Delivery.objects.filter(pk__in=ids).update(**claim)
        return ids
    # SQLite: one writer at a time; a conditional UPDATE per row is the claim.
    ids = []
    # Several workers read the same candidates: read more than we need, skip the taken ones.
    for pk in due.values_list("id", flat=True)[: limit + 50]:
        if Delivery.objects.filter(pk=pk, state__in=DUE_STATES, next_attempt_at__lte=now).update(
            **claim
        ):
            ids.append(pk)
            if len(ids) >= limit:
                break
    return ids


# --- 4. processing --------------------------------------------------------------------------


def process(delivery_id: int, *, worker: str | None = None, now: datetime | None = None) -> str:
    """Send one claimed delivery. Returns its new state (or "" when the claim was lost)."""
    worker = worker or worker_name()
    cfg = config()
    delivery = Delivery.objects.select_related("organisation").get(pk=delivery_id)
    if delivery.state != D.CLAIMED or delivery.claimed_by != worker:
        return ""
    now = now or timezone.now()
    kind = connector_kind(delivery.service)

    reasons = recheck(delivery, now)
    if reasons:
        return _stop(delivery, worker, D.REFUSED, AttemptOutcome.REFUSED, "\n".join(reasons))
    if kind == "manual":
        return _stop(
            delivery,
            worker,
            D.MANUAL_PENDING,
            AttemptOutcome.MANUAL,
            _("手動で投稿し、投稿のURLを記録してください。"),
        )
    try:
        connector = build_connector(kind, delivery.account_id, cfg)
    except (ConnectorError, secrets.CredentialError) as exc:
        message = _("認証情報が登録されていないか、読み取れません：%(error)s") % {"error": exc}
        return _stop(delivery, worker, D.FAILED_PERMANENT, AttemptOutcome.PERMANENT, message)

    req = PublishRequest(
        idempotency_key=delivery.idempotency_key,
        text=delivery.text,
        title=delivery.title or None,
        not_before=delivery.first_attempt_at,
    )
    req.media = get_source().media(target_id=delivery.target_id, service=delivery.service)
    crash_point("after_claim", delivery.pk)
    if delivery.first_attempt_at is not None:
        # An earlier send may have reached the service: never re-send without knowing.
        if connector.supports_idempotency:
            if now - delivery.first_attempt_at > cfg.idempotency_ttl:
                return _stop(
                    delivery,
                    worker,
                    D.UNKNOWN,
                    AttemptOutcome.UNKNOWN,
                    _("再送用のキーの有効期限が切れたため、発信済みか確認できません。"),
                )
        else:
            state = _look_up(delivery, worker, connector, req, cfg, now)
            if state:
                return state
    return _send(delivery, worker, connector, req, cfg, now)


def recheck(delivery: Delivery, now: datetime) -> list[str]:
    reasons = []
    if not delivery.urgent:
        outside = delivery.organisation.pack.calendar.outside_reason(now)
        if outside:
            reasons.append(
                _("就業時間外のため送信を止めました（%(reason)s）。緊急の投稿のみ送信できます。")
                % {"reason": outside}
            )
    if delivery.target_id is not None:
        reasons += get_source().recheck(
            target_id=delivery.target_id, text=delivery.text, service=delivery.service, at=now
        )
    return reasons


def _attempt_number(delivery_id: int) -> int:
    return DeliveryAttempt.objects.filter(delivery_id=delivery_id).count() + 1


def _stop(
    delivery: Delivery, worker: str, to: str, outcome: str, message: str, *, kind: str = "check"
) -> str:
    now = timezone.now()
    with transaction.atomic():
        if not _move(
            delivery.pk,
            (D.CLAIMED,),
            to,
            worker=worker,
            last_error=message,
            last_service_message="",
            last_status=None,
            **_release(),
        ):
            return ""
        DeliveryAttempt.objects.create(
            delivery=delivery,
            number=_attempt_number(delivery.pk),
            kind=kind,
            worker=worker,
            started_at=now,
            finished_at=now,
            outcome=outcome,
            error=message,
        )
        _audit(delivery, D.CLAIMED, to, {"message": message})
        notify.delivery_needs_attention(delivery.pk)
    return to


def _look_up(
    delivery: Delivery,
    worker: str,
    connector: Connector,
    req: PublishRequest,
    cfg: EngineConfig,
    now: datetime,
) -> str:
    """Before a retry: was it published after all? Returns the new state, or "" to send."""
    if not connector.can_reconcile:
        return _stop(
            delivery,
            worker,
            D.UNKNOWN,
            AttemptOutcome.UNKNOWN,
            _("前回の送信結果が不明で、このサービスでは照合できません。手作業で確認してください。"),
        )
    started = timezone.now()
    try:
        found = connector.find_existing(req)
    except ConnectorError as exc:
        return _lookup_failed(delivery, worker, exc, cfg, started, now)
    if found is None:
        DeliveryAttempt.objects.create(
            delivery=delivery,
            number=_attempt_number(delivery.pk),
            kind="lookup",
            worker=worker,
            started_at=started,
            finished_at=timezone.now(),
            outcome=AttemptOutcome.NOT_FOUND,
        )
        return ""
    with transaction.atomic():
        if not _move(delivery.pk, (D.CLAIMED,), D.SENT, worker=worker, **_sent_fields(found)):
            return ""
        DeliveryAttempt.objects.create(
            delivery=delivery,
            number=_attempt_number(delivery.pk),
            kind="lookup",
            worker=worker,
            started_at=started,
            finished_at=timezone.now(),
            outcome=AttemptOutcome.RECONCILED,
            reconciled=True,
            remote_id=found.remote_id,
        )
        _audit(delivery, D.CLAIMED, D.SENT, {"remote_id": found.remote_id, "url": found.url})
        _on_sent(delivery)
    return D.SENT


def _lookup_failed(
    delivery: Delivery,
    worker: str,
    exc: ConnectorError,
    cfg: EngineConfig,
    started: datetime,
    sched_now: datetime,
) -> str:
    now = timezone.now()
    attempts = delivery.attempts + 1
    give_up = attempts >= cfg.max_attempts
    to = D.UNKNOWN if give_up else D.FAILED_TEMPORARY
    with transaction.atomic():
        fields = {
            "attempts": F("attempts") + 1,
            "last_error": str(exc),
            "last_service_message": exc.service_message,
            "last_status": exc.status,
            **_release(),
        }
        if not give_up:
            fields["next_attempt_at"] = sched_now + timedelta(
                seconds=backoff_seconds(attempts, exc.retry_after, cfg, answered=bool(exc.status))
            )
        if not _move(delivery.pk, (D.CLAIMED,), to, worker=worker, **fields):
            return ""
        DeliveryAttempt.objects.create(
            delivery=delivery,
            number=_attempt_number(delivery.pk),
            kind="lookup",
            worker=worker,
            started_at=started,
            finished_at=now,
            outcome=AttemptOutcome.UNKNOWN if give_up else AttemptOutcome.TEMPORARY,
            status_code=exc.status,
            error=str(exc),
            service_message=exc.service_message,
        )
        _audit(delivery, D.CLAIMED, to, {"error": str(exc)})
        if give_up:
            notify.delivery_needs_attention(delivery.pk)
    return to


def _sent_fields(result: PublishResult) -> dict[str, Any]:
    return {
        "remote_id": result.remote_id[:200],
        "url": result.url[:500],
        "reconciled": result.reconciled,
        "sent_at": timezone.now(),
        "last_error": "",
        "last_service_message": "",
        "last_status": None,
        **_release(),
    }


def _on_sent(delivery: Delivery) -> None:
    if delivery.post_id is None:
        return
    all_sent = not Delivery.objects.filter(post_id=delivery.post_id).exclude(state=D.SENT).exists()
    get_source().on_sent(post_id=delivery.post_id, all_sent=all_sent)


def _send(
    delivery: Delivery,
    worker: str,
    connector: Connector,
    req: PublishRequest,
    cfg: EngineConfig,
    sched_now: datetime,
) -> str:
    started = timezone.now()
    with transaction.atomic():
        if not _move(
            delivery.pk,
            (D.CLAIMED,),
            D.SENDING,
            worker=worker,
            attempts=F("attempts") + 1,
            first_attempt_at=delivery.first_attempt_at or started,
        ):
            return ""
        attempt = DeliveryAttempt.objects.create(
            delivery=delivery,
            number=_attempt_number(delivery.pk),
            kind="send",
            worker=worker,
            started_at=started,
        )
    if req.not_before is None:
        req.not_before = started
    crash_point("before_request", delivery.pk)

    # No transaction is open here: the network call may take as long as the timeout.
    result: PublishResult | None = None
    error: ConnectorError | None = None
    try:
        result = connector.publish(req)
    except ConnectorError as exc:
        error = exc
    except ManualActionRequired as exc:
        error = ConnectorError(str(exc), permanent=True)
    except Exception as exc:  # a bug or an unexpected library error: the outcome is unclear
        log.exception("delivery %s: unexpected error while publishing", delivery.pk)
        error = ConnectorError(f"unexpected error: {type(exc).__name__}", permanent=False)
    crash_point("after_response", delivery.pk)

    state = _record(delivery, worker, attempt, result, error, cfg, sched_now)
    crash_point("after_record", delivery.pk)
    return state


def _record(
    delivery: Delivery,
    worker: str,
    attempt: DeliveryAttempt,
    result: PublishResult | None,
    error: ConnectorError | None,
    cfg: EngineConfig,
    sched_now: datetime,
) -> str:
    """Record the answer. ``sched_now`` is the pass's clock, the base of the next attempt."""
    now = timezone.now()
    with transaction.atomic():
        if result is not None:
            to = D.SENT
            fields = _sent_fields(result)
            attempt_fields = {
                "outcome": AttemptOutcome.RECONCILED if result.reconciled else AttemptOutcome.SENT,
                "reconciled": result.reconciled,
                "remote_id": result.remote_id[:200],
            }
        else:
            assert error is not None
            attempts = delivery.attempts + 1
            if error.permanent:
                to = D.FAILED_PERMANENT
            elif attempts >= cfg.max_attempts:
                # No answer at all (timeout, dropped connection): the service may have acted.
                to = D.UNKNOWN if error.status is None else D.FAILED_PERMANENT
            else:
                to = D.FAILED_TEMPORARY
            fields = {
                "last_error": str(error),
                "last_service_message": error.service_message,
                "last_status": error.status,
                **_release(),
            }
            if to == D.FAILED_TEMPORARY:
                fields["next_attempt_at"] = sched_now + timedelta(
                    seconds=backoff_seconds(
                        attempts, error.retry_after, cfg, answered=bool(error.status)
                    )
                )
            attempt_fields = {
                "outcome": {
                    D.FAILED_PERMANENT: AttemptOutcome.PERMANENT,
                    D.UNKNOWN: AttemptOutcome.UNKNOWN,
                    D.FAILED_TEMPORARY: AttemptOutcome.TEMPORARY,
                }[to],
                "status_code": error.status,
                "error": str(error),
                "service_message": error.service_message,
            }
        DeliveryAttempt.objects.filter(pk=attempt.pk).update(finished_at=now, **attempt_fields)
        if not _move(delivery.pk, (D.SENDING,), to, worker=worker, **fields):
            # Our claim expired and recovery took the row: it will look the post up.
            log.warning("delivery %s: claim lost before recording %s", delivery.pk, to)
            return ""
        _audit(
            delivery,
            D.SENDING,
            to,
            {"remote_id": result.remote_id, "url": result.url}
            if result
            else {"error": str(error), "status": error.status if error else None},
        )
        if to == D.SENT:
            _on_sent(delivery)
        elif to in (D.FAILED_PERMANENT, D.UNKNOWN):
            notify.delivery_needs_attention(delivery.pk)
    return to


# --- the worker's pass ----------------------------------------------------------------------


def run_once(*, now: datetime | None = None, worker: str | None = None) -> int:
    worker = worker or worker_name()
    recover_expired(now=now)
    sync_deliveries()
    done = 0
    while True:
        ids = claim_due(now=now, worker=worker)
        if not ids:
            return done
        for pk in ids:
            try:
                process(pk, worker=worker, now=now)
            except Exception:
                # Left claimed: recovery returns it after the lease (nothing sent, or looked up).
                log.exception("delivery %s failed in the engine", pk)
            done += 1


@periodic("platforms.publish", every=5.0)
def publish_job() -> int:
    return run_once()
