from django.core.mail import send_mail
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext as _

from coproduce.communities.models import Membership


@task()
def notify_coordinators_of_application(membership_id: int) -> int:
    from coproduce.communities.selectors import coordinators_of

    membership = Membership.objects.select_related("user", "community").get(pk=membership_id)
    recipients = [c.user.email for c in coordinators_of(community=membership.community) if c.user.email]
    if not recipients:
        return 0
    with translation.override(membership.community.locale):
        return send_mail(
            _("New application to join %(community)s") % {"community": membership.community.name},
            _("%(name)s has applied to join %(community)s. Review applications on the coordinator page.")
            % {"name": membership.user, "community": membership.community.name},
            None,
            recipients,
        )


@task()
def notify_applicant_of_decision(membership_id: int) -> int:
    membership = Membership.objects.select_related("user", "community").get(pk=membership_id)
    if not membership.user.email:
        return 0
    with translation.override(membership.user.preferred_language):
        if membership.status == Membership.Status.ACTIVE:
            subject = _("Welcome to %(community)s") % {"community": membership.community.name}
            body = _("Your application to join %(community)s has been approved.") % {"community": membership.community.name}
        else:
            subject = _("Your application to %(community)s") % {"community": membership.community.name}
            body = _("Your application to join %(community)s was not approved. The coordinator said: %(reason)s") % {
                "community": membership.community.name, "reason": membership.decision_reason}
        return send_mail(subject, body, None, [membership.user.email])
