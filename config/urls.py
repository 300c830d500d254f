from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config.api import api

urlpatterns: list = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("", include("coproduce.communities.urls")),
    path("c/<slug:slug>/", include("coproduce.coproduction.urls")),
    path("c/<slug:slug>/ledger/", include("coproduce.ledger.urls")),
    path("c/<slug:slug>/timebank/", include("coproduce.timebank.urls")),
    path("c/<slug:slug>/assessment/", include("coproduce.assessment.urls")),
    path("c/<slug:slug>/insights/", include("coproduce.insights.urls")),
    path("c/<slug:slug>/linkups/", include("coproduce.linkups.urls")),
    path("c/<slug:slug>/shared-roles/", include("coproduce.sharedroles.urls")),
    path("c/<slug:slug>/panels/", include("coproduce.panels.urls")),
]

handler404 = "coproduce.core.views.page_not_found"
handler500 = "coproduce.core.views.server_error"

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
