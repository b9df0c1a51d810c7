"""Shared fixtures: the demo city with its role personas, and a headless browser."""

from __future__ import annotations

import os
import shutil

import pytest
from django.test import Client

from hasshin.registry.demo import DEMO_PASSWORD, load_demo
from hasshin.registry.models import Organisation, User

# Personas of the demo city (see hasshin/registry/demo.py and the README).
PERSONAS = {
    "operator": "kanko-tanto",
    "contractor": "kanko-itaku",
    "manager": "kanko-kacho",
    "other_manager": "kosodate-kacho",
    "director": "sangyo-bucho",
    "info_policy": "johoseisaku",
    "pr": "koho-kacho",
    "ga_director": "somu-bucho",
    "auditor": "kansa",
    "admin": "admin",
    "outsider": "sakura-admin",  # admin of another organisation
}


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site language (a request may have switched the thread)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def demo(db) -> dict[str, Organisation]:
    orgs = load_demo()
    return {o.slug: o for o in orgs}


@pytest.fixture
def persona(demo):
    def get(name: str) -> User:
        return User.objects.get(username=PERSONAS.get(name, name))

    return get


@pytest.fixture
def client_as(demo):
    def make(name: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=PERSONAS.get(name, name)))
        return client

    return make


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def browser_page(live_server, monkeypatch):
    """A Playwright page in Debian's headless Chromium, pointed at the live server."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run installs Debian's chromium")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # around it are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
        page = context.new_page()
        page.set_default_timeout(15000)
        page.base_url = live_server.url  # type: ignore[attr-defined]
        yield page
        context.close()
        browser.close()


def login(page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the real login form."""
    page.goto(page.base_url + "/account/login/")
    page.fill("input[name=username]", PERSONAS.get(username, username))
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/account/login/" not in url)
