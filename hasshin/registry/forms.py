"""Forms: field-level input and the shared validation rules, so errors show next to the
fields and nothing typed is lost. They never write: views call the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AGE_GROUPS, Division, OperationPlan, Role, SocialAccount, User
from .validation import account_errors, normalise_handle, plan_errors


def _add_errors(form: forms.Form, errors: dict[str, list[str]]) -> None:
    for field, messages in errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


class AccountForm(forms.ModelForm):
    # Declared so that a URL typed without a scheme is read as https:// (Django 6's default).
    url = forms.URLField(
        label=_("ページのURL"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("例：https://www.instagram.com/joetsu_kanko/ 開設前なら空欄。"),
    )

    class Meta:
        model = SocialAccount
        fields = [
            "division",
            "service",
            "display_name",
            "handle",
            "url",
            "is_city_wide",
            "operators",
            "contractor_name",
            "emergency_contact",
        ]
        widgets = {"operators": forms.CheckboxSelectMultiple}
        help_texts = {
            "handle": _("開設前なら空欄のままで構いません。@は不要です。"),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        org = user.organisation
        managed = Division.objects.filter(
            organisation=org,
            roleassignment__user=user,
            roleassignment__role=Role.MANAGER,
        )
        self.fields["division"].queryset = managed
        self.fields["division"].empty_label = None
        people = User.objects.filter(organisation=org, is_active=True).order_by("division", "id")
        self.fields["operators"].queryset = people
        self.fields["operators"].required = False
        self.fields["emergency_contact"].queryset = people
        if self.instance.pk:
            # The owning division and the service never change after the proposal.
            del self.fields["division"]
            del self.fields["service"]

    def clean_handle(self) -> str:
        return normalise_handle(self.cleaned_data.get("handle", ""))

    def clean(self):
        data = super().clean()
        service = data.get("service") or self.instance.service
        if service and not self.errors:
            _add_errors(
                self,
                account_errors(
                    organisation=self.user.organisation,
                    service=service,
                    handle=data.get("handle", ""),
                    url=data.get("url", ""),
                    exclude_pk=self.instance.pk,
                ),
            )
        return data


class PlanForm(forms.ModelForm):
    target_age_groups = forms.MultipleChoiceField(
        label=_("ターゲットの年代"),
        choices=AGE_GROUPS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = OperationPlan
        fields = list(OperationPlan.CONTENT_FIELDS)
        widgets = {
            f: forms.Textarea(attrs={"rows": 3})
            for f in (
                "purpose",
                "why_social_media",
                "left_out",
                "alternative_channel",
                "content_plan",
                "timing",
                "service_reason",
                "follow_policy",
                "sensitive_data_description",
            )
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        minimum = organisation.pack.data.cadence.minimum_posts_per_month
        self.fields["posts_per_month"].widget.attrs["min"] = minimum
        self.fields["posts_per_month"].help_text = _(
            "ガイドラインの最低基準は1か月に%(n)d回以上です。"
        ) % {"n": minimum}
        self.fields["target_all_citizens"].help_text = _(
            "市民全体に向けた情報は、原則として市公式アカウントで発信します（G4.4）。"
        )
        if not self.is_bound and not self.instance.pk:
            hours = organisation.pack.data.calendar.working_hours
            self.initial.setdefault(
                "operating_hours",
                _("就業時間内（%(start)s〜%(end)s）。災害・イベント等の即時性が必要な情報を除く")
                % {"start": hours.start.strftime("%H:%M"), "end": hours.end.strftime("%H:%M")},
            )
            self.initial.setdefault(
                "follow_policy",
                _(
                    "信頼性のある公的機関等のアカウントに限りフォロー・引用する。信頼性のない閲覧者の投稿のリンク先は閲覧せず、つながりも設定しない。"
                ),
            )

    def clean(self):
        data = super().clean()
        if "posts_per_month" in self.errors:
            return data
        content = {f: data.get(f) for f in OperationPlan.CONTENT_FIELDS}
        content["target_age_groups"] = data.get("target_age_groups") or []
        _add_errors(self, plan_errors(organisation=self.organisation, content=content))
        return data

    def content(self) -> dict:
        return {f: self.cleaned_data[f] for f in OperationPlan.CONTENT_FIELDS}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("承認")), ("return", _("差戻し")), ("reject", _("却下"))]
    )
    comment = forms.CharField(
        label=_("コメント"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    security_confirmed = forms.BooleanField(
        label=_(
            "サービスの運営主体のデータ管理が情報セキュリティポリシーの基準を満たすことを確認した"
        ),
        required=False,
    )


class OpenAccountForm(forms.Form):
    handle = forms.CharField(label=_("ハンドル・ID"), max_length=100)
    url = forms.URLField(label=_("ページのURL"), assume_scheme="https")


class PasswordChangeForm(forms.Form):
    changed_on = forms.DateField(
        label=_("パスワードを変更した日"), widget=forms.DateInput(attrs={"type": "date"})
    )


class TwoFactorForm(forms.Form):
    enabled = forms.BooleanField(label=_("二段階認証を有効にしている"), required=False)


class HoldersForm(forms.Form):
    holders = forms.ModelMultipleChoiceField(
        label=_("ログイン情報を管理する職員"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holders"].queryset = User.objects.filter(
            organisation=organisation, is_active=True
        )
