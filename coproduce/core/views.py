"""Error pages: our layout in the browser, JSON under /api/ so scripts always get the documented shape."""

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request: HttpRequest, exception: Exception | None = None):
    if _is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest):
    if _is_api(request):
        return JsonResponse({"detail": _("Something went wrong on our side. Nothing was changed.")}, status=500)
    return defaults.server_error(request)
