"""Reads for the youth court. Every function takes the community; none reaches across communities.

Case details are sensitive: the functions that return them are called only by coordinators' views, through the
services that log each access (`case_open`, `cases_open`, `hearing_brief_open`).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from coproduce.communities.models import Check, Community, Membership
from coproduce.core.errors import NotFound
from coproduce.panels.models import (
    HEARD_STATUSES,
    Case,
    CaseAccess,
    CaseEvent,
    CaseStatus,
    CourtSettings,
    Hearing,
    HearingJuror,
    ReReferralCheck,
    Sanction,
    SanctionKind,
    Sentence,
)

CHECK_MONTHS = (6, 12)


def settings_get(*, community: Community) -> CourtSettings:
    """The court's settings, or the defaults (ages 11 to 17, first or second offence) when none are saved."""
    return CourtSettings.objects.filter(community=community).first() or CourtSettings(community=community)


def is_in_use(*, community: Community) -> bool:
    return (
        CourtSettings.objects.filter(community=community).exists() or Case.objects.filter(community=community).exists()
    )


# Cases -----------------------------------------------------------------------------------------------------------


def cases_list(*, community: Community, status: str = "") -> QuerySet[Case]:
    cases = Case.objects.filter(community=community)
    if status:
        cases = cases.filter(status=status)
    return cases.select_related("hearing", "respondent__user").order_by("-number")


def case_get(*, community: Community, case_id: int) -> Case:
    case = (
        Case.objects.filter(community=community, pk=case_id)
        .select_related("hearing", "respondent__user", "organisation")
        .first()
    )
    if case is None:
        raise NotFound()
    return case


def case_counts(*, community: Community) -> dict[str, int]:
    """How many cases stand in each state (no personal details)."""
    counts = dict(Case.objects.filter(community=community).values_list("status").annotate(n=Count("pk")))
    return {status: counts.get(status, 0) for status in CaseStatus.values}


def case_events(*, community: Community, case: Case) -> QuerySet[CaseEvent]:
    return CaseEvent.objects.filter(community=community, case=case).select_related("actor").order_by("created_at", "id")


def sentence_of(*, community: Community, case: Case) -> Sentence | None:
    return Sentence.objects.filter(community=community, case=case).first()


def sanctions_of(*, community: Community, sentence: Sentence) -> QuerySet[Sanction]:
    return Sanction.objects.filter(community=community, sentence=sentence).order_by("id")


def sanction_get(*, community: Community, sanction_id: int) -> Sanction:
    sanction = Sanction.objects.filter(community=community, pk=sanction_id).select_related("sentence__case").first()
    if sanction is None:
        raise NotFound()
    return sanction


def rereferral_checks_of(*, community: Community, case: Case) -> QuerySet[ReReferralCheck]:
    return ReReferralCheck.objects.filter(community=community, case=case).order_by("months")


def overdue_queue(*, community: Community, today: dt.date | None = None) -> QuerySet[Sentence]:
    """Active sentences past their due date with work still to do: the coordinators' escalation queue."""
    today = today or timezone.localdate()
    return (
        Sentence.objects.filter(
            community=community, case__status=CaseStatus.SENTENCE_ACTIVE, due_on__lt=today, completed_at__isnull=True
        )
        .select_related("case")
        .order_by("due_on")
    )


@dataclass
class CheckDue:
    case: Case
    months: int
    due_on: dt.date


def rereferral_checks_due(*, community: Community, today: dt.date | None = None) -> list[CheckDue]:
    """Completed cases whose 6- or 12-month re-referral check is due and not yet recorded."""
    today = today or timezone.localdate()
    due: list[CheckDue] = []
    done = set(ReReferralCheck.objects.filter(community=community).values_list("case_id", "months"))
    earliest = timezone.now() - dt.timedelta(days=183)
    for case in Case.objects.filter(community=community, status=CaseStatus.COMPLETED, closed_at__lte=earliest).order_by(
        "closed_at"
    ):
        closed = timezone.localdate(case.closed_at)
        for months in CHECK_MONTHS:
            due_on = add_months(closed, months)
            if due_on <= today and (case.pk, months) not in done:
                due.append(CheckDue(case, months, due_on))
    return due


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


@dataclass
class Outcomes:
    completed: int
    returned: int
    checks: dict[int, dict[str, int]]

    def reoffending_rate(self, months: int) -> float | None:
        """Share re-offending among completed cases with a known outcome at `months`."""
        known = self.checks[months]["yes"] + self.checks[months]["no"]
        return None if not known else self.checks[months]["yes"] / known


