from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("", views.account_list, name="account_list"),
    path("accounts/new/", views.account_new, name="account_new"),
    path("accounts/usage/", views.usage_help, name="usage_help"),
    path("accounts/<int:pk>/", views.account_detail, name="account_detail"),
    path("accounts/<int:pk>/edit/", views.account_edit, name="account_edit"),
    path("accounts/<int:pk>/renew/", views.plan_renew, name="plan_renew"),
    path("accounts/<int:pk>/security/", views.account_security, name="account_security"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/submit/", views.plan_submit, name="plan_submit"),
    path("plans/<int:pk>/decide/", views.plan_decide, name="plan_decide"),
    path("plans/<int:pk>/open/", views.plan_open, name="plan_open"),
    path("plans/<int:pk>/plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("inbox/", views.inbox, name="inbox"),
    path("security/", views.security_list, name="security_list"),
    path("export.xlsx", views.registry_xlsx, name="registry_xlsx"),
]
