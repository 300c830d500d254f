"""Writes for assessment rounds: opening, inviting, answering, closing, and a community's own wording.

Every function validates first, changes inside one transaction, and writes an audit row.
"""

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.assessment.domain import Band, Perspective
from coproduce.assessment.indicators import indicators_prepare, period_bounds
from coproduce.assessment.models import (
    Answer,
    CommunityStatement,
    Instrument,
    Invitation,
    NextStepOverride,
    Response,
    Round,
    RoundLink,
    RoundStatement,
    Statement,
)
from coproduce.audit.services import audit_record
from coproduce.communities.models import Community, Membership
from coproduce.communities.services import require_coordinator
from coproduce.coproduction.domain import Principle
from coproduce.coproduction.models import Service
from coproduce.core.errors import DomainError, NotFound

ERR_TITLE_REQUIRED = _("Enter a title for the round.")
ERR_PERIOD_REQUIRED = _("Enter the first and last day of the period the round looks back on.")
ERR_PERIOD_ORDER = _("The period must end on or after the day it starts.")
ERR_PERIOD_TOO_LONG = _("A round can look back on ten years at most. Choose a shorter period.")
# As far back as insights compute figures, so every round can be held against what people did.
LONGEST_PERIOD = dt.timedelta(days=3653)
ERR_SERVICE = _("Choose the service this round is about.")
ERR_NO_INSTRUMENT = _("No questionnaire is installed yet.")
ERR_ROUND_CLOSED = _("This round is closed and no longer takes answers.")
ERR_ROUND_ALREADY_CLOSED = _("This round is already closed.")
ERR_NOBODY_TO_INVITE = _("Choose at least one member or kind of member to invite.")
ERR_NOT_INVITED = _("You have not been invited to answer this round.")
ERR_ALREADY_SUBMITTED = _("These answers have been sent and can no longer be changed.")
ERR_UNKNOWN_STATEMENT = _("One of the answers is for a statement that is not in this round.")
ERR_BAD_RATING = _('Choose a number from 1 to 5, or "Don\'t know".')
ERR_RATING_AND_DONT_KNOW = _('Choose either a number or "Don\'t know", not both.')
ERR_UNANSWERED = _('Answer every statement before you send your answers. Choose "Don\'t know" if you are not sure.')
ERR_BAD_URL = _("Enter a web address starting with http:// or https://, or leave it empty.")
ERR_EVIDENCE_TOO_LONG = _("Keep the evidence to 2,000 characters or fewer.")
ERR_PERSPECTIVE = _("Choose who the link is for: professionals, or people who use the service.")
ERR_LINK_CLOSED = _("This link no longer takes answers.")
ERR_NAME_TOO_LONG = _("Keep the name to 150 characters or fewer.")
ERR_PRINCIPLE = _("Choose one of the six principles.")
ERR_BAND = _("Choose a band.")
ERR_STATEMENT_TEXT = _("Enter both wordings: one for professionals and one for people who use the service.")
ERR_STATEMENT_TOO_LONG = _("Keep each wording to 300 characters or fewer.")
ERR_NEXT_STEP_TOO_LONG = _("Keep the next step to 2,000 characters or fewer.")

EVIDENCE_MAX = 2000


@dataclass(frozen=True)
class AnswerInput:
    """One answer as given: `code` is a shipped statement code, or "C<id>" for a community statement."""

    code: str
    rating: int | None = None
    dont_know: bool = False
    evidence_text: str = ""
    evidence_url: str = ""


def perspective_of(membership: Membership) -> str:
    return Perspective.PROFESSIONAL if membership.kind == Membership.Kind.PROFESSIONAL else Perspective.USER


def _language(language: str | None) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    language = (language or "en").split("-")[0]
    return language if language in codes else "en"


def _locked_round(community: Community, round_id: int) -> Round:
    assessment_round = Round.objects.select_for_update().filter(community=community, pk=round_id).first()
    if assessment_round is None:
        raise NotFound()
    return assessment_round


