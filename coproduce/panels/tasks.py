"""Emails the court sends in the background: reminders, escalations and notices to referrers."""

from django.core.mail import send_mail
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext as _

from coproduce.communities.models import Community
from coproduce.panels.models import Case, CaseStatus, CourtSettings, Sentence


def _first_and_initial(case: Case) -> str:
    return f"{case.first_name} {case.last_name[:1]}."


@task()
def send_sentence_reminder(sentence_id: int) -> int:
    """Remind the young person (and their parent or guardian) what is left to do and by when."""
    sentence = Sentence.objects.select_related("case__community", "case__respondent__user").get(pk=sentence_id)
    case = sentence.case
    recipients = [e for e in (case.respondent.user.email if case.respondent else None, case.guardian_email) if e]
    if not recipients:
        return 0
    left = [s for s in sentence.sanctions.all() if s.completed_at is None]
    with translation.override(case.community.locale):
        lines = "\n".join(f"- {s.get_kind_display()}: {s.target - s.done}" for s in left)
        return send_mail(
            _("Your youth court sentence is due on %(date)s") % {"date": sentence.due_on.isoformat()},
            _(
                "Hello %(name)s,\n\nThis is a reminder from %(court)s. Still to do before %(date)s:\n%(lines)s\n\n"
                "If something is in the way, talk to your coordinator: we would rather help than see you fall behind."
            )
            % {
                "name": case.first_name,
                "court": case.community.name,
                "date": sentence.due_on.isoformat(),
                "lines": lines,
            },
            None,
            recipients,
        )


@task()
def notify_coordinators_overdue(sentence_id: int) -> int:
    from coproduce.communities.selectors import coordinators_of

    sentence = Sentence.objects.select_related("case__community").get(pk=sentence_id)
    community = sentence.case.community
    recipients = [c.user.email for c in coordinators_of(community=community) if c.user.email]
    if not recipients:
        return 0
    with translation.override(community.locale):
        return send_mail(
            _("Case %(ref)s is overdue") % {"ref": sentence.case.reference},
            _("The sentence in case %(ref)s was due on %(date)s and is not complete. It is in the overdue queue.")
            % {"ref": sentence.case.reference, "date": sentence.due_on.isoformat()},
            None,
            recipients,
        )


@task()
def notify_referrer(case_id: int) -> int:
    """Tell the referrer how the case ended: completed, or returned with the reason."""
    case = Case.objects.select_related("community").get(pk=case_id)
    if not case.referrer_email:
        return 0
    with translation.override(case.community.locale):
        values = {
            "court": case.community.name,
            "ref": case.reference,
            "name": _first_and_initial(case),
            "referrer": case.referrer_name,
            "reason": case.status_reason,
        }
        if case.status == CaseStatus.COMPLETED:
            subject = _("%(name)s has completed their youth court sentence") % values
            body = (
                _(
                    "Dear %(referrer)s,\n\n%(name)s, whom you referred to %(court)s (case %(ref)s), has completed "
                    "every part of the sentence the jury decided.\n"
                )
                % values
            )
        elif case.status == CaseStatus.RETURNED:
            subject = _("Your referral of %(name)s has been returned") % values
            body = (
                _(
                    "Dear %(referrer)s,\n\n%(court)s is returning case %(ref)s (%(name)s) to you. "
                    "The reason: %(reason)s\n"
                )
                % values
            )
        else:
            return 0
        return send_mail(subject, body, None, [case.referrer_email])


@task()
def run_daily_round(community_id: int | None = None) -> list[tuple[int, int]]:
    """Reminders and escalations for one court, or for every court with settings."""
    from coproduce.panels.services import sentences_remind_and_escalate

    ids = [community_id] if community_id else list(CourtSettings.objects.values_list("community_id", flat=True))
    return [sentences_remind_and_escalate(community=c) for c in Community.objects.filter(pk__in=ids).order_by("pk")]
