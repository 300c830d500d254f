"""The whole API, fuzzed from its own OpenAPI document: no answer is a server error, and every answer matches
the documented status codes, content types and schemas. Runs in-process through the WSGI application."""

import copy
import json

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.api import api
from coproduce.communities.models import Membership
from coproduce.communities.services import asset_create, membership_apply, token_create
from coproduce.coproduction.services import ContributionInput, activity_record, service_create
from coproduce.core.testing import make_community, make_member, make_user

SLUG = "fuzz-town"
OPENAPI = api.get_openapi_schema()
schema = schemathesis.openapi.from_dict(copy.deepcopy(OPENAPI))
schema.app = get_wsgi_application()
# Random generation only: the exhaustive coverage phase would take far longer than the suite can spend here.
schema.config.phases.coverage.enabled = False
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _colliding_schema_names() -> set[str]:
    """Schema class names used by more than one module: the OpenAPI document can describe only one of them."""
    from ninja import Schema

    seen: dict[str, set[str]] = {}
    pending = list(Schema.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("coproduce."):
            seen.setdefault(cls.__name__, set()).add(cls.__module__)
    return {name for name, modules in seen.items() if len(modules) > 1}


COLLIDING = _colliding_schema_names()
def _documents_ambiguously(case) -> bool:
    operation = OPENAPI["paths"][case.operation.path][case.method.lower()]
    text = json.dumps(operation.get("responses", {}))
    return any(f"/components/schemas/{name}\"" in text for name in COLLIDING)


def test_schema_names_are_unique_across_modules():
    """Two schemas with one name overwrite each other in the OpenAPI document (django-ninja keys them by name)."""
    assert not COLLIDING, f"rename one of each: {sorted(COLLIDING)}"


@pytest.fixture
def keep_connection():
    """Requests go straight to the WSGI application, so keep Django from closing the test's database connection
    at the end of each one (its test client does the same)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(db, keep_connection) -> str:
    """An administrator's token in a community with some life in it, so requests get past the door."""
    community = make_community(slug=SLUG, name="Fuzz Town")
    admin = make_member(community, role=Membership.Role.ADMIN, kind=Membership.Kind.PROFESSIONAL)
    member = make_member(community)
    asset_create(actor=member, community=community, membership=member, kind="skill", title="Cooking")
    service = service_create(actor=admin, community=community, name="Lunch club")
    from django.utils import timezone

    activity_record(actor=admin, community=community, service=service, kind="meeting", phase="design", title="Plan",
                    occurred_at=timezone.now(), contributions=[ContributionInput(member.pk, "took_part", 30)])
    membership_apply(user=make_user(), community=community)
    _token, raw = token_create(user=admin.user, name="fuzz")
    return raw


@schema.parametrize()
@settings(max_examples=3, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_api_never_fails_and_keeps_to_its_schema(case, token):
    if "slug" in (case.path_parameters or {}):
        case.path_parameters["slug"] = SLUG
    checks = [c for c in CHECKS if c is not response_schema_conformance] if _documents_ambiguously(case) else CHECKS
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=checks)