def round_open(
    *,
    actor: Membership,
    community: Community,
    service: Service,
    title: str,
    period_start: dt.date | None,
    period_end: dt.date | None,
) -> Round:
    """A coordinator opens a round for a service, looking back on a period. The current instrument and the
    community's active statements are fixed for the round when it opens."""
    require_coordinator(actor, community)
    if service is None or service.community_id != community.pk:
        raise DomainError(ERR_SERVICE, field="service")
    title = (title or "").strip()
    if not title:
        raise DomainError(ERR_TITLE_REQUIRED, field="title")
    if len(title) > 150:
        raise DomainError(_("Keep the title to 150 characters or fewer."), field="title")
    if period_start is None or period_end is None:
        raise DomainError(ERR_PERIOD_REQUIRED, field="period_start")
    if period_end < period_start:
        raise DomainError(ERR_PERIOD_ORDER, field="period_end")
    period_start_at, period_end_at = period_bounds(community=community, start=period_start, end=period_end)
    if period_end_at - period_start_at > LONGEST_PERIOD:
        raise DomainError(ERR_PERIOD_TOO_LONG, field="period_start")
    instrument = Instrument.objects.order_by("-version").first()
    if instrument is None:
        raise DomainError(ERR_NO_INSTRUMENT)
    with transaction.atomic():
        assessment_round = Round.objects.create(
            community=community,
            service=service,
            instrument=instrument,
            title=title,
            period_start=period_start,
            period_end=period_end,
            opened_by=actor.user,
        )
        statements = CommunityStatement.objects.filter(community=community, is_active=True)
        RoundStatement.objects.bulk_create(
            [RoundStatement(community=community, round=assessment_round, community_statement=s) for s in statements]
        )
        audit_record(
            actor=actor.user,
            community=community,
            action="assessment.round_open",
            target=assessment_round,
            changes={
                "service": [None, service.pk],
                "title": [None, title],
                "period": [None, f"{period_start}/{period_end}"],
            },
        )
        transaction.on_commit(
            lambda: indicators_prepare(community=community, service=service, start=period_start, end=period_end)
        )
    return assessment_round


def round_close(*, actor: Membership, community: Community, round_id: int) -> Round:
    """Close a round: no more answers; drafts that were never sent stay out of the results."""
    require_coordinator(actor, community)
    with transaction.atomic():
        assessment_round = _locked_round(community, round_id)
        if not assessment_round.is_open:
            raise DomainError(ERR_ROUND_ALREADY_CLOSED)
        assessment_round.status = Round.Status.CLOSED
        assessment_round.closed_at = timezone.now()
        assessment_round.save(update_fields=["status", "closed_at", "updated_at"])
        audit_record(
            actor=actor.user,
            community=community,
            action="assessment.round_close",
            target=assessment_round,
            changes={"status": [Round.Status.OPEN, Round.Status.CLOSED]},
        )
    return assessment_round


def invitations_send(
    *,
    actor: Membership,
    community: Community,
    round_id: int,
    membership_ids: Iterable[int] = (),
    kinds: Iterable[str] = (),
) -> int:
    """Invite members one by one, or every active member of a kind. Professionals get the professional
    wording, citizens the wording for people who use the service. Returns how many were newly invited."""
    require_coordinator(actor, community)
    membership_ids = {int(i) for i in membership_ids}
    kinds = {k for k in kinds if k in Membership.Kind.values}
    if not membership_ids and not kinds:
        raise DomainError(ERR_NOBODY_TO_INVITE, field="members")
    with transaction.atomic():
        assessment_round = _locked_round(community, round_id)
        if not assessment_round.is_open:
            raise DomainError(ERR_ROUND_CLOSED)
        active = Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        chosen = list(active.filter(pk__in=membership_ids)) if membership_ids else []
        if membership_ids and len(chosen) != len(membership_ids):
            raise NotFound()
        if kinds:
            chosen += list(active.filter(kind__in=kinds).exclude(pk__in=membership_ids))
        already = set(
            Invitation.objects.filter(community=community, round=assessment_round).values_list(
                "membership_id", flat=True
            )
        )
        new = [
            Invitation(
                community=community,
                round=assessment_round,
                membership=m,
                perspective=perspective_of(m),
                invited_by=actor.user,
            )
            for m in chosen
            if m.pk not in already
        ]
        Invitation.objects.bulk_create(new)
        audit_record(
            actor=actor.user,
            community=community,
            action="assessment.invite",
            target=assessment_round,
            changes={"invited": [None, len(new)]},
        )
    return len(new)


