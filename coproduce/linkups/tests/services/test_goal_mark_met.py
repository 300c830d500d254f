import re

import pytest
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.core.errors import DomainError, NotFound
from coproduce.linkups.services import GoalInput, goal_mark_met, goal_reopen, goal_set_aside, goal_update, goals_set
from coproduce.linkups.services.goals import ERR_GOAL_CLOSED, ERR_GOAL_NOT_CLOSED
from coproduce.linkups.tests.factories import adult_membership


@pytest.fixture
def goal(coordinator, seeking):
    return goals_set(
        actor=coordinator,
        community=coordinator.community,
        household_id=seeking.pk,
        goals=[GoalInput("Mornings without shouting", ("routines",))],
    )[0]


@pytest.mark.django_db
def test_the_family_marks_its_goal_met_once(coordinator, seeking, goal):
    rana = adult_membership(seeking)
    goal_mark_met(actor=rana, community=coordinator.community, goal_id=goal.pk)

    goal.refresh_from_db()
    assert (goal.status, goal.closed_on) == ("met", timezone.localdate())
    with pytest.raises(DomainError, match=re.escape(str(ERR_GOAL_CLOSED))):
        goal_set_aside(actor=rana, community=coordinator.community, goal_id=goal.pk)
    assert AuditEvent.objects.filter(action="linkups.goal.met", object_id=str(goal.pk)).count() == 1


@pytest.mark.django_db
def test_a_goal_set_aside_can_be_opened_again(coordinator, goal):
    community = coordinator.community
    goal_set_aside(actor=coordinator, community=community, goal_id=goal.pk)
    goal_reopen(actor=coordinator, community=community, goal_id=goal.pk)

    goal.refresh_from_db()
    assert (goal.status, goal.closed_on) == ("open", None)
    with pytest.raises(DomainError, match=re.escape(str(ERR_GOAL_NOT_CLOSED))):
        goal_reopen(actor=coordinator, community=community, goal_id=goal.pk)


@pytest.mark.django_db
def test_rewording_keeps_the_familys_words_and_audits_the_change(coordinator, goal):
    goal_update(
        actor=coordinator,
        community=coordinator.community,
        goal_id=goal.pk,
        text="Calm mornings",
        themes=["routines", "relationships"],
    )

    goal.refresh_from_db()
    assert (goal.text, goal.themes) == ("Calm mornings", ["routines", "relationships"])
    assert AuditEvent.objects.get(action="linkups.goal.update").changes["text"] == [
        "Mornings without shouting",
        "Calm mornings",
    ]


@pytest.mark.django_db
def test_the_sharing_family_cannot_mark_the_seeking_familys_goal(coordinator, linkup, goal):
    with pytest.raises(NotFound):
        goal_mark_met(actor=adult_membership(linkup.sharing), community=coordinator.community, goal_id=goal.pk)
    goal.refresh_from_db()
    assert goal.status == "open"
