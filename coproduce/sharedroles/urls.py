from django.urls import path

from coproduce.sharedroles import views

app_name = "sharedroles"
urlpatterns: list = [
    path("", views.rota, name="rota"),
    path("shifts/new/", views.shift_new, name="shift_new"),
    path("shifts/<int:shift_id>/", views.shift_detail, name="shift"),
    path("shifts/<int:shift_id>/signup/", views.shift_signup, name="shift_signup"),
    path("shifts/<int:shift_id>/withdraw/", views.shift_withdraw, name="shift_withdraw"),
    path("shifts/<int:shift_id>/cancel/", views.shift_cancel, name="shift_cancel"),
    path("shifts/<int:shift_id>/record/", views.shift_record, name="shift_record"),
    path("roles/", views.roles, name="roles"),
    path("roles/new/", views.role_edit, name="role_new"),
    path("roles/<int:template_id>/", views.role_edit, name="role_edit"),
    path("people/", views.people, name="people"),
    path("settings/", views.settings_edit, name="settings"),
    path("committees/", views.committees, name="committees"),
    path("committees/new/", views.committee_new, name="committee_new"),
    path("committees/<int:committee_id>/", views.committee_detail, name="committee"),
    path("committees/<int:committee_id>/meetings/new/", views.meeting_new, name="meeting_new"),
]
