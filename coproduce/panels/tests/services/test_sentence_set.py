import datetime as dt
import re

import pytest
from django.utils import timezone

from coproduce.core.errors import DomainError
from coproduce.panels.models import Sanction
from coproduce.panels.services import (
    ERR_DUE_ON,
    ERR_JURY_DUTY_REQUIRED,
    ERR_SANCTION_TWICE,
    ERR_TARGET,
    SanctionInput,
    sentence_set,
)
from coproduce.panels.tests.conftest import heard_case


@pytest.fixture
def case(community, coordinator, presiding, jurors, foreperson):
    return heard_case(community, coordinator, presiding, jurors, foreperson)


@pytest.mark.django_db
def test_the_jurys_sentence_is_recorded_with_its_sanctions_and_due_date(community, coordinator, case):
    sentence = sentence_set(
        actor=coordinator,
        community=community,
        case_id=case.pk,
        sanctions=[
            SanctionInput("jury_duty", 2),
            SanctionInput("community_service", 10, "Park clean-up"),
            SanctionInput("apology", 1, "To the shop owner"),
        ],
    )

    case.refresh_from_db()
    assert case.status == "sentence_active"
    assert sentence.due_on == timezone.localdate() + dt.timedelta(days=90)
    assert sorted(Sanction.objects.filter(sentence=sentence).values_list("kind", "target")) == [
        ("apology", 1),
        ("community_service", 10),
        ("jury_duty", 2),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sanctions", "due_days", "message"),
    [
        ([SanctionInput("essay", 1)], None, ERR_JURY_DUTY_REQUIRED),
        ([SanctionInput("jury_duty", 1), SanctionInput("jury_duty", 2)], None, ERR_SANCTION_TWICE),
        ([SanctionInput("jury_duty", 13)], None, ERR_TARGET % {"kind": "Jury duty", "low": 1, "high": 12}),
        (
            [SanctionInput("jury_duty", 1), SanctionInput("essay", 2)],
            None,
            ERR_TARGET % {"kind": "Essay", "low": 1, "high": 1},
        ),
        ([SanctionInput("jury_duty", 1)], 0, ERR_DUE_ON),
        ([SanctionInput("jury_duty", 1)], 400, ERR_DUE_ON),
    ],
)
def test_sentences_that_break_the_rules_are_refused(community, coordinator, case, sanctions, due_days, message):
    due_on = timezone.localdate() + dt.timedelta(days=due_days) if due_days is not None else None
    with pytest.raises(DomainError, match=re.escape(str(message))):
        sentence_set(actor=coordinator, community=community, case_id=case.pk, sanctions=sanctions, due_on=due_on)
    case.refresh_from_db()
    assert case.status == "heard"
    assert not Sanction.objects.exists()
