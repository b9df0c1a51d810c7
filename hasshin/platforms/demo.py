"""Demo data: sandbox credentials for the demo city's accounts, so the demo publishes over
HTTP to the loopback sandbox (which accepts any token not starting with "invalid")."""

from __future__ import annotations

from hasshin.registry.demo import demo_extension
from hasshin.registry.models import Organisation, SocialAccount

DEMO_CREDENTIALS = {
    "x": {"access_token": "demo-x-token"},
    "facebook": {"page_id": "1029384756", "page_access_token": "demo-fb-token"},
    "instagram": {"ig_user_id": "17841400000000001", "access_token": "demo-ig-token"},
    "line": {"channel_access_token": "demo-line-token"},
    "youtube": {"access_token": "demo-yt-token"},
}


@demo_extension
def demo_credentials(orgs: dict[str, Organisation]) -> None:
    from .services import credential_store

    for account in SocialAccount.objects.filter(service__in=DEMO_CREDENTIALS):
        # One token per account: the sandbox keeps one timeline per token.
        values = {
            k: f"{v}-{account.pk}" if k.endswith("token") else v
            for k, v in DEMO_CREDENTIALS[account.service].items()
        }
        credential_store(account=account, actor=None, values=values)
