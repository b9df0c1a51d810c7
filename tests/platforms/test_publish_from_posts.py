"""From an approved post to the services: the real posts source, engine and sandbox together."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command

from hasshin.platforms import engine
from hasshin.platforms.engine_source import use_source
from hasshin.platforms.models import Delivery, DeliveryState
from hasshin.posts import services as post_services
from hasshin.posts.models import Post


@pytest.fixture
def live_publishing(settings, sandbox, demo):
    settings.HASSHIN_SANDBOX = True
    settings.HASSHIN_SANDBOX_URL = sandbox.url
    settings.HASSHIN_PUBLISH = {"timeout": 2.0}
    use_source(None)  # the real hasshin.posts source
    return sandbox


def _drain(now) -> None:
    engine.sync_deliveries()
    for pk in engine.claim_due(worker="test", now=now):
        engine.process(pk, worker="test", now=now)


def test_g5_2_approved_post_is_published_once_to_every_account(live_publishing):
    post = Post.objects.get(title="市報じょうえつ 最新号")
    assert post.state == "scheduled"
    due = post.scheduled_at + timedelta(minutes=1)
    _drain(due)
    _drain(due + timedelta(minutes=5))  # a second pass sends nothing again

    deliveries = Delivery.objects.filter(post=post)
    assert {d.service for d in deliveries} == {"x", "line"}
    assert all(d.state == DeliveryState.SENT and d.remote_id for d in deliveries)
    for target in post.targets.all():
        sent = live_publishing.posts(target.account.service)
        assert [p["text"] for p in sent] == [target.approved_text]
    post.refresh_from_db()
    assert post.state == "published"
    call_command("verify_audit")


def test_post_edited_back_to_draft_is_not_sent(live_publishing, persona):
    post = Post.objects.get(title="市報じょうえつ 最新号")
    due = post.scheduled_at + timedelta(minutes=1)
    engine.sync_deliveries()
    post_services.post_reopen(post=post, actor=persona("koho-tanto"))
    _drain(due)
    assert live_publishing.posts("x") == [] and live_publishing.posts("line") == []
    assert not Delivery.objects.filter(post=post, state=DeliveryState.SENT).exists()
