import pytest

from coproduce.assessment.models import CommunityStatement
from coproduce.assessment.services import (
    ERR_STATEMENT_TEXT,
    community_statement_create,
    community_statement_retire,
)
from coproduce.assessment.tests.factories import open_round
from coproduce.core.errors import DomainError, NotFound


@pytest.mark.django_db
def test_own_statements_are_asked_in_new_rounds_only_until_retired(community, coordinator):
    statement = community_statement_create(
        actor=coordinator,
        community=community,
        principle="CATALYSTS",
        professional_text="I hand over the chair.",
        user_text="I chair meetings.",
    )
    first = open_round(coordinator)

    community_statement_retire(actor=coordinator, community=community, statement_id=statement.pk)
    second = open_round(coordinator, service=first.service, title="Autumn")

    assert list(first.community_statements.all()) == [statement]
    assert list(second.community_statements.all()) == []


@pytest.mark.django_db
def test_both_wordings_are_needed(community, coordinator, member, outsider, other_community):
    with pytest.raises(DomainError) as error:
        community_statement_create(
            actor=coordinator, community=community, principle="ASSETS", professional_text="Something", user_text=" "
        )
    assert str(error.value) == str(ERR_STATEMENT_TEXT)
    assert error.value.field == "user_text"
    with pytest.raises(NotFound):
        community_statement_create(
            actor=member, community=community, principle="ASSETS", professional_text="a", user_text="b"
        )
    assert not CommunityStatement.objects.exists()
