from django.urls import path

from coproduce.assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.rounds_list, name="rounds"),
    path("rounds/new/", views.round_open, name="round_open"),
    path("rounds/<int:round_id>/", views.round_status, name="round"),
    path("rounds/<int:round_id>/invite/", views.round_invite, name="invite"),
    path("rounds/<int:round_id>/links/", views.round_link_create, name="link_create"),
    path("rounds/<int:round_id>/close/", views.round_close, name="close"),
    path("rounds/<int:round_id>/answer/", views.respond, name="respond"),
    path("rounds/<int:round_id>/results/", views.results, name="results"),
    path("rounds/<int:round_id>/report.pdf", views.results_pdf, name="results_pdf"),
    path("rounds/<int:round_id>/answers.csv", views.answers_csv, name="answers_csv"),
    path("services/<int:service_id>/trend/", views.trend, name="trend"),
    path("next-steps/", views.next_steps, name="next_steps"),
    path("statements/", views.statements, name="statements"),
    path("statements/<int:statement_id>/retire/", views.statement_retire, name="statement_retire"),
    path("l/<str:token>/", views.link_start, name="link_start"),
    path("a/<str:token>/", views.link_respond, name="link_respond"),
]
