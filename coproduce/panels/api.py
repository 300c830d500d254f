"""The youth court over JSON, with the same permissions as the pages: case details for coordinators only, every
read of a case logged, and jurors limited to the brief of the hearings they serve at."""

from ninja import Router, Status

from coproduce.communities.access import ADMIN, COORDINATOR
from coproduce.communities.schemas import ErrorOut
from coproduce.communities.selectors import membership_get
from coproduce.core.api import api_membership
from coproduce.core.errors import NotFound
from coproduce.panels import schemas, selectors, services
from coproduce.panels.models import CaseAccess

router = Router(tags=["youth court"])
ERRORS = {400: ErrorOut, 404: ErrorOut}
BASE = "/communities/{slug}/panels"
API = CaseAccess.Channel.API


def _sentence_out(community, sentence):
    return {
        "id": sentence.pk,
        "case_id": sentence.case_id,
        "due_on": sentence.due_on,
        "completed_at": sentence.completed_at,
        "sanctions": list(selectors.sanctions_of(community=community, sentence=sentence)),
    }


@router.get(f"{BASE}/settings", response={200: schemas.PanelSettingsOut, **ERRORS})
def settings_get(request, slug: str):
    community, _membership = api_membership(request, slug, COORDINATOR)
    return selectors.settings_get(community=community)


