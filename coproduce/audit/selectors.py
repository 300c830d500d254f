from django.db.models import QuerySet

from coproduce.audit.models import AuditEvent


def audit_events_for_community(*, community, object_type: str | None = None) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.filter(community=community).select_related("actor")
    if object_type:
        events = events.filter(object_type=object_type)
    return events
