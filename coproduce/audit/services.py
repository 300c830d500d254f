from collections.abc import Iterable
from typing import Any

from django.db import models

from coproduce.audit.models import AuditEvent


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return value.pk
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of `fields`, ready to be compared with a later snapshot."""
    return {name: _jsonable(getattr(obj, name)) for name in fields}


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for every field whose value changed."""
    return {k: [old.get(k), new[k]] for k in new if old.get(k) != new[k]}


def audit_record(
    *,
    actor: Any,
    community: Any,
    action: str,
    target: models.Model,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write the audit row for a change. Call inside the service's transaction."""
    return AuditEvent.objects.create(
        community=community,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=target._meta.label_lower,
        object_id=str(target.pk),
        changes={k: _jsonable(v) if not isinstance(v, list) else [_jsonable(x) for x in v] for k, v in (changes or {}).items()},
    )
