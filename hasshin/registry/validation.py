"""Input rules for accounts and plans, shared by the forms (to show errors next to the fields)
and the services (which re-check, so the API and commands cannot bypass them)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from hasshin.core.permissions import DomainError

from .models import AGE_GROUPS, Organisation, Service, SocialAccount

# The hosts each service's pages live on. Blogs and "other" may be anywhere (https only).
SERVICE_HOSTS: dict[str, tuple[str, ...]] = {
    Service.X: ("x.com", "twitter.com"),
    Service.FACEBOOK: ("facebook.com", "fb.com", "fb.me"),
    Service.INSTAGRAM: ("instagram.com",),
    Service.LINE: ("line.me", "lin.ee"),
    Service.YOUTUBE: ("youtube.com", "youtu.be"),
    Service.TIKTOK: ("tiktok.com",),
}
_HANDLE = re.compile(r"^[A-Za-z0-9_.\-]{1,100}$")


class InvalidInput(DomainError):
    """Bad input, with the messages per field (``"__all__"`` for the whole form)."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__(" ".join(m for msgs in errors.values() for m in msgs))


def normalise_handle(handle: str) -> str:
    return handle.strip().lstrip("@＠").strip()


def account_errors(
    *,
    organisation: Organisation,
    service: str,
    handle: str,
    url: str,
    exclude_pk: int | None = None,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    handle = normalise_handle(handle)
    service_label = Service(service).label if service in Service.values else service
    if handle and not _HANDLE.match(handle):
        errors["handle"] = [_("ハンドル・IDは半角英数字と _ . - で入力してください（@は不要）。")]
    if url:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        allowed = SERVICE_HOSTS.get(service)
        if parts.scheme != "https":
            errors["url"] = [_("ページのURLは https:// で始まるものを入力してください。")]
        elif allowed and not any(host == h or host.endswith("." + h) for h in allowed):
            errors["url"] = [
                _(
                    "このURL（%(host)s）は%(service)sのページではありません。%(hosts)sのURLを入力してください。"
                )
                % {"host": host, "service": service_label, "hosts": "、".join(allowed)}
            ]
    others = SocialAccount.objects.for_org(organisation).filter(service=service)
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    if handle and others.filter(handle__iexact=handle).exists():
        errors.setdefault("handle", []).append(
            _("%(service)sのハンドル「%(handle)s」はすでに台帳に登録されています。")
            % {"service": service_label, "handle": handle}
        )
    if url and others.filter(url__iexact=url).exists():
        errors.setdefault("url", []).append(
            _("このURLはすでに別のアカウントとして登録されています。")
        )
    return errors


def plan_errors(*, organisation: Organisation, content: dict) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    pack = organisation.pack.data
    minimum = pack.cadence.minimum_posts_per_month
    per_month = content.get("posts_per_month")
    # G4.5: at least one post per account per month (the pack may ask for more).
    if per_month is None or per_month < minimum:
        errors["posts_per_month"] = [
            _("発信頻度は1か月に%(n)d回以上としてください（ガイドラインの最低基準）。")
            % {"n": minimum}
        ]
    ages = content.get("target_age_groups") or []
    known = {a for a, _label in AGE_GROUPS}
    if any(a not in known for a in ages):
        errors["target_age_groups"] = [_("年代の選択が正しくありません。")]
    if not ages and not content.get("target_all_citizens"):
        errors["target_age_groups"] = [_("ターゲットの年代を1つ以上選んでください（G4.3）。")]
    if (
        content.get("handles_sensitive_data")
        and not (content.get("sensitive_data_description") or "").strip()
    ):
        errors["sensitive_data_description"] = [
            _("取り扱う要機密情報・個人情報とその管理方法を記入してください。")
        ]
    return errors
