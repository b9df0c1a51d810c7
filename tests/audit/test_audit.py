import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from hasshin.audit.models import AuditChain, AuditEvent
from hasshin.audit.services import audit_record, verify_chains


def _problems():
    return [p.problem for p in verify_chains()]


def test_demo_changes_are_audited_in_an_intact_chain(demo):
    joetsu = demo["joetsu"]
    events = AuditEvent.objects.filter(organisation=joetsu).order_by("seq")
    assert events.count() > 10
    assert {"organisation.created", "user.created", "role.assigned"} <= set(
        events.values_list("verb", flat=True)
    )
    assert _problems() == []
    call_command("verify_audit")


@pytest.mark.django_db(transaction=True)
def test_audit_record_refuses_to_run_outside_a_transaction():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit_record(verb="x.y")


def test_forged_audit_row_is_detected(demo):
    event = AuditEvent.objects.filter(organisation=demo["joetsu"]).order_by("seq")[3]
    AuditEvent.objects.filter(pk=event.pk).update(details={"role": "admin"})
    assert "content does not match its hash" in _problems()
    with pytest.raises(CommandError, match="tampered"):
        call_command("verify_audit")


def test_forged_row_with_recomputed_hash_breaks_the_next_link(demo):
    from hasshin.audit.services import compute_hash

    event = AuditEvent.objects.filter(organisation=demo["joetsu"]).order_by("seq")[3]
    event.verb = "user.deleted"
    AuditEvent.objects.filter(pk=event.pk).update(verb=event.verb, hash=compute_hash(event))
    assert "link to the previous event is broken" in _problems()


def test_deleted_audit_rows_are_detected(demo):
    events = AuditEvent.objects.filter(organisation=demo["joetsu"]).order_by("seq")
    AuditEvent.objects.filter(pk=events[5].pk)._raw_delete(AuditEvent.objects.db)
    assert "missing event(s) before this one" in _problems()


def test_deleting_the_latest_event_is_detected(demo):
    last = AuditEvent.objects.filter(organisation=demo["joetsu"]).order_by("-seq").first()
    AuditEvent.objects.filter(pk=last.pk)._raw_delete(AuditEvent.objects.db)
    assert "latest event(s) were removed" in _problems()


def test_events_cannot_be_edited_or_deleted_through_the_model(demo):
    event = AuditEvent.objects.first()
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


def test_rolled_back_change_leaves_no_event(demo):
    org = demo["joetsu"]
    before = AuditChain.objects.get(organisation=org).last_seq
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        audit_record(verb="test.rolled_back", organisation=org)
        raise ZeroDivisionError
    assert AuditChain.objects.get(organisation=org).last_seq == before
    assert not AuditEvent.objects.filter(verb="test.rolled_back").exists()
    assert _problems() == []


def test_each_organisation_has_its_own_chain(demo):
    for org in demo.values():
        seqs = list(AuditEvent.objects.filter(organisation=org).values_list("seq", flat=True))
        assert seqs == list(range(1, len(seqs) + 1))


def test_audit_export_csv_and_jsonl(demo, client_as, capsys):
    response = client_as("auditor").get("/audit/export.csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("\ufeffseq,created_at")
    assert "role.assigned" in body
    assert "sakura" not in body.lower()  # only the auditor's own organisation
    response = client_as("auditor").get("/audit/export.jsonl")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert all(json.loads(line)["organisation_id"] == demo["joetsu"].pk for line in lines)
    call_command("export_audit", "--format", "jsonl", "--organisation", "sakura")
    out = capsys.readouterr().out.splitlines()
    assert out and all(json.loads(x)["organisation_id"] == demo["sakura"].pk for x in out)


def test_audit_log_page_is_for_auditors_not_operators(demo, client_as):
    assert client_as("auditor").get("/audit/").status_code == 200
    assert client_as("operator").get("/audit/").status_code == 403
