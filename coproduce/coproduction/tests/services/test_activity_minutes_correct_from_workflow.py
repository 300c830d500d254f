import pytest
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.coproduction.models import Activity, Contribution
from coproduce.coproduction.services import (
    ERR_BAD_MINUTES,
    ContributionInput,
    activity_minutes_correct_from_workflow,
    activity_record_from_workflow,
    service_for_workflow,
)
from coproduce.core.errors import DomainError, NotFound


@pytest.fixture
def exchange_activity(community, member, other_member) -> Activity:
    """Mo gave Olu 90 minutes, recorded by the time bank."""
    return activity_record_from_workflow(
        actor_user=member.user, community=community, service=service_for_workflow(community=community, name="Time bank"),
        kind="exchange", phase="deliver", title="Gardening", occurred_at=timezone.now(), source="timebank",
        contributions=[ContributionInput(member.pk, "gave", 90), ContributionInput(other_member.pk, "received", 90)],
    )


def _contributions(activity) -> list[tuple[int, str, int]]:
    return list(Contribution.objects.filter(activity=activity).order_by("pk").values_list("membership_id", "role", "minutes"))


@pytest.mark.django_db
def test_each_contribution_counts_the_corrected_minutes_and_the_audit_keeps_what_they_were(
    community, exchange_activity, member, other_member, coordinator
):
    activity_minutes_correct_from_workflow(
        actor_user=coordinator.user, community=community, activity_id=exchange_activity.pk, minutes=60,
        reason="It was an hour",
    )

    assert _contributions(exchange_activity) == [(member.pk, "gave", 60), (other_member.pk, "received", 60)]
    audit = AuditEvent.objects.get(action="activity.correct", object_id=str(exchange_activity.pk))
    assert audit.changes["contributions"] == [
        f"member {member.pk} gave 90 min; member {other_member.pk} received 90 min",
        f"member {member.pk} gave 60 min; member {other_member.pk} received 60 min",
    ]
    assert audit.changes["reason"] == [None, "It was an hour"]


@pytest.mark.django_db
def test_zero_minutes_takes_the_contributions_out_of_the_record(
    community, exchange_activity, member, other_member, coordinator
):
    activity_minutes_correct_from_workflow(
        actor_user=coordinator.user, community=community, activity_id=exchange_activity.pk, minutes=0,
        reason="It did not happen",
    )

    assert _contributions(exchange_activity) == []
    assert Activity.objects.filter(pk=exchange_activity.pk).exists()
    audit = AuditEvent.objects.get(action="activity.correct")
    assert audit.changes["contributions"] == [
        f"member {member.pk} gave 90 min; member {other_member.pk} received 90 min",
        "",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("minutes", [-1, 1441, "60", True, 1.5])
def test_bad_minutes_are_refused_and_change_nothing(community, exchange_activity, coordinator, minutes):
    before = _contributions(exchange_activity)

    with pytest.raises(DomainError) as error:
        activity_minutes_correct_from_workflow(
            actor_user=coordinator.user, community=community, activity_id=exchange_activity.pk, minutes=minutes,
            reason="x",
        )

    assert (str(error.value), error.value.field) == (str(ERR_BAD_MINUTES), "minutes")
    assert _contributions(exchange_activity) == before
    assert not AuditEvent.objects.filter(action="activity.correct").exists()


@pytest.mark.django_db
def test_another_communitys_activity_is_not_found(other_community, exchange_activity, coordinator):
    with pytest.raises(NotFound):
        activity_minutes_correct_from_workflow(
            actor_user=coordinator.user, community=other_community, activity_id=exchange_activity.pk, minutes=30,
            reason="x",
        )

    assert {minutes for _m, _r, minutes in _contributions(exchange_activity)} == {90}
