"""Forms: parse and validate input only; the rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hasshin.registry.models import Service

from .models import ConsentMethod, Post, PostKind

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=LOCAL_FORMAT, **kwargs)


class PostForm(forms.Form):
    accounts = forms.MultipleChoiceField(
        label=_("投稿先アカウント"), required=False, widget=forms.CheckboxSelectMultiple
    )
    title = forms.CharField(label=_("件名（管理用）"), max_length=200, required=False)
    body = forms.CharField(
        label=_("本文"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "id": "id_body", "data-post-field": "body"}),
    )
    scheduled_at = forms.DateTimeField(
        label=_("送信予定日時"),
        required=False,
        input_formats=[LOCAL_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=DateTimeLocalInput(),
    )
    urgent = forms.BooleanField(
        label=_("緊急（災害・イベントなど即時性が求められる情報）"), required=False
    )
    urgent_reason = forms.CharField(
        label=_("緊急とする理由"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    is_reply = forms.BooleanField(label=_("コメントへの返信（例外）"), required=False)
    reply_to_url = forms.URLField(
        label=_("返信先コメントのURL"), required=False, assume_scheme="https"
    )
    reply_reason = forms.CharField(
        label=_("返信する理由"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    acknowledge_warnings = forms.BooleanField(label=_("注意を確認しました"), required=False)

    def __init__(self, *args, accounts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.account_objects = list(accounts)
        self.fields["accounts"].choices = [
            (str(a.pk), f"{a.display_name}（{a.get_service_display()}・{a.division}）")
            for a in self.account_objects
        ]
        self.services = sorted({a.service for a in self.account_objects}, key=_service_order)
        for service in self.services:
            self.fields[f"text_{service}"] = forms.CharField(
                label=_("%sの本文") % Service(service).label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 5, "data-service-text": service}),
            )

    @classmethod
    def initial_for(cls, post: Post) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "accounts": [str(t.account_id) for t in post.targets.all()],
            "title": post.title,
            "body": post.body,
            "scheduled_at": timezone.localtime(post.scheduled_at) if post.scheduled_at else None,
            "urgent": post.urgent,
            "urgent_reason": post.urgent_reason,
            "is_reply": post.kind == PostKind.REPLY,
            "reply_to_url": post.reply_to_url,
            "reply_reason": post.reply_reason,
        }
        for service, text in post.texts.items():
            initial[f"text_{service}"] = text
        return initial

    def service_fields(self):
        return [(s, self[f"text_{s}"]) for s in self.services]

    def selected_accounts(self) -> list:
        chosen = set(self.cleaned_data.get("accounts") or [])
        return [a for a in self.account_objects if str(a.pk) in chosen]

    def content(self) -> dict[str, Any]:
        """Keyword arguments for post_create / post_update."""
        d = self.cleaned_data
        is_reply = d.get("is_reply")
        return {
            "title": d.get("title", ""),
            "body": d.get("body", ""),
            "texts": {s: d.get(f"text_{s}", "") for s in self.services if d.get(f"text_{s}")},
            "scheduled_at": d.get("scheduled_at"),
            "urgent": bool(d.get("urgent")),
            "urgent_reason": d.get("urgent_reason", ""),
            "kind": PostKind.REPLY if is_reply else PostKind.POST,
            "reply_to_url": d.get("reply_to_url", "") if is_reply else "",
            "reply_reason": d.get("reply_reason", "") if is_reply else "",
        }


def _service_order(service: str) -> int:
    values = [s.value for s in Service]
    return values.index(service) if service in values else len(values)


class MediaForm(forms.Form):
    file = forms.ImageField(label=_("画像"))
    alt_text = forms.CharField(
        label=_("代替テキスト（画像の内容の説明）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    copyright_attested = forms.BooleanField(
        label=_("著作権を確認しました（自ら撮影した、または権利者の許諾を得ている）"),
        required=False,
    )
    people_identifiable = forms.BooleanField(
        label=_("個人が特定できる人物が写っている"), required=False
    )
    consent_by = forms.CharField(label=_("了解を得た相手（本人・所属団体・企業）"), required=False)
    consent_method = forms.ChoiceField(
        label=_("了解の方法"), choices=[("", "—"), *ConsentMethod.choices], required=False
    )
    consent_on = forms.DateField(
        label=_("了解を得た日"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("コメント"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ScheduleForm(forms.Form):
    scheduled_at = forms.DateTimeField(
        label=_("送信予定日時"),
        input_formats=[LOCAL_FORMAT, "%Y-%m-%d %H:%M"],
        widget=DateTimeLocalInput(),
    )


class DelegateForm(forms.Form):
    division = forms.ModelChoiceField(label=_("課等"), queryset=None)
    delegate = forms.ModelChoiceField(label=_("代理承認者"), queryset=None)
    reason = forms.CharField(label=_("理由"), max_length=200)
    valid_until = forms.DateField(
        label=_("有効期限"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, divisions, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = divisions
        self.fields["delegate"].queryset = people
