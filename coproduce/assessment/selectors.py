"""Reads of assessment data. Every function takes the community; results respect the minimum group size."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import translation

from coproduce.assessment.domain import (
    MIN_GROUP_SIZE,
    PRINCIPLES,
    Band,
    Perspective,
    PerspectiveScore,
    band_of,
    gap_flagged,
    gap_of,
    perspective_score,
)
from coproduce.assessment.indicators import IndicatorView, indicators_for_period
from coproduce.assessment.models import (
    Answer,
    CommunityStatement,
    Instrument,
    Invitation,
    NextStepOverride,
    Response,
    Round,
    RoundLink,
    Statement,
    SuggestedStep,
)
from coproduce.communities.models import Community, Membership
from coproduce.coproduction.domain import Principle
from coproduce.coproduction.models import Service
from coproduce.core.errors import NotFound

PERSPECTIVES = (Perspective.PROFESSIONAL, Perspective.USER)


def instruments_list() -> QuerySet[Instrument]:
    """Shipped instruments are the same for every community."""
    return Instrument.objects.prefetch_related("statements").order_by("-version")


def instrument_current() -> Instrument | None:
    return Instrument.objects.order_by("-version").first()


def rounds_list(*, community: Community, membership: Membership, service: Service | None = None) -> QuerySet[Round]:
    """Coordinators see every round; other members see the rounds they were invited to."""
    rounds = Round.objects.filter(community=community).select_related("service")
    if service is not None:
        rounds = rounds.filter(service=service)
    if not membership.is_coordinator:
        invited = Invitation.objects.filter(community=community, membership=membership).values("round_id")
        rounds = rounds.filter(pk__in=invited)
    return rounds.order_by("-period_end", "-id")


@dataclass(frozen=True)
class RoundRow:
    round: Round
    response: "Response | None"
    can_answer: bool
    results_visible: bool


def rounds_overview(*, community: Community, membership: Membership) -> list[RoundRow]:
    """The rounds a person sees, with their own response and what they may do with each."""
    rounds = list(rounds_list(community=community, membership=membership))
    invited = set(
        Invitation.objects.filter(community=community, membership=membership).values_list("round_id", flat=True)
    )
    responses = {
        r.round_id: r for r in Response.objects.filter(community=community, membership=membership, round__in=rounds)
    }
    return [
        RoundRow(
            round=r,
            response=responses.get(r.pk),
            can_answer=r.is_open and r.pk in invited and not (r.pk in responses and responses[r.pk].is_submitted),
            results_visible=membership.is_coordinator or (not r.is_open and r.pk in invited),
        )
        for r in rounds
    ]


def round_get(*, community: Community, round_id: int, membership: Membership | None = None) -> Round:
    """A round of this community. With `membership`, only if that person may see it (coordinator or invited)."""
    rounds = Round.objects.filter(community=community, pk=round_id).select_related("service", "instrument")
    assessment_round = rounds.first()
    if assessment_round is None:
        raise NotFound()
    if (
        membership is not None
        and not membership.is_coordinator
        and not Invitation.objects.filter(
            community=community,
            round=assessment_round,
            membership=membership,
        ).exists()
    ):
        raise NotFound()
    return assessment_round


def round_results_visible_to(*, assessment_round: Round, membership: Membership) -> bool:
    """Coordinators see results at any time; invited members once the round is closed."""
    if membership.is_coordinator:
        return True
    return (
        not assessment_round.is_open
        and Invitation.objects.filter(
            community_id=assessment_round.community_id, round=assessment_round, membership=membership
        ).exists()
    )


@dataclass(frozen=True)
class PerspectiveStatus:
    perspective: str
    label: str
    invited: int
    started: int
    submitted: int
    by_link: int

    @property
    def rate(self) -> int | None:
        """Share of invited members who sent their answers, in whole percent."""
        if not self.invited:
            return None
        return round(100 * self.submitted_invited / self.invited)

    @property
    def submitted_invited(self) -> int:
        return self.submitted - self.by_link


def round_status(*, community: Community, assessment_round: Round) -> list[PerspectiveStatus]:
    """Response rate by perspective: invited members, drafts started, answers sent (and how many via links)."""
    invited: dict[str, int] = dict(
        Invitation.objects.filter(community=community, round=assessment_round)
        .values_list("perspective")
        .annotate(n=Count("id"))
    )
    responses = (
        Response.objects.filter(community=community, round=assessment_round)
        .values("perspective")
        .annotate(
            started=Count("id"),
            submitted=Count("id", filter=Q(status=Response.Status.SUBMITTED)),
            by_link=Count("id", filter=Q(status=Response.Status.SUBMITTED, link__isnull=False)),
        )
    )
    counts: dict[str, tuple[int, int, int]] = {
        r["perspective"]: (r["started"], r["submitted"], r["by_link"]) for r in responses
    }
    statuses = []
    for p in PERSPECTIVES:
        started, submitted, by_link = counts.get(p, (0, 0, 0))
        statuses.append(
            PerspectiveStatus(
                perspective=p,
                label=str(Perspective(p).label),
                invited=invited.get(p, 0),
                started=started,
                submitted=submitted,
                by_link=by_link,
            )
        )
    return statuses


def round_links(*, community: Community, assessment_round: Round) -> QuerySet[RoundLink]:
    return RoundLink.objects.filter(community=community, round=assessment_round).order_by("id")


def round_invitations(*, community: Community, assessment_round: Round) -> QuerySet[Invitation]:
    return Invitation.objects.filter(community=community, round=assessment_round).select_related("membership__user")


def members_to_invite(*, community: Community, assessment_round: Round) -> QuerySet[Membership]:
    invited = Invitation.objects.filter(community=community, round=assessment_round).values("membership_id")
    return (
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .exclude(pk__in=invited)
        .select_related("user")
        .order_by("kind", "user__name")
    )


def response_of_member(*, community: Community, assessment_round: Round, membership: Membership) -> Response | None:
    return Response.objects.filter(community=community, round=assessment_round, membership=membership).first()


def response_by_resume_token(*, community: Community, token: str) -> Response:
    response = (
        Response.objects.filter(community=community, resume_token=token or "", resume_token__isnull=False)
        .select_related("round__service")
        .first()
    )
    if response is None:
        raise NotFound()
    return response


def link_by_token(*, community: Community, token: str) -> RoundLink:
    link = RoundLink.objects.filter(community=community, token=token or "").select_related("round__service").first()
    if link is None:
        raise NotFound()
    return link


def answers_of_response(*, community: Community, response: Response) -> QuerySet[Answer]:
    """The respondent's own answers; callers make sure the response is theirs."""
    return Answer.objects.filter(community=community, response=response).select_related("statement")


