import datetime as dt
import re

import pytest
from django.utils import timezone

from coproduce.core.errors import DomainError
from coproduce.panels.models import Sanction
from coproduce.panels.services import (
    ERR_MORE_THAN_REMAINS,
    ERR_SANCTION_ALREADY_COMPLETE,
    ERR_SENTENCE_NOT_ACTIVE,
    SanctionInput,
    case_mark_non_compliant,
    case_reinstate,
    sanction_complete,
    sanction_progress_record,
)
from coproduce.panels.tests.conftest import sentenced_case


@pytest.fixture
def case(community, coordinator, presiding, jurors, foreperson):
    return sentenced_case(
        community,
        coordinator,
        presiding,
        jurors,
        foreperson,
        sanctions=[SanctionInput("jury_duty", 1), SanctionInput("community_service", 6), SanctionInput("essay", 1)],
    )


def sanction(case, kind):
    return Sanction.objects.get(sentence__case=case, kind=kind)


@pytest.mark.django_db
def test_completing_a_sanction_twice_is_refused(community, coordinator, case):
    essay = sanction(case, "essay")
    sanction_complete(actor=coordinator, community=community, sanction_id=essay.pk, note="Handed in")

    with pytest.raises(DomainError) as error:
        sanction_complete(actor=coordinator, community=community, sanction_id=essay.pk)

    assert str(error.value) == str(ERR_SANCTION_ALREADY_COMPLETE)
    assert error.value.code == "already_complete"
    assert essay.progress.count() == 1


@pytest.mark.django_db
def test_hours_add_up_and_never_beyond_the_target(community, coordinator, case):
    service = sanction(case, "community_service")
    sanction_progress_record(actor=coordinator, community=community, sanction_id=service.pk, amount=4)
    with pytest.raises(DomainError, match=re.escape(str(ERR_MORE_THAN_REMAINS % {"left": 2}))):
        sanction_progress_record(actor=coordinator, community=community, sanction_id=service.pk, amount=3)
    sanction_progress_record(actor=coordinator, community=community, sanction_id=service.pk, amount=2)

    service.refresh_from_db()
    assert (service.done, service.is_complete) == (6, True)


@pytest.mark.django_db
def test_when_every_sanction_is_done_the_case_completes_and_the_referrer_is_told(
    community, coordinator, case, mailoutbox, django_capture_on_commit_callbacks
):
    for kind in ("jury_duty", "community_service"):
        sanction_complete(actor=coordinator, community=community, sanction_id=sanction(case, kind).pk)
    case.refresh_from_db()
    assert case.status == "sentence_active"

    with django_capture_on_commit_callbacks(execute=True):
        sanction_complete(actor=coordinator, community=community, sanction_id=sanction(case, "essay").pk)

    case.refresh_from_db()
    assert case.status == "completed"
    assert case.closed_at is not None
    assert case.sentence.completed_at is not None
    (notice,) = [m for m in mailoutbox if "patel@school.example.org" in m.to]
    assert "Jordan M." in notice.subject
    assert "Mills" not in notice.body.replace("Jordan M.", "")


@pytest.mark.django_db
def test_no_progress_while_not_complying_until_reinstated(community, coordinator, case):
    case_mark_non_compliant(actor=coordinator, community=community, case_id=case.pk, reason="Missed two sessions")
    essay = sanction(case, "essay")
    with pytest.raises(DomainError, match=re.escape(str(ERR_SENTENCE_NOT_ACTIVE))):
        sanction_complete(actor=coordinator, community=community, sanction_id=essay.pk)

    new_due = timezone.localdate() + dt.timedelta(days=21)
    case_reinstate(actor=coordinator, community=community, case_id=case.pk, due_on=new_due, reason="Back on track")
    sanction_complete(actor=coordinator, community=community, sanction_id=essay.pk)
    case.refresh_from_db()
    assert case.sentence.due_on == new_due