def round_link_create(
    *,
    actor: Membership,
    community: Community,
    round_id: int,
    perspective: str,
    anonymous: bool = True,
) -> RoundLink:
    """A link people without an account can answer through. Anonymous links store no name at all."""
    require_coordinator(actor, community)
    if perspective not in Perspective.values:
        raise DomainError(ERR_PERSPECTIVE, field="perspective")
    with transaction.atomic():
        assessment_round = _locked_round(community, round_id)
        if not assessment_round.is_open:
            raise DomainError(ERR_ROUND_CLOSED)
        link = RoundLink.objects.create(
            community=community,
            round=assessment_round,
            perspective=perspective,
            anonymous=bool(anonymous),
            token=secrets.token_urlsafe(24),
            created_by=actor.user,
        )
        audit_record(
            actor=actor.user,
            community=community,
            action="assessment.link_create",
            target=link,
            changes={"perspective": [None, perspective], "anonymous": [None, bool(anonymous)]},
        )
    return link


def response_start(*, actor: Membership, community: Community, round_id: int, language: str = "en") -> Response:
    """The invited member's response to a round: their draft if they have one, otherwise a new draft."""
    if actor is None or actor.community_id != community.pk or not actor.is_active:
        raise NotFound()
    with transaction.atomic():
        assessment_round = Round.objects.filter(community=community, pk=round_id).first()
        if assessment_round is None:
            raise NotFound()
        invitation = Invitation.objects.filter(community=community, round=assessment_round, membership=actor).first()
        existing = Response.objects.filter(community=community, round=assessment_round, membership=actor).first()
        if existing is not None:
            return existing
        if invitation is None:
            raise NotFound(ERR_NOT_INVITED)
        if not assessment_round.is_open:
            raise DomainError(ERR_ROUND_CLOSED)
        try:
            with transaction.atomic():
                response = Response.objects.create(
                    community=community,
                    round=assessment_round,
                    membership=actor,
                    perspective=invitation.perspective,
                    language=_language(language),
                )
        except IntegrityError:
            # Two tabs started at once: the database kept one response, and that is the one to use.
            return Response.objects.get(community=community, round=assessment_round, membership=actor)
        audit_record(
            actor=actor.user,
            community=community,
            action="assessment.response_start",
            target=response,
            changes={"round": [None, assessment_round.pk]},
        )
    return response


def link_response_start(*, community: Community, token: str, name: str = "", language: str = "en") -> Response:
    """Someone without an account starts answering through a link. They come back with the response's own
    resume token. With an anonymous link the name is not asked for and never stored."""
    link = RoundLink.objects.select_related("round").filter(community=community, token=token or "").first()
    if link is None:
        raise NotFound()
    if not link.is_active or not link.round.is_open:
        raise DomainError(ERR_LINK_CLOSED)
    name = "" if link.anonymous else (name or "").strip()
    if len(name) > 150:
        raise DomainError(ERR_NAME_TOO_LONG, field="name")
    with transaction.atomic():
        response = Response.objects.create(
            community=community,
            round=link.round,
            link=link,
            perspective=link.perspective,
            language=_language(language),
            respondent_name=name,
            resume_token=secrets.token_urlsafe(24),
        )
        audit_record(
            actor=None,
            community=community,
            action="assessment.response_start",
            target=response,
            changes={"round": [None, link.round_id], "link": [None, link.pk]},
        )
    return response


def _statement_lookup(assessment_round: Round) -> dict[str, Statement | CommunityStatement]:
    lookup: dict[str, Statement | CommunityStatement] = {
        s.code: s for s in Statement.objects.filter(instrument_id=assessment_round.instrument_id)
    }
    for s in assessment_round.community_statements.all():
        lookup[s.code] = s
    return lookup


