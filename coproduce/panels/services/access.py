"""Reading sensitive case data: coordinators only, and every read leaves a row in the access log."""

from django.db import transaction
from django.db.models import QuerySet

from coproduce.communities.models import Community, Membership
from coproduce.communities.services import require_coordinator
from coproduce.core.errors import NotFound
from coproduce.panels import selectors
from coproduce.panels.models import Case, CaseAccess


def _log(*, actor: Membership, community: Community, channel: str, what: str, cases: list[Case | None]) -> None:
    if channel not in CaseAccess.Channel.values:
        channel = CaseAccess.Channel.PAGE
    CaseAccess.objects.bulk_create(
        [
            CaseAccess(
                community=community, case=case, user_id=actor.user_id, membership=actor, channel=channel, what=what[:80]
            )
            for case in cases
        ]
    )


def case_open(*, actor: Membership, community: Community, case_id: int, channel: str, what: str = "case") -> Case:
    """A coordinator opens a case: the case, after logging who looked at it, when and through what."""
    require_coordinator(actor, community)
    case = selectors.case_get(community=community, case_id=case_id)
    with transaction.atomic():
        _log(actor=actor, community=community, channel=channel, what=what, cases=[case])
    return case


def cases_open(*, actor: Membership, community: Community, channel: str, status: str = "") -> QuerySet[Case]:
    """A coordinator lists cases; the listing itself is logged (with no single case attached)."""
    require_coordinator(actor, community)
    with transaction.atomic():
        _log(actor=actor, community=community, channel=channel, what=f"case list {status}".strip(), cases=[None])
    return selectors.cases_list(community=community, status=status)


def hearing_brief_open(
    *, actor: Membership, community: Community, hearing_id: int, channel: str
) -> selectors.HearingBrief:
    """What the people serving at a hearing need: first names, offences and what the panel must decide.

    Open to the hearing's jurors, foreperson and presiding adult, and to coordinators; each case shown is
    logged as read.
    """
    if actor.community_id != community.pk or not actor.is_active:
        raise NotFound()
    hearing = selectors.hearing_get(community=community, hearing_id=hearing_id)
    if not (actor.is_coordinator or selectors.serves_at(community=community, membership=actor, hearing=hearing)):
        raise NotFound()
    brief = selectors.hearing_brief(community=community, hearing=hearing)
    cases: list[Case | None] = list(selectors.hearing_brief_cases(community=community, hearing=hearing))
    with transaction.atomic():
        _log(actor=actor, community=community, channel=channel, what="hearing brief", cases=cases or [None])
    return brief