@dataclass
class QuestionItem:
    code: str
    text: str
    rating: int | None = None
    dont_know: bool = False
    evidence_text: str = ""
    evidence_url: str = ""
    own: bool = False  # a community's own statement


@dataclass
class QuestionSection:
    principle: str
    label: str
    items: list[QuestionItem] = field(default_factory=list)


def questionnaire(
    *, assessment_round: Round, perspective: str, response: Response | None = None, language: str | None = None
) -> list[QuestionSection]:
    """The round's statements, grouped by principle, in the respondent's wording and language, with their
    saved answers filled in."""
    language = language or translation.get_language()
    saved: dict[str, Answer] = {}
    if response is not None:
        for saved_answer in Answer.objects.filter(response=response).select_related("statement"):
            saved[saved_answer.code] = saved_answer
    sections = {p: QuestionSection(principle=p, label=str(Principle(p).label)) for p in PRINCIPLES}
    statements: list[Statement | CommunityStatement] = list(
        Statement.objects.filter(instrument_id=assessment_round.instrument_id).order_by("position")
    )
    statements += list(assessment_round.community_statements.order_by("id"))
    for statement in statements:
        answer = saved.get(statement.code)
        sections[statement.principle].items.append(
            QuestionItem(
                code=statement.code,
                text=statement.text_for(perspective, language),
                rating=answer.rating if answer else None,
                dont_know=answer.dont_know if answer else False,
                evidence_text=answer.evidence_text if answer else "",
                evidence_url=answer.evidence_url if answer else "",
                own=isinstance(statement, CommunityStatement),
            )
        )
    return list(sections.values())


def next_steps_table(*, community: Community, language: str | None = None) -> dict[tuple[str, str], tuple[str, bool]]:
    """(principle, band) -> (text, is the community's own wording)."""
    table = {(s.principle, s.band): (s.text(language), False) for s in SuggestedStep.objects.all()}
    for override in NextStepOverride.objects.filter(community=community):
        table[(override.principle, override.band)] = (override.text, True)
    return table


