"""The publishing engine against the sandbox: claims, send-time checks, retries, failures,
manual accounts, recovery; credentials at rest; the pages' organisation scoping."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from cryptography.fernet import Fernet
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from hasshin.platforms import engine, secrets
from hasshin.platforms.engine_source import NullSource, use_source
from hasshin.platforms.models import (
    TRANSITIONS,
    AccountCredential,
    Delivery,
    DeliveryState,
)
from hasshin.platforms.services import credential_store, delivery_record_url, delivery_retry
from hasshin.registry.models import Division, SocialAccount

from .conftest import CREDENTIALS

JST = ZoneInfo("Asia/Tokyo")
WEEKDAY_NOON = datetime(2026, 11, 25, 12, 0, tzinfo=JST)  # a Wednesday
SUNDAY = datetime(2026, 11, 29, 12, 0, tzinfo=JST)
D = DeliveryState


@pytest.fixture
def publishing(settings, sandbox, demo):
    settings.HASSHIN_SANDBOX = True
    settings.HASSHIN_SANDBOX_URL = sandbox.url
    settings.HASSHIN_PUBLISH = {"timeout": 2.0, "backoff_base": 30.0, "settle": 60.0}
    use_source(NullSource())
    yield sandbox
    use_source(None)


def account(demo, service: str, *, creds: dict | None = None) -> SocialAccount:
    org = demo["joetsu"]
    acc = SocialAccount.objects.create(
        organisation=org,
        division=Division.objects.get(organisation=org, name="観光振興課"),
        service=service,
        display_name=f"上越市観光 {service}",
        status="active",
    )
    if service in CREDENTIALS and service != "manual":
        credential_store(account=acc, actor=None, values=creds or CREDENTIALS[service])
    return acc


def delivery(
    acc: SocialAccount, text: str = "高田城址公園の観桜会のお知らせです。", **kw
) -> Delivery:
    now = timezone.now()
    fields = {
        "organisation": acc.organisation,
        "account": acc,
        "service": acc.service,
        "text": text,
        "scheduled_at": now,
        "next_attempt_at": now,
        "urgent": True,
        "urgent_reason": "試験",
        "idempotency_key": engine.new_idempotency_key(),
        **kw,
    }
    return Delivery.objects.create(**fields)


def run(d: Delivery, now: datetime | None = None) -> Delivery:
    ids = engine.claim_due(worker="w1", now=now)
    assert d.pk in ids
    engine.process(d.pk, worker="w1", now=now)
    d.refresh_from_db()
    return d


def test_transitions_table_names_only_known_states():
    assert {s for pair in TRANSITIONS for s in pair} <= set(D.values)


def test_sends_once_and_records_the_remote_id_and_url(publishing, demo):
    d = run(delivery(account(demo, "x")))
    assert d.state == D.SENT
    posts = publishing.posts("x")
    assert [p["id"] for p in posts] == [d.remote_id]
    assert d.url.endswith("/" + d.remote_id)
    (attempt,) = d.attempt_rows.all()
    assert attempt.outcome == "sent" and attempt.finished_at and attempt.remote_id == d.remote_id


def test_two_workers_never_claim_the_same_delivery(publishing, demo):
    acc = account(demo, "x")
    made = [delivery(acc, f"お知らせ {i}") for i in range(6)]
    first = engine.claim_due(worker="w1", limit=4)
    second = engine.claim_due(worker="w2", limit=4)
    assert not set(first) & set(second)
    assert sorted(first + second) == sorted(d.pk for d in made)
    assert engine.claim_due(worker="w3") == []
    assert engine.process(first[0], worker="w2") == ""  # not its claim: nothing happens
    assert publishing.posts("x") == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite claim path")
def test_sqlite_claim_is_a_conditional_update(publishing, demo):
    d = delivery(account(demo, "x"))
    Delivery.objects.filter(pk=d.pk).update(state=D.CLAIMED, claimed_by="other")
    assert engine.claim_due(worker="w1") == []


def test_refuses_outside_working_hours_unless_urgent(publishing, demo):
    acc = account(demo, "facebook")
    d = run(delivery(acc, urgent=False, next_attempt_at=SUNDAY), now=SUNDAY)
    assert d.state == D.REFUSED
    assert "就業時間外" in d.last_error
    assert d.attempt_rows.get().outcome == "refused"
    assert publishing.posts("facebook") == []
    urgent = run(delivery(acc, "緊急のお知らせ", urgent=True, next_attempt_at=SUNDAY), now=SUNDAY)
    assert urgent.state == D.SENT


class RefusingSource(NullSource):
    def recheck(self, *, target_id, text, service, at):
        return ["承認の後に本文が変更されています。"]


def test_refuses_when_the_source_says_approval_or_checks_fail(
    publishing, demo, django_capture_on_commit_callbacks
):
    use_source(RefusingSource())
    from hasshin.posts.models import PostTarget

    target = PostTarget.objects.filter(delivery__isnull=True).first()
    d = delivery(account(demo, "x"), target=target, next_attempt_at=WEEKDAY_NOON)
    with django_capture_on_commit_callbacks(execute=True):
        d = run(d, WEEKDAY_NOON)
    assert d.state == D.REFUSED and "承認の後に" in d.last_error
    assert publishing.posts("x") == []
    assert mail.outbox  # the manager is told


def test_temporary_error_backs_off_then_looks_up_before_retrying(publishing, demo):
    d = delivery(account(demo, "x"))
    publishing.fault(r"^/2/tweets$", status=503, method="POST")
    before = timezone.now()
    d = run(d)
    assert d.state == D.FAILED_TEMPORARY and d.last_status == 503
    assert d.next_attempt_at >= before + timedelta(seconds=24)  # 30 s ± jitter
    later = d.next_attempt_at + timedelta(seconds=1)
    d = run(d, now=later)
    assert d.state == D.SENT
    kinds = [a.kind for a in d.attempt_rows.all()]
    assert kinds == ["send", "lookup", "send"]
    assert len(publishing.posts("x")) == 1


def test_retry_after_is_respected(publishing, demo):
    d = delivery(account(demo, "facebook"))
    publishing.fault(r"/feed$", status=429, method="POST", retry_after="600")
    before = timezone.now()
    d = run(d)
    assert d.state == D.FAILED_TEMPORARY
    assert d.next_attempt_at >= before + timedelta(seconds=600)


def test_accept_then_drop_is_reconciled_not_resent(publishing, demo):
    d = delivery(account(demo, "x"))
    publishing.fault(r"^/2/tweets$", action="drop_after_accept", method="POST")
    d = run(d)
    assert d.state == D.FAILED_TEMPORARY and d.last_status is None
    assert d.next_attempt_at >= timezone.now() + timedelta(seconds=50)  # settle time
    d = run(d, now=d.next_attempt_at)
    assert d.state == D.SENT and d.reconciled
    assert len(publishing.posts("x")) == 1


def test_line_retry_uses_the_same_retry_key(publishing, demo):
    d = delivery(account(demo, "line"))
    publishing.fault(r"/broadcast$", action="drop_after_accept", method="POST")
    d = run(d)
    d = run(d, now=d.next_attempt_at)
    assert d.state == D.SENT and d.reconciled
    assert len(publishing.posts("line")) == 1


def test_permanent_error_stops_and_keeps_the_service_message(
    publishing, demo, client_as, django_capture_on_commit_callbacks
):
    d = delivery(account(demo, "x", creds={"access_token": "invalid-token"}))
    with django_capture_on_commit_callbacks(execute=True):
        d = run(d)
    assert d.state == D.FAILED_PERMANENT
    assert d.last_status == 401 and d.last_service_message
    assert engine.claim_due(worker="w1") == []
    assert any("kanko-kacho" in ",".join(m.to) for m in mail.outbox)
    page = client_as("manager").get(f"/publishing/deliveries/{d.pk}/")
    assert d.last_service_message in page.content.decode()
    assert "再送する" in page.content.decode()


def test_crash_while_sending_is_looked_up_not_resent(publishing, demo):
    d = delivery(account(demo, "facebook"))
    engine.claim_due(worker="dead")

    def die(name, pk):
        if name == "after_response":
            raise SystemExit  # stands in for the process dying here

    engine.set_crash_hook(die)
    try:
        with pytest.raises(SystemExit):
            engine.process(d.pk, worker="dead")
    finally:
        engine.set_crash_hook(None)
    d.refresh_from_db()
    assert d.state == D.SENDING
    later = timezone.now() + timedelta(hours=1)
    engine.recover_expired(now=later)
    d.refresh_from_db()
    assert d.state == D.FAILED_TEMPORARY
    assert d.attempt_rows.get().outcome == "interrupted"
    d = run(d, now=later + timedelta(minutes=5))
    assert d.state == D.SENT and d.reconciled
    assert len(publishing.posts("facebook")) == 1


def test_manual_account_waits_for_the_operator_to_record_the_url(
    publishing, demo, persona, django_capture_on_commit_callbacks
):
    acc = account(demo, "tiktok")
    acc.operators.add(persona("operator"))
    with django_capture_on_commit_callbacks(execute=True):
        d = run(delivery(acc))
    assert d.state == D.MANUAL_PENDING
    assert any("kanko-tanto" in ",".join(m.to) and d.text in m.body for m in mail.outbox)
    delivery_record_url(
        delivery=d, actor=persona("operator"), url="https://www.tiktok.com/@joetsu/video/1"
    )
    d.refresh_from_db()
    assert d.state == D.SENT and d.recorded_by == persona("operator")


def test_retry_is_for_the_accounts_manager_only(publishing, demo, persona):
    d = run(delivery(account(demo, "x", creds={"access_token": "invalid-token"})))
    from hasshin.core.permissions import DomainError

    with pytest.raises(DomainError):
        delivery_retry(delivery=d, actor=persona("operator"))
    with pytest.raises(DomainError):
        delivery_retry(delivery=d, actor=persona("other_manager"))
    delivery_retry(delivery=d, actor=persona("manager"))
    d.refresh_from_db()
    assert d.state == D.PENDING


def test_credentials_are_encrypted_at_rest_and_rotatable(publishing, demo, settings):
    acc = account(demo, "line", creds={"channel_access_token": "line-secret-token-123"})
    raw = AccountCredential.objects.values_list("encrypted", flat=True).get(account=acc)
    assert "line-secret-token-123" not in raw
    assert engine.credentials_for(acc.pk) == {"channel_access_token": "line-secret-token-123"}
    old_keys = list(settings.HASSHIN_CREDENTIAL_KEYS)
    settings.HASSHIN_CREDENTIAL_KEYS = [Fernet.generate_key().decode(), *old_keys]
    call_command("rotate_credentials", verbosity=0)
    rotated = AccountCredential.objects.values_list("encrypted", flat=True).get(account=acc)
    settings.HASSHIN_CREDENTIAL_KEYS = settings.HASSHIN_CREDENTIAL_KEYS[:1]
    assert secrets.decrypt(rotated).find("line-secret-token-123") > 0


def test_credentials_page_never_shows_the_token_and_checks_the_connection(
    publishing, demo, client_as
):
    acc = account(demo, "x", creds={"access_token": "x-very-secret"})
    client = client_as("manager")
    page = client.get(f"/publishing/accounts/{acc.pk}/credentials/").content.decode()
    assert "x-very-secret" not in page and "接続テスト" in page
    resp = client.post(f"/publishing/accounts/{acc.pk}/check/", follow=True)
    assert "接続できました" in resp.content.decode()
    assert (
        client_as("operator").get(f"/publishing/accounts/{acc.pk}/credentials/").status_code == 403
    )


def test_pages_are_scoped_to_the_organisation(publishing, demo, client_as):
    acc = account(demo, "x", creds={"access_token": "invalid-token"})
    d = run(delivery(acc))
    outsider = client_as("outsider")
    assert outsider.get(f"/publishing/deliveries/{d.pk}/").status_code == 404
    assert outsider.post(f"/publishing/deliveries/{d.pk}/retry/").status_code == 404
    assert outsider.get(f"/publishing/accounts/{acc.pk}/credentials/").status_code == 404
    assert d.text not in outsider.get("/publishing/").content.decode()
    assert d.text[:10] in client_as("operator").get("/publishing/").content.decode()
