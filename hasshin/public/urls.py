from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:org>/accounts/", views.account_list, name="account_list"),
    path("<slug:org>/accounts/<int:pk>/plan/", views.plan, name="plan"),
    path("<slug:org>/accounts/<int:pk>/plan.pdf", views.plan_pdf, name="plan_pdf"),
]
