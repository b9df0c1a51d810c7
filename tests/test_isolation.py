"""Organisation isolation across every view that exists.

Walks the URL configuration: every page is tried by a member of another organisation
(さくら町's admin) and must neither show 上越市's data nor act on it. A URL that takes an
object id must have an entry in OBJECT_URLS (how to build it for a 上越市 object), so a new
view cannot be added without being covered here.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# URL prefixes that are public by design (G6.1.5 public registry) or not pages.
PUBLIC_PREFIXES = ("public/", "i18n/", "api/v1/public/", "static/", "account/")


def _joetsu(model_path: str, demo: dict):
    from django.apps import apps

    model = apps.get_model(model_path)
    obj = model.objects.filter(organisation=demo["joetsu"]).order_by("pk").first()
    assert obj is not None, f"the demo city has no {model_path} to try"
    return obj


def _account(demo):
    return {"pk": _joetsu("registry.SocialAccount", demo).pk}


def _plan(demo):
    return {"pk": _joetsu("registry.OperationPlan", demo).pk}


def _post(demo):
    return {"pk": _joetsu("posts.Post", demo).pk}


def _media(demo):
    from django.core.files.base import ContentFile

    from hasshin.posts.models import PostMedia

    post = _joetsu("posts.Post", demo)
    media = PostMedia.objects.filter(post=post).first()
    if media is None:
        media = PostMedia(post=post, alt_text="写真", uploaded_by=post.author)
        media.file.save("x.png", ContentFile(b"\x89PNG"), save=True)
    return {"pk": post.pk, "media_pk": media.pk}


def _delivery(demo):
    from datetime import timedelta

    from django.utils import timezone

    from hasshin.platforms.models import Delivery

    existing = Delivery.objects.filter(organisation=demo["joetsu"]).first()
    if existing:
        return {"pk": existing.pk}
    account = _joetsu("registry.SocialAccount", demo)
    delivery = Delivery.objects.create(
        organisation=demo["joetsu"],
        account=account,
        service=account.service,
        text="お知らせ",
        scheduled_at=timezone.now() + timedelta(days=1),
        idempotency_key="isolation-test",
        state="failed_permanent",
    )
    return {"pk": delivery.pk}


# name -> function(demo orgs) returning kwargs that point at a 上越市 object.
OBJECT_URLS: dict[str, Callable[[dict], dict]] = {
    **{
        f"registry:{n}": _account
        for n in ("account_detail", "account_edit", "plan_renew", "account_security")
    },
    **{
        f"registry:{n}": _plan
        for n in ("plan_detail", "plan_edit", "plan_submit", "plan_decide", "plan_open", "plan_pdf")
    },
    **{
        f"posts:{n}": _post
        for n in (
            "detail",
            "edit",
            "autosave_post",
            "media_upload",
            "submit",
            "reopen",
            "approve",
            "return",
            "schedule",
            "unschedule",
            "review",
        )
    },
    "posts:media_delete": _media,
    **{f"platforms:{n}": _delivery for n in ("delivery", "retry", "record_url")},
    **{f"platforms:{n}": _account for n in ("credentials", "check")},
}

JOETSU_MARKERS = ["観光振興課", "子育て支援課", "広報対話課", "山田 一郎", "kanko-tanto"]


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), (namespace + p.name) if p.name else None, p


ALL = list(_walk(get_resolver().url_patterns))
PRIVATE = [(route, name) for route, name, _ in ALL if not route.startswith(PUBLIC_PREFIXES)]


def test_every_private_view_with_an_object_id_is_covered():
    missing = [name or route for route, name in PRIVATE if "<" in route and name not in OBJECT_URLS]
    assert missing == [], "add these to OBJECT_URLS in tests/test_isolation.py"


@pytest.mark.parametrize(("route", "name"), [(r, n) for r, n in PRIVATE if "<" not in r])
def test_other_organisation_never_sees_joetsu_data(route, name, client_as):
    client = client_as("outsider")
    response = client.get("/" + route)
    assert response.status_code in (200, 302, 403, 404, 405)
    if response.status_code == 200 and not response.get("Content-Type", "").startswith(
        ("application/pdf", "application/vnd")
    ):
        body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode("utf-8", "replace")
        leaked = [m for m in JOETSU_MARKERS if m in body]
        assert leaked == [], f"{route} shows 上越市 data to さくら町"


@pytest.mark.parametrize(("route", "name"), [(r, n) for r, n in PRIVATE if "<" in r])
def test_other_organisation_cannot_open_or_act_on_joetsu_objects(route, name, demo, client_as):
    from django.urls import reverse

    url = reverse(name, kwargs=OBJECT_URLS[name](demo))
    client = client_as("outsider")
    assert client.get(url).status_code in (403, 404, 405)
    assert client.post(url, {}).status_code in (403, 404, 405)


@pytest.mark.parametrize(("route", "name"), [(r, n) for r, n in PRIVATE if "<" not in r])
def test_anonymous_visitors_are_sent_to_login(route, name, db):
    from django.test import Client

    response = Client().get("/" + route)
    assert response.status_code in (302, 401, 403, 404, 405)
    if response.status_code == 302:
        assert "/account/login/" in response["Location"]
