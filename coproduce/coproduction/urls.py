from django.urls import path

from coproduce.coproduction import views

app_name = "coproduction"
urlpatterns = [
    path("services/", views.services_list, name="services"),
    path("services/new/", views.service_new, name="service_new"),
    path("services/<int:service_id>/", views.service_detail, name="service_detail"),
    path("services/<int:service_id>/edit/", views.service_edit, name="service_edit"),
    path("services/<int:service_id>/activities/new/", views.activity_new, name="activity_new"),
    path("activities/", views.activities_list, name="activities"),
    path("activities/<int:activity_id>/", views.activity_detail, name="activity_detail"),
]
