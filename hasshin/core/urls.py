from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("account/login/", views.LoginView.as_view(), name="login"),
    path("account/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/two-factor/", views.otp_verify, name="otp_verify"),
    path("account/two-factor/setup/", views.otp_setup, name="otp_setup"),
    path("policy/", views.policy, name="policy"),
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/export.csv", views.audit_export, {"fmt": "csv"}, name="audit_export_csv"),
    path("audit/export.jsonl", views.audit_export, {"fmt": "jsonl"}, name="audit_export_jsonl"),
    path("people/", views.people, name="people"),
]
