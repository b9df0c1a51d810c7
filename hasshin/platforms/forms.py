from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

LABELS = {
    "access_token": _("アクセストークン"),
    "page_access_token": _("ページアクセストークン"),
    "channel_access_token": _("チャネルアクセストークン"),
    "page_id": _("FacebookページID"),
    "ig_user_id": _("InstagramビジネスアカウントID"),
    "user_id": _("ユーザーID（任意）"),
}


class CredentialForm(forms.Form):
    """Write-only: inputs never render stored values; blank keeps what is stored."""

    def __init__(self, *args, field_names: tuple[str, ...], stored: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        for name in field_names:
            self.fields[name] = forms.CharField(
                label=LABELS.get(name, name),
                required=False,
                strip=True,
                max_length=4000,
                widget=forms.PasswordInput(
                    render_value=False, attrs={"autocomplete": "off", "spellcheck": "false"}
                ),
                help_text=_("登録済み（変更する場合のみ入力）") if name in stored else _("未登録"),
            )


class RecordUrlForm(forms.Form):
    url = forms.URLField(label=_("投稿のURL"), max_length=500, assume_scheme="https")
    remote_id = forms.CharField(label=_("サービス上のID（任意）"), required=False, max_length=200)
