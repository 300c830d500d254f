"""Helpers for assessment tests: a service, an open round, and members who answer it."""

import datetime as dt

from coproduce.assessment import services
from coproduce.assessment.models import Round, Statement
from coproduce.assessment.services import AnswerInput
from coproduce.communities.models import Community, Membership
from coproduce.coproduction.models import Service
from coproduce.core.testing import make_member

PERIOD = (dt.date(2026, 1, 1), dt.date(2026, 6, 30))


def make_service(community: Community, name: str = "Riverside exchanges") -> Service:
    return Service.objects.get_or_create(community=community, name=name)[0]


def open_round(
    coordinator: Membership,
    service: Service | None = None,
    title: str = "Spring review",
    period: tuple[dt.date, dt.date] = PERIOD,
) -> Round:
    community = coordinator.community
    service = service or make_service(community)
    return services.round_open(
        actor=coordinator,
        community=community,
        service=service,
        title=title,
        period_start=period[0],
        period_end=period[1],
    )


def statement_codes(principle: str | None = None) -> list[str]:
    statements = Statement.objects.filter(instrument__version=1).order_by("position")
    if principle:
        statements = statements.filter(principle=principle)
    return list(statements.values_list("code", flat=True))


def answers_for(
    values: dict[str, int | None],
    *,
    default: int | None = 3,
    evidence: dict[str, str] | None = None,
    extra_codes: tuple[str, ...] = (),
) -> list[AnswerInput]:
    """Every statement answered: `values` maps a code to a rating or None ("don't know"); others get `default`."""
    evidence = evidence or {}
    items = []
    for code in [*statement_codes(), *extra_codes]:
        rating = values.get(code, default)
        items.append(
            AnswerInput(code=code, rating=rating, dont_know=rating is None, evidence_text=evidence.get(code, ""))
        )
    return items


def principle_answers(
    ratings_by_principle: dict[str, list[int | None]], *, default: int | None = 3
) -> dict[str, int | None]:
    """{principle: [r1, r2, r3, r4]} -> {code: rating} for that principle's statements in order."""
    values: dict[str, int | None] = {}
    for principle, ratings in ratings_by_principle.items():
        for code, rating in zip(statement_codes(principle), ratings, strict=True):
            values[code] = rating
    return values


def respondent(assessment_round: Round, coordinator: Membership, kind: str, **fields) -> Membership:
    member = make_member(assessment_round.community, kind=kind, **fields)
    services.invitations_send(
        actor=coordinator,
        community=assessment_round.community,
        round_id=assessment_round.pk,
        membership_ids=[member.pk],
    )
    return member


def submit(assessment_round: Round, member: Membership, values: dict[str, int | None], **kwargs) -> None:
    services.response_save(
        actor=member,
        community=assessment_round.community,
        round_id=assessment_round.pk,
        answers=answers_for(values, **kwargs),
        submit=True,
    )


def group(
    assessment_round: Round, coordinator: Membership, kind: str, rows: list[dict[str, int | None]], **kwargs
) -> list[Membership]:
    """One respondent of `kind` per row, each sending the row's answers."""
    members = []
    for values in rows:
        member = respondent(assessment_round, coordinator, kind)
        submit(assessment_round, member, values, **kwargs)
        members.append(member)
    return members
