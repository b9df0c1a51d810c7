from django.urls import path

from . import views

app_name = "platforms"
urlpatterns = [
    path("", views.index, name="index"),
    path("deliveries/<int:pk>/", views.delivery, name="delivery"),
    path("deliveries/<int:pk>/retry/", views.retry, name="retry"),
    path("deliveries/<int:pk>/record-url/", views.record_url, name="record_url"),
    path("accounts/", views.accounts, name="accounts"),
    path("accounts/<int:pk>/credentials/", views.credentials, name="credentials"),
    path("accounts/<int:pk>/check/", views.check_connection, name="check"),
]
