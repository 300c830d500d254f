import pytest

from coproduce.assessment.models import NextStepOverride
from coproduce.assessment.selectors import next_steps_table
from coproduce.assessment.services import ERR_BAND, next_step_set, next_steps_update
from coproduce.core.errors import DomainError, NotFound


@pytest.mark.django_db
def test_a_community_rewrites_a_next_step_and_can_go_back_to_the_default(community, coordinator, other_community):
    default_text, own = next_steps_table(community=community, language="en")[("NETWORKS", "starting_out")]
    assert not own

    next_step_set(
        actor=coordinator,
        community=community,
        principle="NETWORKS",
        band="starting_out",
        text="Hold a monthly soup lunch.",
    )

    assert next_steps_table(community=community)[("NETWORKS", "starting_out")] == ("Hold a monthly soup lunch.", True)
    assert next_steps_table(community=other_community, language="en")[("NETWORKS", "starting_out")] == (
        default_text,
        False,
    )

    next_step_set(actor=coordinator, community=community, principle="NETWORKS", band="starting_out", text=" ")

    assert next_steps_table(community=community, language="en")[("NETWORKS", "starting_out")] == (default_text, False)
    assert not NextStepOverride.objects.exists()


@pytest.mark.django_db
def test_saving_the_table_is_all_or_nothing(community, coordinator, member):
    with pytest.raises(DomainError) as error:
        next_steps_update(
            actor=coordinator,
            community=community,
            texts={("ASSETS", "starting_out"): "Fine", ("ASSETS", "nowhere"): "Bad band"},
        )
    assert str(error.value) == str(ERR_BAND)
    assert not NextStepOverride.objects.exists()

    with pytest.raises(NotFound):
        next_step_set(actor=member, community=community, principle="ASSETS", band="starting_out", text="x")