@dataclass(frozen=True)
class Evidence:
    perspective: str
    code: str
    statement: str
    text: str
    url: str


@dataclass
class PrincipleResult:
    principle: str
    label: str
    scores: dict[str, PerspectiveScore]
    gap: int | None
    flagged: bool
    evidence: list[Evidence]
    indicators: list[IndicatorView] | None  # None: no activity data ("self-reported only")
    next_step: str = ""
    next_step_band: str | None = None

    @property
    def professional(self) -> PerspectiveScore:
        return self.scores[Perspective.PROFESSIONAL]

    @property
    def user(self) -> PerspectiveScore:
        return self.scores[Perspective.USER]


@dataclass
class OwnStatementResult:
    code: str
    principle: str
    text: str
    scores: dict[str, PerspectiveScore]


@dataclass
class RoundResults:
    round: Round
    respondents: dict[str, int]
    principles: list[PrincipleResult]
    own_statements: list[OwnStatementResult]
    insights_available: bool

    @property
    def any_shown(self) -> bool:
        return any(not r.scores[p].hidden for r in self.principles for p in PERSPECTIVES)

    def perspective_hidden(self, perspective: str) -> bool:
        return self.respondents.get(perspective, 0) < MIN_GROUP_SIZE


def _submitted_answers(community: Community, assessment_round: Round) -> QuerySet[Answer]:
    return Answer.objects.filter(
        community=community,
        response__round=assessment_round,
        response__status=Response.Status.SUBMITTED,
    )


def _respondents(community: Community, assessment_round: Round) -> dict[str, int]:
    counts: dict[str, int] = dict(
        Response.objects.filter(community=community, round=assessment_round, status=Response.Status.SUBMITTED)
        .values_list("perspective")
        .annotate(n=Count("id"))
    )
    return {p: counts.get(p, 0) for p in PERSPECTIVES}


def principle_scores(*, community: Community, assessment_round: Round) -> dict[str, dict[str, PerspectiveScore]]:
    """Per principle and perspective, the score over the shipped statements only (community statements are
    not comparable and stay out). Sent answers only; "don't know" is left out of the mean."""
    respondents = _respondents(community, assessment_round)
    ratings: dict[tuple[str, str], list[int | None]] = defaultdict(list)
    rows = (
        _submitted_answers(community, assessment_round)
        .filter(statement__isnull=False)
        .values_list("statement__principle", "response__perspective", "rating")
    )
    for principle, perspective, rating in rows:
        ratings[(principle, perspective)].append(rating)
    return {
        p: {q: perspective_score(respondents=respondents[q], ratings=ratings[(p, q)]) for q in PERSPECTIVES}
        for p in PRINCIPLES
    }


def _step_band(scores: dict[str, PerspectiveScore]) -> str | None:
    # The weaker of the shown views chooses the next step: the service works on what someone finds missing.
    shown = [s.score for s in scores.values() if not s.hidden and s.score is not None]
    return band_of(min(shown)) if shown else None