def _clean_answer(item: AnswerInput) -> AnswerInput:
    field = f"answer_{item.code}"
    rating = item.rating
    if rating is not None and (isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5):
        raise DomainError(ERR_BAD_RATING, field=field)
    if rating is not None and item.dont_know:
        raise DomainError(ERR_RATING_AND_DONT_KNOW, field=field)
    evidence_text = (item.evidence_text or "").strip()
    if len(evidence_text) > EVIDENCE_MAX:
        raise DomainError(ERR_EVIDENCE_TOO_LONG, field=f"evidence_{item.code}")
    evidence_url = (item.evidence_url or "").strip()
    if evidence_url:
        try:
            URLValidator(schemes=["http", "https"])(evidence_url)
        except ValidationError:
            raise DomainError(ERR_BAD_URL, field=f"link_{item.code}") from None
        if len(evidence_url) > 500:
            raise DomainError(ERR_BAD_URL, field=f"link_{item.code}")
    return AnswerInput(
        code=item.code,
        rating=rating,
        dont_know=bool(item.dont_know),
        evidence_text=evidence_text,
        evidence_url=evidence_url,
    )


def _save(
    *,
    actor_user,
    community: Community,
    response_id: int,
    answers: Iterable[AnswerInput],
    submit: bool,
    language: str | None,
) -> Response:
    with transaction.atomic():
        response = Response.objects.select_for_update().select_related("round").get(community=community, pk=response_id)
        if response.is_submitted:
            raise DomainError(ERR_ALREADY_SUBMITTED)
        if not response.round.is_open:
            raise DomainError(ERR_ROUND_CLOSED)
        lookup = _statement_lookup(response.round)
        cleaned: dict[str, AnswerInput] = {}
        for item in answers:
            if item.code not in lookup:
                raise DomainError(ERR_UNKNOWN_STATEMENT)
            cleaned[item.code] = _clean_answer(item)
        existing = {a.code: a for a in Answer.objects.filter(response=response).select_related("statement")}
        for code, item in cleaned.items():
            answer = existing.get(code)
            if answer is None:
                target = lookup[code]
                answer = Answer(community=community, response=response)
                if isinstance(target, Statement):
                    answer.statement = target
                else:
                    answer.community_statement = target
                existing[code] = answer
            answer.rating = item.rating
            answer.dont_know = item.dont_know
            answer.evidence_text = item.evidence_text
            answer.evidence_url = item.evidence_url
            answer.save()
        if submit:
            missing = [
                code
                for code in lookup
                if code not in existing or (existing[code].rating is None and not existing[code].dont_know)
            ]
            if missing:
                raise DomainError(ERR_UNANSWERED, field=f"answer_{missing[0]}")
            response.status = Response.Status.SUBMITTED
            response.submitted_at = timezone.now()
        if language:
            response.language = _language(language)
        response.save()
        audit_record(
            actor=actor_user,
            community=community,
            action="assessment.response_submit" if submit else "assessment.response_save",
            target=response,
            changes={"answers": [None, len(cleaned)], "status": [None, response.status]},
        )
    return response


def response_save(
    *,
    actor: Membership,
    community: Community,
    round_id: int,
    answers: Iterable[AnswerInput],
    submit: bool = False,
    language: str | None = None,
) -> Response:
    """Save a member's answers as a draft, or send them (`submit`). Sent answers are final."""
    response = response_start(actor=actor, community=community, round_id=round_id, language=language or "en")
    return _save(
        actor_user=actor.user,
        community=community,
        response_id=response.pk,
        answers=answers,
        submit=submit,
        language=language,
    )


def link_response_save(
    *,
    community: Community,
    resume_token: str,
    answers: Iterable[AnswerInput],
    submit: bool = False,
    language: str | None = None,
) -> Response:
    """Save or send the answers of someone who came through a link; the resume token is their only key."""
    response = Response.objects.filter(
        community=community, resume_token=resume_token or "", resume_token__isnull=False
    ).first()
    if response is None:
        raise NotFound()
    return _save(
        actor_user=None, community=community, response_id=response.pk, answers=answers, submit=submit, language=language
    )