@router.patch(f"{BASE}/settings", response={200: schemas.PanelSettingsOut, **ERRORS})
def settings_update(request, slug: str, payload: schemas.PanelSettingsIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    fields = {k: v for k, v in payload.dict().items() if v is not None}
    return services.settings_update(actor=membership, community=community, **fields)


@router.post(f"{BASE}/referrals", response={201: schemas.CaseOut, **ERRORS})
def referral_create(request, slug: str, payload: schemas.ReferralIn):
    """Record a referral; an ineligible one is refused (400) with the reason and nothing is kept."""
    community, membership = api_membership(request, slug, COORDINATOR)
    return Status(201, services.referral_create(actor=membership, community=community, **payload.dict()))


@router.get(f"{BASE}/cases", response={200: list[schemas.CaseSummaryOut], **ERRORS})
def cases_list(request, slug: str, status: str = ""):
    community, membership = api_membership(request, slug, COORDINATOR)
    return list(services.cases_open(actor=membership, community=community, channel=API, status=status)[:500])


@router.get(f"{BASE}/cases/{{case_id}}", response={200: schemas.CaseOut, **ERRORS})
def case_detail(request, slug: str, case_id: int):
    community, membership = api_membership(request, slug, COORDINATOR)
    return services.case_open(actor=membership, community=community, case_id=case_id, channel=API)


@router.get(f"{BASE}/cases/{{case_id}}/events", response={200: list[schemas.CaseEventOut], **ERRORS})
def case_events(request, slug: str, case_id: int):
    community, membership = api_membership(request, slug, COORDINATOR)
    case = services.case_open(actor=membership, community=community, case_id=case_id, channel=API, what="case events")
    return list(selectors.case_events(community=community, case=case))


@router.post(f"{BASE}/cases/{{case_id}}/intake", response={200: schemas.CaseOut, **ERRORS})
def case_intake(request, slug: str, case_id: int, payload: schemas.IntakeIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return services.case_intake(actor=membership, community=community, case_id=case_id, **payload.dict())


@router.post(f"{BASE}/cases/{{case_id}}/return", response={200: schemas.CaseOut, **ERRORS})
def case_return(request, slug: str, case_id: int, payload: schemas.PanelReasonIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return services.case_return(actor=membership, community=community, case_id=case_id, reason=payload.reason)


@router.post(f"{BASE}/cases/{{case_id}}/schedule", response={200: schemas.CaseOut, **ERRORS})
def case_schedule(request, slug: str, case_id: int, payload: schemas.ScheduleIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return services.case_schedule(actor=membership, community=community, case_id=case_id, hearing_id=payload.hearing_id)


@router.post(f"{BASE}/cases/{{case_id}}/postpone", response={200: schemas.CaseOut, **ERRORS})
def case_postpone(request, slug: str, case_id: int, payload: schemas.PanelReasonIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return services.case_postpone(actor=membership, community=community, case_id=case_id, reason=payload.reason)


@router.post(f"{BASE}/cases/{{case_id}}/non-compliant", response={200: schemas.CaseOut, **ERRORS})
def case_non_compliant(request, slug: str, case_id: int, payload: schemas.PanelReasonIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return services.case_mark_non_compliant(
        actor=membership, community=community, case_id=case_id, reason=payload.reason
    )


@router.post(f"{BASE}/cases/{{case_id}}/reinstate", response={200: schemas.CaseOut, **ERRORS})
def case_reinstate(request, slug: str, case_id: int, payload: schemas.ReinstateIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return services.case_reinstate(
        actor=membership, community=community, case_id=case_id, due_on=payload.due_on, reason=payload.reason
    )


@router.post(f"{BASE}/cases/{{case_id}}/sentence", response={201: schemas.SentenceOut, **ERRORS})
def sentence_set(request, slug: str, case_id: int, payload: schemas.SentenceIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    sentence = services.sentence_set(
        actor=membership,
        community=community,
        case_id=case_id,
        due_on=payload.due_on,
        sanctions=[services.SanctionInput(s.kind, s.target, s.detail) for s in payload.sanctions],
    )
    return Status(201, _sentence_out(community, sentence))


@router.get(f"{BASE}/cases/{{case_id}}/sentence", response={200: schemas.SentenceOut, **ERRORS})
def sentence_get(request, slug: str, case_id: int):
    community, membership = api_membership(request, slug, COORDINATOR)
    case = services.case_open(actor=membership, community=community, case_id=case_id, channel=API, what="sentence")
    sentence = selectors.sentence_of(community=community, case=case)
    if sentence is None:
        raise NotFound()
    return _sentence_out(community, sentence)


@router.post(f"{BASE}/sanctions/{{sanction_id}}/progress", response={201: schemas.ProgressOut, **ERRORS})
def sanction_progress(request, slug: str, sanction_id: int, payload: schemas.ProgressIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return Status(
        201,
        services.sanction_progress_record(
            actor=membership, community=community, sanction_id=sanction_id, **payload.dict()
        ),
    )


@router.post(f"{BASE}/sanctions/{{sanction_id}}/complete", response={201: schemas.ProgressOut, **ERRORS})
def sanction_complete(request, slug: str, sanction_id: int, payload: schemas.NoteIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return Status(
        201,
        services.sanction_complete(actor=membership, community=community, sanction_id=sanction_id, note=payload.note),
    )


@router.post(f"{BASE}/cases/{{case_id}}/rereferral-checks", response={201: schemas.ReReferralOut, **ERRORS})
def rereferral_check(request, slug: str, case_id: int, payload: schemas.ReReferralIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return Status(
        201, services.rereferral_check_record(actor=membership, community=community, case_id=case_id, **payload.dict())
    )


@router.get(f"{BASE}/hearings", response={200: list[schemas.HearingOut], **ERRORS})
def hearings_list(request, slug: str):
    community, _membership = api_membership(request, slug, COORDINATOR)
    return list(selectors.hearings_list(community=community)[:200])


@router.post(f"{BASE}/hearings", response={201: schemas.HearingOut, **ERRORS})
def hearing_create(request, slug: str, payload: schemas.HearingIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return Status(201, services.hearing_create(actor=membership, community=community, **payload.dict()))


@router.get(f"{BASE}/hearings/{{hearing_id}}", response={200: schemas.HearingOut, **ERRORS})
def hearing_detail(request, slug: str, hearing_id: int):
    community, _membership = api_membership(request, slug, COORDINATOR)
    return selectors.hearing_get(community=community, hearing_id=hearing_id)


@router.get(f"{BASE}/hearings/{{hearing_id}}/jurors", response={200: list[schemas.JurorOut], **ERRORS})
def hearing_jurors(request, slug: str, hearing_id: int):
    community, _membership = api_membership(request, slug, COORDINATOR)
    hearing = selectors.hearing_get(community=community, hearing_id=hearing_id)
    return list(selectors.hearing_jurors(community=community, hearing=hearing))


@router.post(f"{BASE}/hearings/{{hearing_id}}/jurors", response={201: schemas.JurorOut, **ERRORS})
def hearing_juror_add(request, slug: str, hearing_id: int, payload: schemas.PanelMemberIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return Status(
        201,
        services.hearing_juror_add(
            actor=membership, community=community, hearing_id=hearing_id, membership_id=payload.membership_id
        ),
    )


@router.delete(f"{BASE}/hearings/{{hearing_id}}/jurors/{{membership_id}}", response={204: None, **ERRORS})
def hearing_juror_remove(request, slug: str, hearing_id: int, membership_id: int):
    community, membership = api_membership(request, slug, COORDINATOR)
    services.hearing_juror_remove(
        actor=membership, community=community, hearing_id=hearing_id, membership_id=membership_id
    )
    return Status(204, None)


@router.put(f"{BASE}/hearings/{{hearing_id}}/foreperson", response={200: schemas.HearingOut, **ERRORS})
def hearing_foreperson(request, slug: str, hearing_id: int, payload: schemas.PanelMemberIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return services.hearing_foreperson_set(
        actor=membership, community=community, hearing_id=hearing_id, membership_id=payload.membership_id
    )


@router.post(f"{BASE}/hearings/{{hearing_id}}/record", response={200: schemas.HearingOut, **ERRORS})
def hearing_record(request, slug: str, hearing_id: int, payload: schemas.HearingRecordIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return services.hearing_record(actor=membership, community=community, hearing_id=hearing_id, **payload.dict())


@router.post(f"{BASE}/hearings/{{hearing_id}}/cancel", response={200: schemas.HearingOut, **ERRORS})
def hearing_cancel(request, slug: str, hearing_id: int, payload: schemas.PanelReasonIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return services.hearing_cancel(actor=membership, community=community, hearing_id=hearing_id, reason=payload.reason)


@router.post(f"{BASE}/hearings/{{hearing_id}}/credits", response={200: schemas.PanelCreditsOut, **ERRORS})
def hearing_credits(request, slug: str, hearing_id: int):
    """Pay jury service again after a failure; each juror is still paid once per hearing."""
    community, membership = api_membership(request, slug, COORDINATOR)
    return {"credits": services.hearing_credits_post(actor=membership, community=community, hearing_id=hearing_id)}


@router.get(f"{BASE}/hearings/{{hearing_id}}/brief", response={200: schemas.HearingBriefOut, **ERRORS})
def hearing_brief(request, slug: str, hearing_id: int):
    """For the people serving at the hearing (and coordinators): first names, offences, what to decide."""
    community, membership = api_membership(request, slug)
    return services.hearing_brief_open(actor=membership, community=community, hearing_id=hearing_id, channel=API)


@router.get(f"{BASE}/me/hearings", response={200: list[schemas.HearingOut], **ERRORS})
def my_hearings(request, slug: str):
    community, membership = api_membership(request, slug)
    return list(selectors.hearings_for_member(community=community, membership=membership))


@router.get(f"{BASE}/people/{{membership_id}}/history", response={200: schemas.HistoryOut, **ERRORS})
def person_history(request, slug: str, membership_id: int):
    """A person's path from respondent to juror to foreperson: coordinators, or the person themself."""
    community, membership = api_membership(request, slug)
    if membership_id != membership.pk and not membership.is_coordinator:
        raise NotFound()
    target = membership_get(community=community, membership_id=membership_id)
    history = selectors.person_history(community=community, membership=target)
    return {
        "membership_id": target.pk,
        "name": target.display_name,
        "stage": history.stage,
        "trained": history.trained,
        "items": history.items,
        "juries_served": selectors.juries_served(community=community, membership=target),
    }


@router.get(f"{BASE}/queue/overdue", response={200: list[schemas.OverdueOut], **ERRORS})
def overdue(request, slug: str):
    community, _membership = api_membership(request, slug, COORDINATOR)
    return list(selectors.overdue_queue(community=community))


@router.get(f"{BASE}/rereferral-checks/due", response={200: list[schemas.CheckDueOut], **ERRORS})
def checks_due(request, slug: str):
    community, _membership = api_membership(request, slug, COORDINATOR)
    return [
        {"case_id": d.case.pk, "months": d.months, "due_on": d.due_on}
        for d in selectors.rereferral_checks_due(community=community)
    ]


@router.get(f"{BASE}/outcomes", response={200: schemas.OutcomesOut, **ERRORS})
def outcomes(request, slug: str):
    community, _membership = api_membership(request, slug, COORDINATOR)
    result = selectors.outcomes(community=community)
    progression = selectors.progression(community=community)
    return {
        "completed": result.completed,
        "returned": result.returned,
        "checks": result.checks,
        "reoffending_rate_6": result.reoffending_rate(6),
        "reoffending_rate_12": result.reoffending_rate(12),
        "respondents": progression.respondents,
        "became_jurors": progression.jurors,
        "became_forepersons": progression.forepersons,
    }


@router.get(f"{BASE}/access-log", response={200: list[schemas.AccessOut], **ERRORS})
def access_log(request, slug: str):
    community, _membership = api_membership(request, slug, ADMIN)
    return list(selectors.access_log(community=community)[:500])