def round_results(*, community: Community, assessment_round: Round, language: str | None = None) -> RoundResults:
    """Everything the results page, the PDF and the API show for a round."""
    if assessment_round.community_id != community.pk:
        raise NotFound()
    language = language or translation.get_language()
    respondents = _respondents(community, assessment_round)
    scores = principle_scores(community=community, assessment_round=assessment_round)
    indicators = indicators_for_period(
        community=community,
        service=assessment_round.service,
        start=assessment_round.period_start,
        end=assessment_round.period_end,
    )
    steps = next_steps_table(community=community, language=language)

    evidence: dict[str, list[Evidence]] = defaultdict(list)
    evidence_rows = (
        _submitted_answers(community, assessment_round)
        .filter(statement__isnull=False)
        .filter(~Q(evidence_text="") | ~Q(evidence_url=""))
        .select_related("statement", "response")
        .order_by("statement__position", "response__perspective", "id")
    )
    for answer in evidence_rows:
        # Evidence is only shown for a perspective whose results are shown, so no one is identified by it.
        if respondents[answer.response.perspective] < MIN_GROUP_SIZE:
            continue
        statement = answer.statement
        assert statement is not None  # filtered on statement__isnull=False above
        evidence[statement.principle].append(
            Evidence(
                perspective=answer.response.perspective,
                code=statement.code,
                statement=statement.text_for(answer.response.perspective, language),
                text=answer.evidence_text,
                url=answer.evidence_url,
            )
        )

    principles = []
    for p in PRINCIPLES:
        gap = gap_of(scores[p][Perspective.PROFESSIONAL].score, scores[p][Perspective.USER].score)
        band = _step_band(scores[p])
        principles.append(
            PrincipleResult(
                principle=p,
                label=str(Principle(p).label),
                scores=scores[p],
                gap=gap,
                flagged=gap_flagged(gap),
                evidence=evidence[p],
                indicators=(indicators or {}).get(p) or None,
                next_step=steps.get((p, band), ("", False))[0] if band else "",
                next_step_band=band,
            )
        )

    own_ratings: dict[tuple[int, str], list[int | None]] = defaultdict(list)
    for statement_id, perspective, rating in (
        _submitted_answers(community, assessment_round)
        .filter(community_statement__isnull=False)
        .values_list("community_statement_id", "response__perspective", "rating")
    ):
        own_ratings[(statement_id, perspective)].append(rating)
    own = [
        OwnStatementResult(
            code=s.code,
            principle=s.principle,
            text=s.professional_text,
            scores={
                q: perspective_score(respondents=respondents[q], ratings=own_ratings[(s.pk, q)]) for q in PERSPECTIVES
            },
        )
        for s in assessment_round.community_statements.order_by("principle", "id")
    ]
    return RoundResults(
        round=assessment_round,
        respondents=respondents,
        principles=principles,
        own_statements=own,
        insights_available=indicators is not None,
    )


@dataclass(frozen=True)
class TrendPoint:
    round: Round
    respondents: dict[str, int]
    scores: dict[str, dict[str, PerspectiveScore]]


def service_trend(*, community: Community, service: Service) -> list[TrendPoint]:
    """Every round for the service, oldest first, with each perspective's principle scores."""
    if service.community_id != community.pk:
        raise NotFound()
    rounds = Round.objects.filter(community=community, service=service).order_by("period_end", "id")
    return [
        TrendPoint(
            round=r,
            respondents=_respondents(community, r),
            scores=principle_scores(community=community, assessment_round=r),
        )
        for r in rounds
    ]


@dataclass(frozen=True)
class AnonymisedAnswer:
    respondent: str
    perspective: str
    language: str
    source: str
    principle: str
    statement_code: str
    answer: str
    evidence_text: str
    evidence_url: str


def anonymised_answers(*, community: Community, assessment_round: Round) -> list[AnonymisedAnswer]:
    """Sent answers with no names and no database ids: each respondent gets a number within the export only.
    Perspectives below the minimum group size are left out, as in the results."""
    respondents = _respondents(community, assessment_round)
    answers = (
        _submitted_answers(community, assessment_round)
        .select_related("response", "statement", "community_statement")
        .order_by(
            "response__perspective",
            "response__submitted_at",
            "response_id",
            "statement__position",
            "community_statement_id",
        )
    )
    numbers: dict[int, str] = {}
    rows = []
    for answer in answers:
        response = answer.response
        if respondents[response.perspective] < MIN_GROUP_SIZE:
            continue
        numbers.setdefault(response.pk, f"R{len(numbers) + 1}")
        own = answer.community_statement_id is not None
        statement: Statement | CommunityStatement | None = answer.community_statement if own else answer.statement
        assert statement is not None  # the database holds exactly one of the two
        rows.append(
            AnonymisedAnswer(
                respondent=numbers[response.pk],
                perspective=response.perspective,
                language=response.language,
                source="community" if own else f"instrument_v{assessment_round.instrument.version}",
                principle=statement.principle,
                statement_code=statement.code,
                answer="dont_know" if answer.dont_know else ("" if answer.rating is None else str(answer.rating)),
                evidence_text=answer.evidence_text,
                evidence_url=answer.evidence_url,
            )
        )
    return rows


def community_statements(*, community: Community) -> QuerySet[CommunityStatement]:
    return CommunityStatement.objects.filter(community=community).order_by("-is_active", "principle", "id")


def services_for_rounds(*, community: Community) -> QuerySet[Service]:
    return Service.objects.filter(community=community, is_active=True).order_by("name")


def service_get(*, community: Community, service_id: int) -> Service:
    service = Service.objects.filter(community=community, pk=service_id).first()
    if service is None:
        raise NotFound()
    return service


BANDS = tuple(Band.values)
