import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from coproduce.communities.models import User
from coproduce.core.testing import make_member
from coproduce.timebank import services, tasks
from coproduce.timebank.models import Exchange, Listing
from coproduce.timebank.tests.conftest import advance


def _later(days: float):
    return mock.patch("django.utils.timezone.now", return_value=timezone.now() + dt.timedelta(days=days))


@pytest.mark.django_db
def test_autoconfirm_task_confirms_only_exchanges_past_the_waiting_period(
    community, recorded, member, other_member, category, mailoutbox
):
    fresh = services.exchange_respond(
        actor=other_member,
        community=community,
        listing_id=services.listing_create(
            actor=member, community=community, kind="offer", category_id=category.pk, title="Fresh"
        ).pk,
    )
    advance(fresh, "recorded", provider=member, receiver=other_member)
    Exchange.objects.filter(pk=recorded.pk).update(
        recorded_at=timezone.now() - dt.timedelta(days=community.exchange_autoconfirm_days, minutes=1)
    )

    assert tasks.exchanges_autoconfirm_due.call() == 1

    recorded.refresh_from_db()
    fresh.refresh_from_db()
    assert (recorded.status, recorded.auto_confirmed) == (Exchange.Status.CONFIRMED, True)
    assert fresh.status == Exchange.Status.RECORDED
    assert tasks.exchanges_autoconfirm_due.call() == 0


@pytest.mark.django_db
def test_both_sides_are_reminded_once_before_an_exchange_confirms_itself(
    community, recorded, member, other_member, mailoutbox
):
    Exchange.objects.filter(pk=recorded.pk).update(
        recorded_at=timezone.now() - dt.timedelta(days=community.exchange_autoconfirm_days - 2)
    )

    sent = tasks.exchanges_send_reminders.call()

    assert sent == 2
    assert {m.to[0] for m in mailoutbox} == {member.user.email, other_member.user.email}
    assert all("confirm themselves soon" in m.subject for m in mailoutbox)
    assert tasks.exchanges_send_reminders.call() == 0


@pytest.mark.django_db
def test_providers_are_reminded_to_log_hours_after_the_arranged_time(
    community, proposed, member, other_member, mailoutbox
):
    advance(proposed, "arranged", provider=member, receiver=other_member)

    assert tasks.exchanges_send_reminders.call() == 0
    with _later(4):
        assert tasks.exchanges_send_reminders.call() == 1
        assert tasks.exchanges_send_reminders.call() == 0

    (message,) = mailoutbox
    assert message.to == [member.user.email]
    assert "record the hours" in message.subject.lower()


@pytest.mark.django_db
def test_weekly_digest_lists_new_listings_and_respects_the_opt_out(
    community, coordinator, member, other_member, offer, request_listing, mailoutbox
):
    quiet = make_member(community, name="Quinn Quiet")
    services.preference_update(actor=quiet, community=community, weekly_digest=False)
    make_member(community, user=User.objects.create_user(name="Ned No-Email"), is_brokered=True)

    sent = tasks.digests_send_weekly.call()

    recipients = {m.to[0] for m in mailoutbox}
    assert quiet.user.email not in recipients
    assert recipients == {coordinator.user.email, member.user.email, other_member.user.email}
    mo = next(m for m in mailoutbox if m.to == [member.user.email])
    assert request_listing.title in mo.body
    assert offer.title not in mo.body
    assert sent == 3
    # a second run in the same week sends nothing
    assert tasks.digests_send_weekly.call() == 0
    # a week later only newer listings are sent, and only if there are any
    with _later(7):
        assert tasks.digests_send_weekly.call() == 0
    Listing.objects.update(created_at=timezone.now() + dt.timedelta(days=13))
    with _later(14):
        assert tasks.digests_send_weekly.call() == 3


@pytest.mark.django_db
def test_the_other_side_is_emailed_about_each_step(
    community, offer, member, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        exchange = services.exchange_respond(actor=other_member, community=community, listing_id=offer.pk)
    assert [m.to for m in mailoutbox] == [[member.user.email]]

    with django_capture_on_commit_callbacks(execute=True):
        services.exchange_accept(actor=member, community=community, exchange_id=exchange.pk)
        services.exchange_record(actor=member, community=community, exchange_id=exchange.pk, minutes=60)
    assert [m.to for m in mailoutbox[1:]] == [[other_member.user.email], [other_member.user.email]]
    assert f"/timebank/exchanges/{exchange.pk}/" in mailoutbox[-1].body
