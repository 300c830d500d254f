from django.http import Http404
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from coproduce.core.api import API_AUTH
from coproduce.core.errors import DomainError, NotFound

_ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "field": {"anyOf": [{"type": "string"}, {"type": "null"}]},
    },
    "required": ["detail"],
}
_VALIDATION_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "field": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["detail"],
}
# Answers every operation can give, whatever its router documents: the handlers below produce them.
_COMMON_RESPONSES = {
    "401": {"description": "Not signed in and no valid token", "content": {"application/json": {"schema": _ERROR_SCHEMA}}},
    "404": {"description": "Not found, or not yours", "content": {"application/json": {"schema": _ERROR_SCHEMA}}},
    "422": {"description": "The input does not match the schema", "content": {"application/json": {"schema": _VALIDATION_SCHEMA}}},
}

# Swagger UI ships inside django-ninja and is served from our origin; it sets element styles from its scripts.
_DOCS_CSP: dict[str, list[str]] = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
}


class CoproduceAPI(NinjaAPI):
    _openapi_cache: dict

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        # The document takes seconds to build and never changes while the process runs.
        cache = self.__dict__.setdefault("_openapi_cache", {})
        key = (path_prefix, tuple(sorted((path_params or {}).items())))
        if key not in cache:
            schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
            for operations in schema.get("paths", {}).values():
                for operation in operations.values():
                    responses = operation.setdefault("responses", {})
                    for status, response in _COMMON_RESPONSES.items():
                        # django-ninja keys responses by integer status; a string key would duplicate it in JSON.
                        if status not in responses and int(status) not in responses:
                            responses[int(status)] = response
            cache[key] = schema
        return cache[key]


api = CoproduceAPI(
    title="Coproduce API",
    version="1",
    description=(
        "Communities, members, the co-production record, the time bank, assessments and insights. "
        "Authenticate with the browser session (send the CSRF token with changes) or with a personal access "
        "token: `Authorization: Bearer cpt_...`."
    ),
    auth=API_AUTH,
    urls_namespace="api",
    docs_url="/docs",
    docs_decorator=csp_override(_DOCS_CSP),
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


def _field_name(location) -> str | None:
    # ("body", "payload", "name") -> "name"; ("query", "limit") -> "limit"
    parts = [str(p) for p in location[1:]]
    if len(parts) > 1 and parts[0] in ("payload", "filters"):
        parts = parts[1:]
    return ".".join(parts) or None


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    errors = [{"field": _field_name(e.get("loc", ())), "message": e.get("msg", "")} for e in exc.errors]
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
