from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from coproduce.core.api import API_AUTH
from coproduce.core.errors import DomainError, NotFound

api = NinjaAPI(
    title="Coproduce API",
    version="1",
    description="Communities, members, the co-production record, the time bank, assessments and insights.",
    auth=API_AUTH,
    urls_namespace="api",
    docs_url="/docs",
)


@api.exception_handler(NotFound)
def not_found(request, exc: NotFound):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(Http404)
def http_404(request, exc: Http404):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(request, {"detail": str(exc.message), "field": exc.field, "code": exc.code}, status=400)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    errors = [
        {"field": ".".join(str(p) for p in e.get("loc", [])[1:]) or None, "message": e.get("msg", "")}
        for e in exc.errors
    ]
    first = errors[0]["field"] if errors else None
    return api.create_response(request, {"detail": _("Some of the input is not valid."), "field": first, "errors": errors}, status=422)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(request, {"detail": _("Sign in or send a personal access token.")}, status=401)


def _add_routers() -> None:
    from coproduce.communities.api import router as communities_router
    from coproduce.coproduction.api import router as coproduction_router

    api.add_router("/", communities_router)
    api.add_router("/", coproduction_router)
    # Workflow and insight modules register their routers in coproduce/<app>/api.py as `router`.
    import importlib

    for app in ("ledger", "timebank", "assessment", "insights", "linkups", "sharedroles", "panels", "matching"):
        try:
            module = importlib.import_module(f"coproduce.{app}.api")
        except ModuleNotFoundError as error:
            if error.name != f"coproduce.{app}.api":
                raise
            continue
        api.add_router("/", module.router)


_add_routers()
