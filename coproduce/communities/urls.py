from django.urls import path

from coproduce.communities import views

app_name = "communities"
urlpatterns = [
    path("", views.home, name="home"),
    path("communities/", views.community_directory, name="directory"),
    path("communities/<slug:slug>/join/", views.community_join, name="join"),
    path("c/<slug:slug>/", views.community_dashboard, name="dashboard"),
]
