"""A member of one community can neither read nor change another community's data.

Every URL pattern under /c/<slug>/ and every API path with {slug} is walked automatically, so modules added later
are covered without editing this file. Path parameters are filled with ids of rows that belong to the other
community where a model of that name exists; the answer must be 404: never 403 (which would confirm the thing
exists), never 200 with data, never 500.
"""

import datetime as dt
import re

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from config.api import api
from coproduce.communities.models import Membership
from coproduce.communities.services import (
    asset_create,
    check_record,
    membership_add_offline,
    membership_apply,
    organisation_create,
    token_create,
)
from coproduce.coproduction.services import ContributionInput, activity_record, service_create
from coproduce.core.testing import make_community, make_member, make_user

# Answers that say nothing about the other community: the method or the shape of the input is refused before any
# data is looked up, and the answer is the same for every community. Anything else but 404 is a failure.
WEB_NEUTRAL = {"get": {404, 405}, "post": {404}}
API_NEUTRAL = {404, 405, 422}
# API operations any signed-in person may call on another community, by design.
OPEN_API_OPERATIONS = {("post", "/api/v1/communities/{slug}/applications")}  # applying to join
PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
API_PARAM = re.compile(r"{(?P<name>\w+)}")


def _walk(resolver, prefix=""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def community_routes() -> list[str]:
    return sorted({r for r in _walk(get_resolver()) if r.startswith("c/<slug:slug>/")})


def _model_for(param: str):
    name = param.removesuffix("_id").replace("_", "")
    candidates = [m for m in apps.get_models() if m._meta.model_name == name]
    candidates.sort(key=lambda m: not any(f.name == "community" for f in m._meta.get_fields()))
    return candidates[0] if candidates else None


def value_for(param: str, converter: str, community) -> str:
    """An id of a row of `community` for this parameter, when one can be found; otherwise 1."""
    if param == "slug":
        return community.slug
    model = _model_for(param) if param.endswith("_id") or param in ("pk", "id") else None
    row = None
    if model is not None:
        rows = model._default_manager.all()
        if any(f.name == "community" for f in model._meta.get_fields()):
            rows = rows.filter(community=community)
        row = rows.order_by("pk").first()
    if converter == "uuid":
        return str(getattr(row, param, None) or "00000000-0000-0000-0000-000000000001")
    if converter in ("str", "slug", "path") and not param.endswith("_id"):
        return str(getattr(row, param, "x")) if row else "x"
    return str(row.pk if row is not None else 1)


def fill_route(route: str, community) -> str:
    return "/" + PARAM.sub(lambda m: value_for(m["name"], m["converter"] or "str", community), route)


@pytest.fixture
def two_communities(db):
    """Community B full of data, and an administrator of community A who must see none of it."""
    mine, theirs = make_community(slug="alpha", name="Alpha"), make_community(slug="beta", name="Beta")
    intruder = make_member(mine, role=Membership.Role.ADMIN, kind=Membership.Kind.PROFESSIONAL)
    make_member(mine)
    admin = make_member(theirs, role=Membership.Role.ADMIN, kind=Membership.Kind.PROFESSIONAL)
    member = make_member(theirs)
    offline = membership_add_offline(actor=admin, community=theirs, name="Offline Person")
    asset_create(actor=member, community=theirs, membership=member, kind="skill", title="Secret skill")
    check_record(actor=admin, community=theirs, membership=member, kind="background", status="passed",
                 expires_on=timezone.localdate() + dt.timedelta(days=10))
    organisation_create(actor=admin, community=theirs, name="Their clinic")
    service = service_create(actor=admin, community=theirs, name="Their service")
    activity_record(actor=admin, community=theirs, service=service, kind="meeting", phase="design", title="Secret",
                    occurred_at=timezone.now(), contributions=[ContributionInput(member.pk, "took_part", 30),
                                                               ContributionInput(offline.pk, "took_part", 30)])
    membership_apply(user=make_user(), community=theirs)
    return intruder, theirs


def test_the_walk_finds_the_community_pages():
    routes = community_routes()
    assert "c/<slug:slug>/members/<int:membership_id>/" in routes
    assert "c/<slug:slug>/services/<int:service_id>/" in routes


@pytest.mark.django_db
def test_every_community_page_answers_404_to_a_member_of_another_community(two_communities):
    intruder, theirs = two_communities
    client = Client(raise_request_exception=False)
    client.force_login(intruder.user)
    problems = []
    for route in community_routes():
        path = fill_route(route, theirs)
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            if response.status_code not in WEB_NEUTRAL[method]:
                problems.append(f"{method.upper()} {path} ({route}) -> {response.status_code}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_community_pages_do_work_for_their_own_members(two_communities):
    """The control: the same walk on one's own community is not a wall of 404s."""
    intruder, _theirs = two_communities
    client = Client()
    client.force_login(intruder.user)
    own = [r for r in community_routes() if "<" not in r.removeprefix("c/<slug:slug>/")]
    answered = {route: client.get(fill_route(route, intruder.community)).status_code for route in own}
    assert answered["c/<slug:slug>/members/"] == 200
    assert answered["c/<slug:slug>/services/"] == 200
    assert all(status < 500 for status in answered.values()), answered


def _deref(node, spec):
    if isinstance(node, dict) and "$ref" in node:
        target = spec
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return _deref(target, spec)
    return node


def example(schema, spec, depth=0):
    """A small value that satisfies `schema`, so a request gets past validation to the access check."""
    schema = _deref(schema, spec)
    if depth > 6:
        return None
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [s for s in schema[key] if _deref(s, spec).get("type") != "null"] or schema[key]
            return example(options[0], spec, depth + 1)
    if "allOf" in schema:
        return example(schema["allOf"][0], spec, depth + 1)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        required = set(schema.get("required", []))
        return {name: example(prop, spec, depth + 1) for name, prop in schema.get("properties", {}).items() if name in required}
    if kind == "array":
        return [example(schema.get("items", {}), spec, depth + 1)] if schema.get("minItems") else []
    if kind == "integer":
        return max(1, int(schema.get("minimum", 1)))
    if kind == "number":
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return False
    if kind == "string":
        fmt = schema.get("format")
        if fmt == "date-time":
            return timezone.now().isoformat()
        if fmt == "date":
            return timezone.localdate().isoformat()
        return "x" * max(1, schema.get("minLength", 1))
    return None


def api_operations():
    spec = api.get_openapi_schema()
    for path, operations in spec["paths"].items():
        if "{slug}" not in path:
            continue
        for method, operation in operations.items():
            yield path, method, operation, spec


@pytest.mark.django_db
def test_every_api_path_answers_404_to_a_member_of_another_community(two_communities):
    intruder, theirs = two_communities
    _token, raw = token_create(user=intruder.user, name="intruder")
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {raw}")
    problems = []
    checked = reached_404 = 0
    for path, method, operation, spec in api_operations():
        if (method, path) in OPEN_API_OPERATIONS:
            continue
        url = API_PARAM.sub(lambda m: value_for(m["name"], "int" if m["name"] != "slug" else "slug", theirs), path)
        query = {p["name"]: example(p.get("schema", {}), spec) for p in operation.get("parameters", [])
                 if p.get("in") == "query" and p.get("required")}
        if method == "get":
            response = client.get(url, query)
        else:
            body_schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            body = example(body_schema, spec) if body_schema else {}
            response = getattr(client, method)(url, body, content_type="application/json", QUERY_STRING="&".join(
                f"{k}={v}" for k, v in query.items()))
        checked += 1
        reached_404 += response.status_code == 404
        if response.status_code not in API_NEUTRAL:
            problems.append(f"{method.upper()} {url} -> {response.status_code} {response.content[:120]!r}")
    assert not problems, "\n".join(problems)
    # Most operations must get as far as the community check, or the walk proves little.
    assert reached_404 > 0.8 * checked > 20
