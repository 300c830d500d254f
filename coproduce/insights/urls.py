from django.urls import path

from coproduce.insights import views

app_name = "insights"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("principles/", views.principles, name="principles"),
    path("grid/", views.grid, name="grid"),
    path("network/", views.network, name="network"),
    path("funder/", views.funder, name="funder"),
    path("funder.csv", views.funder_csv, name="funder_csv"),
    path("funder.pdf", views.funder_pdf, name="funder_pdf"),
    path("refresh/", views.refresh, name="refresh"),
]
