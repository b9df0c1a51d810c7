from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("hasshin.api.urls")),
    path("", include("hasshin.core.urls")),
    path("registry/", include("hasshin.registry.urls")),
    path("public/", include("hasshin.public.urls")),
    path("posts/", include("hasshin.posts.urls")),
    path("publishing/", include("hasshin.platforms.urls")),
]
