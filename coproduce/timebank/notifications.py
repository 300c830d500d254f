"""The emails the time bank sends: exchange news to the people in it, reminders, and the weekly digest.

Each message is written in the recipient's language. Members without an email address (brokered members)
get nothing by email; their coordinator sees the same work on the dashboard.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from coproduce.communities.models import Membership
from coproduce.communities.selectors import coordinators_of
from coproduce.timebank.models import Exchange, Listing


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    language: str
    membership_id: int | None = None


def _site_url(path: str) -> str:
    return getattr(settings, "COPRODUCE_SITE_URL", "").rstrip("/") + path


def exchange_url(exchange: Exchange) -> str:
    return _site_url(reverse("timebank:exchange_detail", args=[exchange.community.slug, exchange.pk]))


def _member(membership: Membership | None) -> list[Recipient]:
    if membership is None or not membership.user.email or not membership.is_active:
        return []
    return [Recipient(membership.user.email, str(membership.user), membership.user.preferred_language, membership.pk)]


def _side(exchange: Exchange, side: str) -> list[Recipient]:
    membership = getattr(exchange, side)
    organisation = getattr(exchange, f"{side}_organisation")
    if organisation is not None:
        return (
            [Recipient(organisation.contact_email, str(organisation), exchange.community.locale)]
            if organisation.contact_email
            else []
        )
    return _member(membership)


def _owner_side(exchange: Exchange) -> str:
    return "provider" if exchange.listing is not None and exchange.listing.kind == Listing.Kind.OFFER else "receiver"


def _other(side: str) -> str:
    return "receiver" if side == "provider" else "provider"


EVENT_SIDES = {
    "responded": lambda e: [_owner_side(e)],
    "accepted": lambda e: [_other(_owner_side(e))],
    "declined": lambda e: [_other(_owner_side(e))],
    "arranged": lambda e: ["provider", "receiver"],
    "recorded": lambda e: ["receiver"],
    "confirmed": lambda e: ["provider"],
    "autoconfirmed": lambda e: ["provider", "receiver"],
    "disputed": lambda e: ["provider"],
    "resolved": lambda e: ["provider", "receiver"],
    "cancelled": lambda e: ["provider", "receiver"],
    "corrected": lambda e: ["provider", "receiver"],
}


def exchange_recipients(exchange: Exchange, event: str, actor_id: int | None) -> list[Recipient]:
    recipients = [r for side in EVENT_SIDES[event](exchange) for r in _side(exchange, side)]
    if event == "disputed":
        recipients += [r for c in coordinators_of(community=exchange.community) for r in _member(c)]
    unique: dict[str, Recipient] = {}
    for recipient in recipients:
        if recipient.membership_id is None or recipient.membership_id != actor_id:
            unique.setdefault(recipient.email.lower(), recipient)
    return list(unique.values())


def _send(recipient: Recipient, subject: str, template: str, context: dict) -> int:
    body = render_to_string(template, {**context, "recipient": recipient})
    return EmailMessage(subject, body, None, [recipient.email]).send()


def send_exchange_event(exchange: Exchange, event: str, actor_id: int | None = None) -> int:
    sent = 0
    for recipient in exchange_recipients(exchange, event, actor_id):
        with translation.override(recipient.language):
            subjects = {
                "responded": _("Someone answered your listing: %(title)s"),
                "accepted": _("Your exchange was accepted: %(title)s"),
                "declined": _("Your exchange was declined: %(title)s"),
                "arranged": _("Exchange arranged: %(title)s"),
                "recorded": _("Please confirm the hours: %(title)s"),
                "confirmed": _("Exchange confirmed: %(title)s"),
                "autoconfirmed": _("Exchange confirmed: %(title)s"),
                "disputed": _("Exchange disputed: %(title)s"),
                "resolved": _("A coordinator settled the exchange: %(title)s"),
                "cancelled": _("Exchange cancelled: %(title)s"),
                "corrected": _("A coordinator corrected the hours: %(title)s"),
            }
            sent += _send(
                recipient,
                subjects[event] % {"title": exchange.title},
                "timebank/email/exchange_event.txt",
                {"exchange": exchange, "event": event, "url": exchange_url(exchange)},
            )
    return sent


def send_confirm_reminder(exchange: Exchange, due_at) -> int:
    sent = 0
    for recipient in exchange_recipients(exchange, "arranged", None):
        with translation.override(recipient.language):
            subject = _("Reminder: the hours for %(title)s confirm themselves soon") % {"title": exchange.title}
            sent += _send(
                recipient,
                subject,
                "timebank/email/confirm_reminder.txt",
                {
                    "exchange": exchange,
                    "due_at": due_at,
                    "url": exchange_url(exchange),
                    "is_receiver": recipient.membership_id == exchange.receiver_id,
                },
            )
    return sent


def send_log_reminder(exchange: Exchange) -> int:
    sent = 0
    for recipient in _side(exchange, "provider"):
        with translation.override(recipient.language):
            subject = _("Please record the hours for %(title)s") % {"title": exchange.title}
            sent += _send(
                recipient,
                subject,
                "timebank/email/log_reminder.txt",
                {"exchange": exchange, "url": exchange_url(exchange)},
            )
    return sent


def send_digest(membership: Membership, listings: list[Listing]) -> int:
    recipients = _member(membership)
    if not recipients or not listings:
        return 0
    recipient = recipients[0]
    community = membership.community
    with translation.override(recipient.language):
        subject = _("New in %(community)s this week") % {"community": community.name}
        return _send(
            recipient,
            subject,
            "timebank/email/digest.txt",
            {
                "community": community,
                "listings": listings,
                "browse_url": _site_url(reverse("timebank:listings", args=[community.slug])),
                "settings_url": _site_url(reverse("timebank:preferences", args=[community.slug])),
                "site_url": _site_url(""),
            },
        )
