from django.urls import path

from coproduce.linkups import views

app_name = "linkups"
urlpatterns = [
    path("", views.home, name="home"),
    path("households/new/", views.household_create, name="household_create"),
    path("households/<int:household_id>/", views.household_detail, name="household"),
    path("households/<int:household_id>/edit/", views.household_edit, name="household_edit"),
    path("households/<int:household_id>/people/new/", views.household_person_add, name="person_add"),
    path(
        "households/<int:household_id>/people/<int:person_id>/remove/",
        views.household_person_remove,
        name="person_remove",
    ),
    path("households/<int:household_id>/experiences/new/", views.household_experience_add, name="experience_add"),
    path(
        "households/<int:household_id>/experiences/<int:experience_id>/remove/",
        views.household_experience_remove,
        name="experience_remove",
    ),
    path("households/<int:household_id>/role/", views.household_role, name="household_role"),
    path("households/<int:household_id>/progress/", views.household_progress, name="progress"),
    path("households/<int:household_id>/goals/new/", views.household_goals_new, name="goal_add"),
    path("households/<int:household_id>/suggestions/", views.household_suggestions, name="suggestions"),
    path("goals/<int:goal_id>/<slug:action>/", views.goal_action, name="goal_action"),
    path("training/", views.training, name="training"),
    path("link-ups/", views.linkups, name="linkups"),
    path("link-ups/new/", views.linkup_create, name="linkup_create"),
    path("link-ups/<int:linkup_id>/", views.linkup_detail, name="linkup"),
    path("link-ups/<int:linkup_id>/check-ins/new/", views.checkin_new, name="checkin_add"),
    path("link-ups/<int:linkup_id>/extend/", views.linkup_extend, name="linkup_extend"),
    path("link-ups/<int:linkup_id>/complete/", views.linkup_complete, name="linkup_complete"),
    path("link-ups/<int:linkup_id>/end/", views.linkup_end, name="linkup_end"),
    path("programme/", views.programme, name="programme"),
    path("programme/settings/", views.programme_settings, name="programme_settings"),
]