def outcomes(*, community: Community) -> Outcomes:
    checks = {m: {"yes": 0, "no": 0, "unknown": 0} for m in CHECK_MONTHS}
    for months, outcome, n in (
        ReReferralCheck.objects.filter(community=community).values_list("months", "outcome").annotate(n=Count("pk"))
    ):
        checks[months][outcome] = n
    counts = case_counts(community=community)
    return Outcomes(completed=counts[CaseStatus.COMPLETED], returned=counts[CaseStatus.RETURNED], checks=checks)


def access_log(*, community: Community) -> QuerySet[CaseAccess]:
    return CaseAccess.objects.filter(community=community).select_related("case", "user").order_by("-created_at", "-id")


# Hearings and jurors ---------------------------------------------------------------------------------------------


def hearings_list(*, community: Community, upcoming: bool | None = None) -> QuerySet[Hearing]:
    hearings = Hearing.objects.filter(community=community)
    if upcoming is True:
        hearings = hearings.filter(status=Hearing.Status.SCHEDULED).order_by("scheduled_for")
    elif upcoming is False:
        hearings = hearings.exclude(status=Hearing.Status.SCHEDULED).order_by("-scheduled_for")
    else:
        hearings = hearings.order_by("-scheduled_for")
    return hearings.select_related("presiding__user", "foreperson__user").annotate(
        case_count=Count("cases", distinct=True), juror_count=Count("jurors", distinct=True)
    )


def hearing_get(*, community: Community, hearing_id: int) -> Hearing:
    hearing = (
        Hearing.objects.filter(community=community, pk=hearing_id)
        .select_related("presiding__user", "foreperson__user")
        .first()
    )
    if hearing is None:
        raise NotFound()
    return hearing


def hearing_jurors(*, community: Community, hearing: Hearing) -> QuerySet[HearingJuror]:
    return (
        HearingJuror.objects.filter(community=community, hearing=hearing)
        .select_related("membership__user")
        .order_by("membership__user__name")
    )


def hearing_cases(*, community: Community, hearing: Hearing) -> QuerySet[Case]:
    return Case.objects.filter(community=community, hearing=hearing).order_by("number")


def is_trained(*, community: Community, membership: Membership, on: dt.date | None = None) -> bool:
    """A passed, unexpired training check (communities Check, kind training)."""
    on = on or timezone.localdate()
    return (
        Check.objects.filter(
            community=community, membership=membership, kind=Check.Kind.TRAINING, status=Check.Status.PASSED
        )
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on))
        .exists()
    )


def is_former_respondent(*, community: Community, membership: Membership) -> bool:
    return Case.objects.filter(community=community, respondent=membership, status__in=HEARD_STATUSES).exists()


def juries_served(*, community: Community, membership: Membership) -> int:
    """Held hearings this person attended as a juror."""
    return HearingJuror.objects.filter(
        community=community, membership=membership, attended=True, hearing__status=Hearing.Status.HELD
    ).count()


def juror_candidates(*, community: Community, on: dt.date | None = None) -> QuerySet[Membership]:
    """Active members who stood before the court and hold valid juror training."""
    on = on or timezone.localdate()
    trained = Check.objects.filter(
        community=community, membership=OuterRef("pk"), kind=Check.Kind.TRAINING, status=Check.Status.PASSED
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on))
    heard = Case.objects.filter(community=community, respondent=OuterRef("pk"), status__in=HEARD_STATUSES)
    return (
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .filter(Exists(trained), Exists(heard))
        .select_related("user")
        .order_by("user__name")
    )


def presiding_candidates(*, community: Community) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(
            community=community, status=Membership.Status.ACTIVE, kind=Membership.Kind.PROFESSIONAL
        )
        .select_related("user")
        .order_by("user__name")
    )


def respondent_candidates(*, community: Community) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE, kind=Membership.Kind.CITIZEN)
        .select_related("user")
        .order_by("user__name")
    )


def hearings_for_member(*, community: Community, membership: Membership, upcoming: bool = True) -> QuerySet[Hearing]:
    """Hearings this person serves at: as juror, foreperson or presiding adult."""
    hearings = (
        Hearing.objects.filter(community=community)
        .filter(Q(jurors__membership=membership) | Q(foreperson=membership) | Q(presiding=membership))
        .distinct()
    )
    if upcoming:
        hearings = hearings.filter(status=Hearing.Status.SCHEDULED).order_by("scheduled_for")
    else:
        hearings = hearings.order_by("-scheduled_for")
    return hearings


def serves_at(*, community: Community, membership: Membership, hearing: Hearing) -> bool:
    return (
        hearing.presiding_id == membership.pk
        or hearing.foreperson_id == membership.pk
        or HearingJuror.objects.filter(community=community, hearing=hearing, membership=membership).exists()
    )


