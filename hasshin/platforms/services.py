"""What people do to publishing: enter credentials, test a connection, retry a delivery,
record the URL of a post made by hand. Typed, keyword-only, atomic and audited; no network
I/O inside a transaction (the connection test calls the service first, then records)."""

from __future__ import annotations

import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hasshin.audit.services import audit_record
from hasshin.core.permissions import DomainError
from hasshin.registry.models import SocialAccount, User

from . import secrets, selectors
from .base import ConnectorError, get_connector_class
from .engine import build_connector, connector_kind
from .models import AccountCredential, Delivery, transition_step
from .models import DeliveryState as D


def credential_fields(account: SocialAccount) -> tuple[str, ...]:
    cls = get_connector_class(connector_kind(account.service))
    extra = ("user_id",) if cls.kind == "x" else ()
    return (*cls.required_credentials, *extra)


def _require_manager(actor: User | None, account: SocialAccount) -> None:
    if actor is not None and not selectors.can_manage_account(actor, account):
        raise DomainError(_("このアカウントを管理する権限がありません。"))


@transaction.atomic
def credential_store(
    *, account: SocialAccount, actor: User | None, values: dict[str, str]
) -> AccountCredential:
    """Encrypt and store credentials. Blank values keep what is stored; values are never
    returned, logged or audited (the audit names only the fields that changed)."""
    _require_manager(actor, account)
    allowed = set(credential_fields(account))
    cred = AccountCredential.objects.select_for_update().filter(account=account).first()
    current = json.loads(secrets.decrypt(cred.encrypted)) if cred else {}
    changed = sorted(k for k, v in values.items() if k in allowed and v and v != current.get(k))
    merged = {**current, **{k: values[k].strip() for k in changed}}
    encrypted = secrets.encrypt(json.dumps(merged))
    if cred is None:
        cred = AccountCredential(organisation_id=account.organisation_id, account=account)
    cred.encrypted = encrypted
    cred.field_names = sorted(merged)
    cred.updated_by = actor
    cred.last_check_ok = None if changed else cred.last_check_ok
    cred.save()
    audit_record(
        verb="credential.stored",
        organisation=account.organisation,
        actor=actor,
        obj=account,
        details={"fields": changed},
    )
    return cred


def credential_check(*, account: SocialAccount, actor: User) -> tuple[bool, str]:
    """Call the service's harmless endpoint (outside any transaction), then record the result."""
    _require_manager(actor, account)
    try:
        description = build_connector(
            connector_kind(account.service), account.pk
        ).check_connection()
        ok, message = True, description
    except ConnectorError as exc:
        ok, message = False, exc.service_message or str(exc)
    except secrets.CredentialError as exc:
        ok, message = False, str(exc)
    with transaction.atomic():
        AccountCredential.objects.filter(account=account).update(
            last_check_at=timezone.now(), last_check_ok=ok, last_check_message=message[:1000]
        )
        audit_record(
            verb="credential.checked",
            organisation=account.organisation,
            actor=actor,
            obj=account,
            details={"ok": ok},
        )
    return ok, message


def _locked(delivery: Delivery) -> Delivery:
    return (
        Delivery.objects.select_for_update()
        .select_related("account", "organisation")
        .get(pk=delivery.pk)
    )


def _change(delivery: Delivery, to: str, actor: User, **details: object) -> None:
    step = transition_step(delivery.state, to)
    frm = delivery.state
    delivery.state = to
    delivery.save()
    audit_record(
        verb=f"delivery.{step}",
        organisation=delivery.organisation,
        actor=actor,
        obj=delivery,
        details={"from": frm, "to": to, "account": delivery.account_id, **details},
    )


@transaction.atomic
def delivery_retry(*, delivery: Delivery, actor: User) -> Delivery:
    """Send again after a permanent failure, a refusal, or (once a person has checked that it
    was not published) an unknown outcome. The send-time checks run again."""
    delivery = _locked(delivery)
    if not selectors.can_manage_account(actor, delivery.account):
        raise DomainError(
            _("再送できるのは、アカウントの運用管理責任者またはシステム管理者だけです。")
        )
    if delivery.state == D.UNKNOWN:
        # A person confirmed it is not on the service: start a fresh send, no look-up.
        delivery.first_attempt_at = None
    delivery.next_attempt_at = timezone.now()
    delivery.attempts = 0
    delivery.last_error = ""
    _change(delivery, D.PENDING, actor)
    return delivery


@transaction.atomic
def delivery_record_url(
    *, delivery: Delivery, actor: User, url: str, remote_id: str = ""
) -> Delivery:
    """A post made by hand (manual accounts) or found by a person (unknown): record its URL."""
    delivery = _locked(delivery)
    if not selectors.can_record_manual(actor, delivery.account):
        raise DomainError(_("この配信のURLを記録する権限がありません。"))
    if delivery.state not in (D.MANUAL_PENDING, D.UNKNOWN):
        raise DomainError(_("この配信は手動でのURLの記録を待っていません。"))
    if not url.startswith(("https://", "http://")):
        raise DomainError(_("投稿のURLを http:// または https:// から入力してください。"))
    delivery.url = url
    delivery.remote_id = remote_id
    delivery.sent_at = timezone.now()
    delivery.recorded_by = actor
    delivery.last_error = ""
    _change(delivery, D.SENT, actor, url=url)
    from .engine import _on_sent

    _on_sent(delivery)
    return delivery