def community_statement_create(
    *,
    actor: Membership,
    community: Community,
    principle: str,
    professional_text: str,
    user_text: str,
) -> CommunityStatement:
    """A community adds a statement of its own. It is asked in rounds opened from now on and reported
    apart from the shipped statements, so the comparable scores are untouched."""
    require_coordinator(actor, community)
    if principle not in Principle.values:
        raise DomainError(ERR_PRINCIPLE, field="principle")
    professional_text = (professional_text or "").strip()
    user_text = (user_text or "").strip()
    if not professional_text:
        raise DomainError(ERR_STATEMENT_TEXT, field="professional_text")
    if not user_text:
        raise DomainError(ERR_STATEMENT_TEXT, field="user_text")
    if len(professional_text) > 300:
        raise DomainError(ERR_STATEMENT_TOO_LONG, field="professional_text")
    if len(user_text) > 300:
        raise DomainError(ERR_STATEMENT_TOO_LONG, field="user_text")
    with transaction.atomic():
        statement = CommunityStatement.objects.create(
            community=community,
            principle=principle,
            professional_text=professional_text,
            user_text=user_text,
            created_by=actor.user,
        )
        audit_record(
            actor=actor.user,
            community=community,
            action="assessment.statement_create",
            target=statement,
            changes={"principle": [None, principle], "professional_text": [None, professional_text]},
        )
    return statement


def community_statement_retire(*, actor: Membership, community: Community, statement_id: int) -> CommunityStatement:
    """Stop asking a community statement in new rounds; answers already given are kept."""
    require_coordinator(actor, community)
    with transaction.atomic():
        statement = CommunityStatement.objects.select_for_update().filter(community=community, pk=statement_id).first()
        if statement is None:
            raise NotFound()
        if statement.is_active:
            statement.is_active = False
            statement.save(update_fields=["is_active", "updated_at"])
            audit_record(
                actor=actor.user,
                community=community,
                action="assessment.statement_retire",
                target=statement,
                changes={"is_active": [True, False]},
            )
    return statement


def next_step_set(*, actor: Membership, community: Community, principle: str, band: str, text: str) -> None:
    """Set the community's own next step for a principle in a band; an empty text goes back to the default."""
    require_coordinator(actor, community)
    if principle not in Principle.values:
        raise DomainError(ERR_PRINCIPLE, field="principle")
    if band not in Band.values:
        raise DomainError(ERR_BAND, field="band")
    text = (text or "").strip()
    if len(text) > 2000:
        raise DomainError(ERR_NEXT_STEP_TOO_LONG, field=f"step_{principle}_{band}")
    with transaction.atomic():
        current = (
            NextStepOverride.objects.select_for_update()
            .filter(community=community, principle=principle, band=band)
            .first()
        )
        old = current.text if current else ""
        if old == text:
            return
        if not text and current is not None:
            audit_record(
                actor=actor.user,
                community=community,
                action="assessment.next_step_reset",
                target=current,
                changes={"cell": [None, f"{principle}/{band}"], "text": [old, ""]},
            )
            current.delete()
            return
        if current is None:
            target = NextStepOverride.objects.create(
                community=community, principle=principle, band=band, text=text, updated_by=actor.user
            )
        else:
            current.text = text
            current.updated_by = actor.user
            current.save(update_fields=["text", "updated_by", "updated_at"])
            target = current
        audit_record(
            actor=actor.user,
            community=community,
            action="assessment.next_step_set",
            target=target,
            changes={"cell": [None, f"{principle}/{band}"], "text": [old, text]},
        )


def next_steps_update(*, actor: Membership, community: Community, texts: dict[tuple[str, str], str]) -> None:
    """Save the whole next-steps table at once: every cell is set, or reset when empty, or none is."""
    require_coordinator(actor, community)
    with transaction.atomic():
        for (principle, band), text in texts.items():
            next_step_set(actor=actor, community=community, principle=principle, band=band, text=text)
