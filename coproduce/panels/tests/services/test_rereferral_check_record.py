import datetime as dt
import re

import pytest
from django.utils import timezone

from coproduce.core.errors import DomainError
from coproduce.panels.models import Case
from coproduce.panels.selectors import outcomes, rereferral_checks_due
from coproduce.panels.services import (
    ERR_CHECK_DONE,
    ERR_CHECK_NOT_COMPLETED,
    ERR_CHECK_NOT_DUE,
    rereferral_check_record,
)
from coproduce.panels.tests.conftest import former_respondent, make_case


def completed_case(community, months_ago: int) -> Case:
    person = former_respondent(community)
    case = Case.objects.get(respondent=person)
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - dt.timedelta(days=31 * months_ago))
    return Case.objects.get(pk=case.pk)


@pytest.mark.django_db
def test_checks_at_6_and_12_months_feed_the_outcomes(community, coordinator):
    old = completed_case(community, 13)
    recent = completed_case(community, 7)

    assert {(d.case, d.months) for d in rereferral_checks_due(community=community)} == {
        (old, 6),
        (old, 12),
        (recent, 6),
    }

    rereferral_check_record(actor=coordinator, community=community, case_id=old.pk, months=6, outcome="no")
    rereferral_check_record(actor=coordinator, community=community, case_id=old.pk, months=12, outcome="yes")
    rereferral_check_record(actor=coordinator, community=community, case_id=recent.pk, months=6, outcome="no")

    result = outcomes(community=community)
    assert result.checks[6] == {"yes": 0, "no": 2, "unknown": 0}
    assert result.reoffending_rate(6) == 0
    assert result.reoffending_rate(12) == 1
    assert rereferral_checks_due(community=community) == []


@pytest.mark.django_db
def test_checks_are_refused_before_they_are_due_twice_or_on_open_cases(community, coordinator):
    recent = completed_case(community, 7)
    with pytest.raises(DomainError, match="12-month check is due on"):
        rereferral_check_record(actor=coordinator, community=community, case_id=recent.pk, months=12, outcome="unknown")
    rereferral_check_record(actor=coordinator, community=community, case_id=recent.pk, months=6, outcome="unknown")
    with pytest.raises(DomainError, match=re.escape(str(ERR_CHECK_DONE))):
        rereferral_check_record(actor=coordinator, community=community, case_id=recent.pk, months=6, outcome="no")
    open_case = make_case(community, coordinator)
    with pytest.raises(DomainError, match=re.escape(str(ERR_CHECK_NOT_COMPLETED))):
        rereferral_check_record(actor=coordinator, community=community, case_id=open_case.pk, months=6, outcome="no")
    assert ERR_CHECK_NOT_DUE
