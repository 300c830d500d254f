from django.urls import path

from coproduce.panels import views

app_name = "panels"
urlpatterns: list = [
    path("", views.index, name="index"),
    path("cases/", views.cases, name="cases"),
    path("referrals/new/", views.referral_new, name="referral_new"),
    path("cases/<int:case_id>/", views.case_detail, name="case"),
    path("cases/<int:case_id>/intake/", views.case_intake, name="case_intake"),
    path("cases/<int:case_id>/schedule/", views.case_schedule, name="case_schedule"),
    path("cases/<int:case_id>/sentence/", views.case_sentence, name="case_sentence"),
    path("cases/<int:case_id>/re-referral/", views.rereferral_check, name="rereferral_check"),
    path("cases/<int:case_id>/<slug:action>/", views.case_action, name="case_action"),
    path("sanctions/<int:sanction_id>/progress/", views.sanction_progress, name="sanction_progress"),
    path("hearings/", views.hearings, name="hearings"),
    path("hearings/<int:hearing_id>/", views.hearing_detail, name="hearing"),
    path("hearings/<int:hearing_id>/record/", views.hearing_record, name="hearing_record"),
    path("hearings/<int:hearing_id>/cancel/", views.hearing_cancel, name="hearing_cancel"),
    path("hearings/<int:hearing_id>/brief/", views.hearing_brief, name="hearing_brief"),
    path("people/<int:membership_id>/", views.person, name="person"),
    path("access-log/", views.access_log, name="access_log"),
    path("settings/", views.settings_edit, name="settings"),
]
