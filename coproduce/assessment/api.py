from ninja import Router, Status

from coproduce.assessment import selectors, services
from coproduce.assessment.domain import MIN_GROUP_SIZE, PerspectiveScore
from coproduce.assessment.schemas import (
    AssessmentAnswersIn,
    AssessmentInstrumentOut,
    AssessmentInvitationsIn,
    AssessmentInvitationsOut,
    AssessmentLinkIn,
    AssessmentLinkOut,
    AssessmentPerspectiveStatusOut,
    AssessmentResponseOut,
    AssessmentResultsOut,
    AssessmentRoundIn,
    AssessmentRoundOut,
)
from coproduce.assessment.services import AnswerInput
from coproduce.communities.access import COORDINATOR
from coproduce.communities.schemas import ErrorOut
from coproduce.core.api import api_membership
from coproduce.core.errors import NotFound

router = Router(tags=["assessment"])
ERRORS = {400: ErrorOut, 404: ErrorOut}
BASE = "/communities/{slug}/assessment"


def _score(score: PerspectiveScore) -> dict:
    return {"respondents": score.respondents, "hidden": score.hidden, "score": score.score, "band": score.band}


def _response_out(community, response) -> dict:
    answers = selectors.answers_of_response(community=community, response=response)
    return {
        "id": response.pk,
        "round_id": response.round_id,
        "perspective": response.perspective,
        "language": response.language,
        "status": response.status,
        "submitted_at": response.submitted_at,
        "answers": [
            {
                "code": a.code,
                "rating": a.rating,
                "dont_know": a.dont_know,
                "evidence_text": a.evidence_text,
                "evidence_url": a.evidence_url,
            }
            for a in answers
        ],
    }


@router.get(BASE + "/instruments", response={200: list[AssessmentInstrumentOut], **ERRORS})
def instruments(request, slug: str):
    api_membership(request, slug)
    return [
        {"version": i.version, "title": i.title, "statements": list(i.statements.all())}
        for i in selectors.instruments_list()
    ]


@router.get(BASE + "/rounds", response={200: list[AssessmentRoundOut], **ERRORS})
def rounds(request, slug: str):
    community, membership = api_membership(request, slug)
    return list(selectors.rounds_list(community=community, membership=membership).select_related("instrument")[:500])


@router.post(BASE + "/rounds", response={201: AssessmentRoundOut, **ERRORS})
def round_open(request, slug: str, payload: AssessmentRoundIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    service = selectors.service_get(community=community, service_id=payload.service_id)
    return Status(
        201,
        services.round_open(
            actor=membership,
            community=community,
            service=service,
            title=payload.title,
            period_start=payload.period_start,
            period_end=payload.period_end,
        ),
    )


@router.get(BASE + "/rounds/{round_id}", response={200: AssessmentRoundOut, **ERRORS})
def round_detail(request, slug: str, round_id: int):
    community, membership = api_membership(request, slug)
    return selectors.round_get(community=community, round_id=round_id, membership=membership)


@router.get(BASE + "/rounds/{round_id}/status", response={200: list[AssessmentPerspectiveStatusOut], **ERRORS})
def round_status(request, slug: str, round_id: int):
    community, _membership = api_membership(request, slug, COORDINATOR)
    assessment_round = selectors.round_get(community=community, round_id=round_id)
    return selectors.round_status(community=community, assessment_round=assessment_round)


@router.post(BASE + "/rounds/{round_id}/invitations", response={200: AssessmentInvitationsOut, **ERRORS})
def invite(request, slug: str, round_id: int, payload: AssessmentInvitationsIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    count = services.invitations_send(
        actor=membership,
        community=community,
        round_id=round_id,
        membership_ids=payload.membership_ids,
        kinds=payload.kinds,
    )
    return {"invited": count}


@router.post(BASE + "/rounds/{round_id}/links", response={201: AssessmentLinkOut, **ERRORS})
def link_create(request, slug: str, round_id: int, payload: AssessmentLinkIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return Status(
        201,
        services.round_link_create(
            actor=membership,
            community=community,
            round_id=round_id,
            perspective=payload.perspective,
            anonymous=payload.anonymous,
        ),
    )


@router.post(BASE + "/rounds/{round_id}/close", response={200: AssessmentRoundOut, **ERRORS})
def close(request, slug: str, round_id: int):
    community, membership = api_membership(request, slug, COORDINATOR)
    return services.round_close(actor=membership, community=community, round_id=round_id)


@router.get(BASE + "/rounds/{round_id}/response", response={200: AssessmentResponseOut, **ERRORS})
def my_response(request, slug: str, round_id: int):
    """The caller's own answers to the round; nobody can read anyone else's."""
    community, membership = api_membership(request, slug)
    assessment_round = selectors.round_get(community=community, round_id=round_id, membership=membership)
    response = selectors.response_of_member(
        community=community, assessment_round=assessment_round, membership=membership
    )
    if response is None:
        raise NotFound()
    return _response_out(community, response)


@router.put(BASE + "/rounds/{round_id}/response", response={200: AssessmentResponseOut, **ERRORS})
def save_response(request, slug: str, round_id: int, payload: AssessmentAnswersIn, submit: bool = False):
    """Save the caller's answers as a draft, or send them with `?submit=true`. Sent answers are final."""
    community, membership = api_membership(request, slug)
    response = services.response_save(
        actor=membership,
        community=community,
        round_id=round_id,
        submit=submit,
        language=payload.language,
        answers=[
            AnswerInput(
                code=a.code,
                rating=a.rating,
                dont_know=a.dont_know,
                evidence_text=a.evidence_text,
                evidence_url=a.evidence_url,
            )
            for a in payload.answers
        ],
    )
    return _response_out(community, response)


@router.get(BASE + "/rounds/{round_id}/results", response={200: AssessmentResultsOut, **ERRORS})
def results(request, slug: str, round_id: int):
    """Aggregated results. A perspective with fewer than the minimum group size shows no score."""
    community, membership = api_membership(request, slug)
    assessment_round = selectors.round_get(
        community=community, round_id=round_id, membership=None if membership.is_coordinator else membership
    )
    if not selectors.round_results_visible_to(assessment_round=assessment_round, membership=membership):
        raise NotFound()
    data = selectors.round_results(community=community, assessment_round=assessment_round)
    return {
        "round_id": assessment_round.pk,
        "respondents": {str(k): v for k, v in data.respondents.items()},
        "minimum_group_size": MIN_GROUP_SIZE,
        "self_reported_only": not data.insights_available,
        "principles": [
            {
                "principle": r.principle,
                "professional": _score(r.professional),
                "user": _score(r.user),
                "gap": r.gap,
                "flagged": r.flagged,
                "next_step": r.next_step,
                "evidence_count": len(r.evidence),
                "indicators": [{"label": i.label, "value": i.value} for i in r.indicators] if r.indicators else None,
            }
            for r in data.principles
        ],
    }
