from django.urls import include, path

from hasshin.api.urls import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("", include("hasshin.core.urls")),
    path("registry/", include("hasshin.registry.urls")),
    path("public/", include("hasshin.public.urls")),
    path("posts/", include("hasshin.posts.urls")),
    path("publishing/", include("hasshin.platforms.urls")),
]
