from django.urls import path

from . import views

app_name = "posts"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.editor, name="new"),
    path("check/", views.live_check, name="live_check"),
    path("autosave/", views.autosave, name="autosave"),
    path("calendar/", views.calendar, name="calendar"),
    path("out-of-hours/", views.out_of_hours, name="out_of_hours"),
    path("delegates/", views.delegates, name="delegates"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.editor, name="edit"),
    path("<int:pk>/autosave/", views.autosave, name="autosave_post"),
    path("<int:pk>/media/", views.media_upload, name="media_upload"),
    path("<int:pk>/media/<int:media_pk>/delete/", views.media_delete, name="media_delete"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/return/", views.return_post, name="return"),
    path("<int:pk>/schedule/", views.schedule, name="schedule"),
    path("<int:pk>/unschedule/", views.unschedule, name="unschedule"),
    path("<int:pk>/review/", views.review_out_of_hours, name="review"),
]