@dataclass(frozen=True)
class BriefCase:
    """What a juror sees of a case: enough to hear it, nothing to find the young person by."""

    reference: str
    first_name: str
    offence: str
    panel_question: str


@dataclass(frozen=True)
class HearingBrief:
    hearing_id: int
    scheduled_for: dt.datetime
    location: str
    presiding: str
    foreperson: str
    jurors: list[str]
    cases: list[BriefCase]


def hearing_brief_cases(*, community: Community, hearing: Hearing) -> QuerySet[Case]:
    """The cases a hearing's brief shows: those still to be heard or just heard there."""
    return hearing_cases(community=community, hearing=hearing).filter(
        status__in=[CaseStatus.HEARING_SCHEDULED, CaseStatus.HEARD]
    )


def hearing_brief(*, community: Community, hearing: Hearing) -> HearingBrief:
    cases = hearing_brief_cases(community=community, hearing=hearing)
    return HearingBrief(
        hearing_id=hearing.pk,
        scheduled_for=hearing.scheduled_for,
        location=hearing.location,
        presiding=hearing.presiding.display_name,
        foreperson=hearing.foreperson.display_name if hearing.foreperson else "",
        jurors=[j.membership.display_name for j in hearing_jurors(community=community, hearing=hearing)],
        cases=[
            BriefCase(c.reference, c.first_name, str(c.get_offence_category_display()), c.panel_question) for c in cases
        ],
    )


# People: from respondent to juror to foreperson ------------------------------------------------------------------


@dataclass
class HistoryItem:
    when: dt.datetime
    role: str  # "respondent", "juror", "foreperson"
    label: str


@dataclass
class PersonHistory:
    membership: Membership
    items: list[HistoryItem] = field(default_factory=list)
    trained: bool = False

    @property
    def stage(self) -> str:
        """The furthest step reached: respondent, juror or foreperson (or "" for none)."""
        roles = {i.role for i in self.items}
        for stage in ("foreperson", "juror", "respondent"):
            if stage in roles:
                return stage
        return ""


def person_history(*, community: Community, membership: Membership) -> PersonHistory:
    """A person's path through the court, oldest first: their own case(s), then juries sat and led."""
    if membership.community_id != community.pk:
        raise NotFound()
    history = PersonHistory(membership=membership, trained=is_trained(community=community, membership=membership))
    for case in Case.objects.filter(community=community, respondent=membership).select_related("hearing"):
        when = case.hearing.scheduled_for if case.hearing else case.referred_at
        history.items.append(HistoryItem(when, "respondent", str(case.get_status_display())))
    for juror in HearingJuror.objects.filter(
        community=community, membership=membership, attended=True, hearing__status=Hearing.Status.HELD
    ).select_related("hearing"):
        history.items.append(HistoryItem(juror.hearing.scheduled_for, "juror", ""))
    for hearing in Hearing.objects.filter(community=community, foreperson=membership, status=Hearing.Status.HELD):
        history.items.append(HistoryItem(hearing.scheduled_for, "foreperson", ""))
    history.items.sort(key=lambda i: i.when)
    return history


@dataclass
class Progression:
    respondents: int
    jurors: int
    forepersons: int


def progression(*, community: Community) -> Progression:
    """How many former respondents went on to sit on a jury, and to lead one."""
    respondents = set(
        Case.objects.filter(community=community, status__in=HEARD_STATUSES).values_list("respondent_id", flat=True)
    )
    jurors = set(
        HearingJuror.objects.filter(community=community, attended=True, hearing__status="held").values_list(
            "membership_id", flat=True
        )
    )
    forepersons = set(
        Hearing.objects.filter(community=community, status="held", foreperson__isnull=False).values_list(
            "foreperson_id", flat=True
        )
    )
    return Progression(len(respondents), len(respondents & jurors), len(respondents & forepersons))


def my_sanctions(*, community: Community, membership: Membership) -> QuerySet[Sanction]:
    """The person's own sanctions on an active sentence: they may see their own."""
    return (
        Sanction.objects.filter(
            community=community,
            sentence__case__respondent=membership,
            sentence__case__status__in=[CaseStatus.SENTENCE_ACTIVE, CaseStatus.NON_COMPLIANT],
        )
        .select_related("sentence")
        .order_by("sentence__due_on", "id")
    )


def jury_duty_open(*, community: Community, membership: Membership) -> Sanction | None:
    """The person's jury-duty sanction still to complete, if they are serving a sentence."""
    return (
        Sanction.objects.filter(
            community=community,
            kind=SanctionKind.JURY_DUTY,
            completed_at__isnull=True,
            sentence__case__respondent=membership,
            sentence__case__status=CaseStatus.SENTENCE_ACTIVE,
        )
        .order_by("sentence__due_on")
        .first()
    )
