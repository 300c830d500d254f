from django.urls import path

from coproduce.communities import views

app_name = "communities"
urlpatterns = [
    path("", views.home, name="home"),
    path("communities/", views.community_directory, name="directory"),
    path("communities/<slug:slug>/join/", views.community_join, name="join"),
    path("accounts/tokens/", views.tokens, name="tokens"),
    path("accounts/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("c/<slug:slug>/", views.community_dashboard, name="dashboard"),
    path("c/<slug:slug>/members/", views.member_directory, name="members"),
    path("c/<slug:slug>/members/add/", views.member_add_offline, name="member_add_offline"),
    path("c/<slug:slug>/members/acting-for/", views.members_acting_for, name="members_acting_for"),
    path("c/<slug:slug>/members/<int:membership_id>/", views.member_profile, name="member_profile"),
    path("c/<slug:slug>/members/<int:membership_id>/edit/", views.member_edit, name="member_edit"),
    path("c/<slug:slug>/members/<int:membership_id>/change/", views.member_change, name="member_change"),
    path("c/<slug:slug>/members/<int:membership_id>/assets/add/", views.asset_add, name="asset_add"),
    path("c/<slug:slug>/assets/<int:asset_id>/remove/", views.asset_remove, name="asset_remove"),
    path("c/<slug:slug>/profile/", views.my_profile, name="my_profile"),
    path("c/<slug:slug>/applications/", views.applications, name="applications"),
    path("c/<slug:slug>/applications/<int:membership_id>/", views.application_decide, name="application_decide"),
    path("c/<slug:slug>/checks/", views.checks, name="checks"),
    path("c/<slug:slug>/checks/new/", views.check_new, name="check_new"),
    path("c/<slug:slug>/checks/<int:check_id>/", views.check_edit, name="check_edit"),
    path("c/<slug:slug>/organisations/", views.organisations, name="organisations"),
    path("c/<slug:slug>/settings/", views.community_settings, name="settings"),
    path("c/<slug:slug>/audit/", views.audit_log, name="audit"),
]
