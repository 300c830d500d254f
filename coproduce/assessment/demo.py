"""Demo data for "Is your service co-produced?": two rounds a few months apart for one service in each demo
community, answered by professionals and by people who use the service.

Professionals rate the service higher than the people who use it on mutuality, catalysts and assets (a
perception gap), and the second round shows progress on most principles. Everything goes through the
service functions, so the audit log and the results are exactly what the product would produce.
"""

import datetime as dt

from coproduce.assessment import services
from coproduce.assessment.domain import Perspective
from coproduce.assessment.models import Response, Round, Statement
from coproduce.assessment.services import AnswerInput
from coproduce.demo.context import DemoCommunity, DemoContext

PREFERRED_SERVICES = ("Time bank", "Family link-ups", "Youth court")
MAX_INVITED = 18  # per perspective and round, so the demo stays quick at benchmark sizes
MIN_PER_PERSPECTIVE = 5  # topped up with anonymous link responses (partner staff, families without an account)

# Mean rating per principle: (professionals, people who use the service) in the first round, then the rise by
# the second round. Gaps of 20 points or more show on mutuality, catalysts and assets in the first round.
PROFILE = {
    "ASSETS": ((3.3, 2.4), (0.3, 0.6)),
    "CAPABILITIES": ((3.0, 2.8), (0.3, 0.4)),
    "MUTUALITY": ((3.5, 2.2), (0.1, 0.5)),
    "NETWORKS": ((2.6, 2.5), (0.5, 0.6)),
    "BLURRING_ROLES": ((2.3, 2.1), (0.6, 0.7)),
    "CATALYSTS": ((3.4, 2.3), (0.2, 0.5)),
}
EVIDENCE = {
    "ASSETS": (
        "Every new member now fills in a 'what I can offer' card.",
        "I was asked about my cooking, not my debts.",
        "We listed 40 skills at the summer fair.",
    ),
    "CAPABILITIES": (
        "Two members now run the induction session.",
        "I learned to use the booking system and now help others.",
        "Peer mentors had four training evenings.",
    ),
    "MUTUALITY": (
        "Members sit on the steering group.",
        "Nobody asked us before they changed the opening times.",
        "We agreed the goals with the families at the review.",
    ),
    "NETWORKS": (
        "The coffee morning brings in people we never saw before.",
        "I met neighbours I did not know.",
        "We started a link with the library and the mosque.",
    ),
    "BLURRING_ROLES": (
        "Mixed crews now run the welcome desk.",
        "I help run the Tuesday session.",
        "Volunteers and staff share the rota.",
    ),
    "CATALYSTS": (
        "I spend Friday afternoons coaching rather than doing.",
        "Staff still do most things for us.",
        "The coach stepped back and the group took over planning.",
    ),
}


def _service_for(demo: DemoCommunity):
    for name in PREFERRED_SERVICES:
        if name in demo.services:
            return demo.services[name]
    return next(iter(sorted(demo.services.values(), key=lambda s: s.name)), None)


def _answers(ctx: DemoContext, codes: list[tuple[str, str]], perspective: str, round_index: int) -> list[AnswerInput]:
    column = 0 if perspective == Perspective.PROFESSIONAL else 1
    items = []
    for code, principle in codes:
        start, rise = PROFILE[principle]
        mean = start[column] + (rise[column] if round_index else 0)
        if ctx.rng.random() < 0.07:
            items.append(AnswerInput(code=code, dont_know=True))
            continue
        rating = max(1, min(5, round(ctx.rng.gauss(mean, 0.75))))
        evidence = ""
        if ctx.rng.random() < 0.08:
            evidence = ctx.rng.choice(EVIDENCE[principle])
        items.append(AnswerInput(code=code, rating=rating, evidence_text=evidence))
    return items


def _run_round(
    ctx: DemoContext, demo: DemoCommunity, service, index: int, start: dt.date, end: dt.date, closed_at: dt.datetime
) -> Round:
    community, coordinator = demo.community, demo.coordinator
    title = ("First review", "Second review")[index]
    assessment_round = services.round_open(
        actor=coordinator, community=community, service=service, title=title, period_start=start, period_end=end
    )
    codes = list(
        Statement.objects.filter(instrument=assessment_round.instrument)
        .order_by("position")
        .values_list("code", "principle")
    )
    for perspective, people in ((Perspective.PROFESSIONAL, demo.professionals), (Perspective.USER, demo.citizens)):
        chosen = ctx.rng.sample(people, min(MAX_INVITED, len(people)))
        # The documented demo logins are always invited, so signing in as them shows the rounds and results.
        demo_users = {u.pk for u in ctx.accounts.values()}
        chosen += [m for m in people if m.user_id in demo_users and m not in chosen]
        if chosen:
            services.invitations_send(
                actor=coordinator,
                community=community,
                round_id=assessment_round.pk,
                membership_ids=[m.pk for m in chosen],
            )
        answering = [m for m in chosen if ctx.rng.random() < 0.8]
        for member in answering:
            services.response_save(
                actor=member,
                community=community,
                round_id=assessment_round.pk,
                answers=_answers(ctx, codes, perspective, index),
                submit=True,
                language=member.user.preferred_language,
            )
        # A draft someone never finished: it shows in the response rate but not in the results.
        unfinished = [m for m in chosen if m not in answering][:1]
        for member in unfinished:
            services.response_save(
                actor=member,
                community=community,
                round_id=assessment_round.pk,
                answers=_answers(ctx, codes[:5], perspective, index),
            )
        missing = max(0, MIN_PER_PERSPECTIVE - len(answering))
        if missing:
            link = services.round_link_create(
                actor=coordinator,
                community=community,
                round_id=assessment_round.pk,
                perspective=perspective,
                anonymous=True,
            )
            for _n in range(missing):
                response = services.link_response_start(community=community, token=link.token)
                services.link_response_save(
                    community=community,
                    resume_token=response.resume_token or "",
                    answers=_answers(ctx, codes, perspective, index),
                    submit=True,
                )
    services.round_close(actor=coordinator, community=community, round_id=assessment_round.pk)
    # The rounds happened in the past: date them so the list and the trend read naturally.
    Round.objects.filter(pk=assessment_round.pk).update(closed_at=closed_at)
    Response.objects.filter(round=assessment_round, status=Response.Status.SUBMITTED).update(
        submitted_at=closed_at - dt.timedelta(days=3)
    )
    return assessment_round


def populate(ctx: DemoContext) -> None:
    for demo in ctx.communities.values():
        service = _service_for(demo)
        if service is None:
            continue
        today = ctx.now.date()
        first_start, first_end = today - dt.timedelta(days=330), today - dt.timedelta(days=151)
        second_start, second_end = today - dt.timedelta(days=150), today - dt.timedelta(days=8)
        _run_round(ctx, demo, service, 0, first_start, first_end, ctx.now - dt.timedelta(days=140))
        _run_round(ctx, demo, service, 1, second_start, second_end, ctx.now - dt.timedelta(days=2))
