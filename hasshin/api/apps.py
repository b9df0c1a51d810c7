from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "hasshin.api"
    verbose_name = "API"
