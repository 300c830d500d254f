import re

import pytest

from coproduce.coproduction.models import Activity, Contribution
from coproduce.core.errors import DomainError, NotFound
from coproduce.linkups.models import Goal
from coproduce.linkups.services import GoalInput, goals_set
from coproduce.linkups.services.goals import ERR_GOAL_TEXT, ERR_NO_GOALS, ERR_NOT_SEEKING_FAMILY, ERR_THEMES
from coproduce.linkups.tests.factories import adult_membership, make_household


@pytest.mark.django_db
def test_the_seeking_family_writes_its_own_goals_in_its_own_words(coordinator, seeking):
    rana = adult_membership(seeking)

    goals = goals_set(
        actor=rana,
        community=coordinator.community,
        household_id=seeking.pk,
        goals=[
            GoalInput("Mornings without shouting", ("routines",)),
            GoalInput("Omar goes back to school", ("school", "confidence")),
        ],
    )

    assert [(g.text, g.themes, g.status) for g in goals] == [
        ("Mornings without shouting", ["routines"], "open"),
        ("Omar goes back to school", ["school", "confidence"], "open"),
    ]
    assert all(g.created_by == rana.user and g.linkup is None for g in goals)
    assert Activity.objects.count() == 0


@pytest.mark.django_db
def test_a_goal_setting_session_is_a_design_activity_where_the_family_decided(coordinator, linkup, coach):
    goals_set(
        actor=coach,
        community=coordinator.community,
        household_id=linkup.seeking_id,
        minutes=45,
        goals=[GoalInput("Pay the rent on time", ("money",))],
    )

    activity = Activity.objects.get()
    assert (activity.phase, activity.kind, activity.source) == ("design", "linkup_session", "linkups")
    roles = sorted(Contribution.objects.filter(activity=activity).values_list("membership_id", "role", "minutes"))
    assert roles == sorted(
        [
            (adult_membership(linkup.seeking).pk, "decided", 45),
            (coach.pk, "facilitated", 45),
            (adult_membership(linkup.sharing).pk, "took_part", 45),
        ]
    )
    goal = Goal.objects.get()
    assert (goal.linkup, goal.set_in_activity) == (linkup, activity)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("goals", "message"),
    [
        ([], ERR_NO_GOALS),
        ([GoalInput("  ")], ERR_GOAL_TEXT),
        ([GoalInput("Sleep", ("sleep",))], ERR_THEMES),
    ],
)
def test_refuses_empty_goals_and_unknown_themes(coordinator, seeking, goals, message):
    with pytest.raises(DomainError, match=re.escape(str(message))):
        goals_set(actor=coordinator, community=coordinator.community, household_id=seeking.pk, goals=goals)
    assert Goal.objects.count() == 0


@pytest.mark.django_db
def test_only_seeking_families_have_goals(coordinator, sharing):
    with pytest.raises(DomainError, match=re.escape(str(ERR_NOT_SEEKING_FAMILY))):
        goals_set(actor=coordinator, community=coordinator.community, household_id=sharing.pk, goals=[GoalInput("x")])


@pytest.mark.django_db
def test_other_families_and_plain_members_cannot_write_a_familys_goals(coordinator, seeking, member, outsider):
    other_family = make_household(coordinator, name="Ng family")
    for actor in (member, adult_membership(other_family)):
        with pytest.raises(NotFound):
            goals_set(actor=actor, community=coordinator.community, household_id=seeking.pk, goals=[GoalInput("x")])
    with pytest.raises(NotFound):
        goals_set(actor=outsider, community=outsider.community, household_id=seeking.pk, goals=[GoalInput("x")])
    assert Goal.objects.count() == 0
