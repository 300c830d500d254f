import re

import pytest

from coproduce.core.errors import DomainError, NotFound
from coproduce.panels.services import ERR_REASON_REQUIRED, case_mark_non_compliant, case_return
from coproduce.panels.tests.conftest import make_case, sentenced_case


@pytest.mark.django_db
def test_a_returned_case_tells_the_referrer_why(community, coordinator, mailoutbox, django_capture_on_commit_callbacks):
    case = make_case(community, coordinator)
    with pytest.raises(DomainError, match=re.escape(str(ERR_REASON_REQUIRED))):
        case_return(actor=coordinator, community=community, case_id=case.pk, reason="")

    with django_capture_on_commit_callbacks(execute=True):
        case_return(
            actor=coordinator,
            community=community,
            case_id=case.pk,
            reason="The family did not want the court to hear it.",
        )

    case.refresh_from_db()
    assert (case.status, case.status_reason) == ("returned", "The family did not want the court to hear it.")
    (notice,) = mailoutbox
    assert notice.to == ["patel@school.example.org"]
    assert "did not want the court" in notice.body
    event = case.events.last()
    assert (event.from_status, event.to_status, event.actor) == ("referral", "returned", coordinator.user)


@pytest.mark.django_db
def test_a_young_person_who_stops_complying_goes_back_to_the_referrer(
    community, coordinator, presiding, jurors, foreperson
):
    case = sentenced_case(community, coordinator, presiding, jurors, foreperson)
    case_mark_non_compliant(actor=coordinator, community=community, case_id=case.pk, reason="No contact for 6 weeks")
    case_return(actor=coordinator, community=community, case_id=case.pk, reason="Did not complete the sentence")

    case.refresh_from_db()
    assert [e.to_status for e in case.events.all()] == [
        "referral",
        "intake",
        "hearing_scheduled",
        "heard",
        "sentence_active",
        "non_compliant",
        "returned",
    ]


@pytest.mark.django_db
def test_a_case_of_another_court_is_not_found(community, coordinator, other_community):
    from coproduce.core.testing import make_member

    case = make_case(community, coordinator)
    elsewhere = make_member(other_community, role="coordinator")
    with pytest.raises(NotFound):
        case_return(actor=elsewhere, community=other_community, case_id=case.pk, reason="Mine now")
