"""Background work of the time bank (Django's task framework; the database-backed worker runs it).

Nothing schedules these by itself: `coproduce timebank_periodic` enqueues them, and a cron entry or a
systemd timer runs that every hour (weekly digests go out at most once a week per member whatever the rate).
"""

import datetime as dt

from django.tasks import task
from django.utils import timezone

from coproduce.communities.models import Community
from coproduce.timebank import notifications, selectors
from coproduce.timebank.models import Exchange
from coproduce.timebank.services import digest_mark_sent, exchange_autoconfirm, reminder_claim


@task()
def exchange_notify(exchange_id: int, event: str, actor_id: int | None = None) -> int:
    """Tell the people in an exchange what just happened to it."""
    exchange = (
        Exchange.objects.select_related(
            "community", "provider__user", "receiver__user", "provider_organisation", "receiver_organisation", "listing"
        )
        .filter(pk=exchange_id)
        .first()
    )
    if exchange is None:
        return 0
    return notifications.send_exchange_event(exchange, event, actor_id)


@task()
def exchanges_autoconfirm_due() -> int:
    """Confirm every recorded exchange whose waiting period is over; returns how many were confirmed."""
    confirmed = 0
    now = timezone.now()
    for community in Community.objects.all():
        for exchange_id in selectors.exchanges_due_for_autoconfirm(community=community, now=now).values_list(
            "pk", flat=True
        ):
            if exchange_autoconfirm(community=community, exchange_id=exchange_id, now=now) is not None:
                confirmed += 1
    return confirmed


@task()
def exchanges_send_reminders() -> int:
    """Remind both sides before a recorded exchange confirms itself, and providers who have not logged the
    hours of an accepted exchange. Returns how many emails went out."""
    sent = 0
    now = timezone.now()
    related = (
        "community",
        "provider__user",
        "receiver__user",
        "provider_organisation",
        "receiver_organisation",
        "listing",
    )
    for community in Community.objects.all():
        for exchange in selectors.exchanges_needing_confirm_reminder(community=community, now=now).select_related(
            *related
        ):
            if reminder_claim(community=community, exchange_id=exchange.pk, field="confirm_reminder_sent_at"):
                sent += notifications.send_confirm_reminder(exchange, selectors.autoconfirm_due_at(exchange, community))
        for exchange in selectors.exchanges_needing_log_reminder(community=community, now=now).select_related(*related):
            if reminder_claim(community=community, exchange_id=exchange.pk, field="log_reminder_sent_at"):
                sent += notifications.send_log_reminder(exchange)
    return sent


@task()
def digests_send_weekly() -> int:
    """Email each member who has not opted out the listings posted since their last digest (at most weekly)."""
    sent = 0
    now = timezone.now()
    for community in Community.objects.all():
        for membership in selectors.digest_recipients(community=community, now=now):
            since = getattr(membership, "last_digest_sent_at", None) or now - dt.timedelta(days=7)
            listings = selectors.listings_new_since(community=community, since=since, exclude=membership)
            if listings:
                sent += notifications.send_digest(membership, listings)
            digest_mark_sent(community=community, membership_id=membership.pk, sent_at=now)
    return sent
