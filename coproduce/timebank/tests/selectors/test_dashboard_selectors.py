import datetime as dt

import pytest
from django.utils import timezone

from coproduce.timebank import selectors, services
from coproduce.timebank.models import Exchange
from coproduce.timebank.tests.conftest import advance


@pytest.mark.django_db
def test_members_without_listings(community, coordinator, member, other_member, offer):
    without = set(selectors.members_without_listings(community=community))
    assert member not in without
    assert {other_member, coordinator} <= without


@pytest.mark.django_db
def test_inactive_members_have_no_confirmed_exchange_in_90_days(community, proposed, member, other_member, coordinator):
    for m in (member, other_member, coordinator):
        type(m).objects.filter(pk=m.pk).update(joined_at=timezone.now() - dt.timedelta(days=400))
    advance(proposed, "confirmed", provider=member, receiver=other_member)

    inactive = set(selectors.members_inactive(community=community))
    assert inactive == {coordinator}

    Exchange.objects.filter(pk=proposed.pk).update(confirmed_at=timezone.now() - dt.timedelta(days=91))
    inactive = {m.pk: m for m in selectors.members_inactive(community=community)}
    assert set(inactive) == {coordinator.pk, member.pk, other_member.pk}
    assert inactive[member.pk].last_given is not None
    assert inactive[member.pk].last_received is None


@pytest.mark.django_db
def test_queues_of_recorded_and_disputed_exchanges(community, recorded, other_member):
    due = selectors.exchanges_due_for_autoconfirm(
        community=community, now=timezone.now() + dt.timedelta(days=community.exchange_autoconfirm_days + 1)
    )
    assert list(selectors.exchanges_awaiting_confirmation(community=community)) == [recorded]
    assert list(due) == [recorded]
    assert not selectors.exchanges_due_for_autoconfirm(community=community).exists()

    services.exchange_dispute(actor=other_member, community=community, exchange_id=recorded.pk, reason="No")
    assert list(selectors.exchanges_disputed(community=community)) == [recorded]
    assert not selectors.exchanges_awaiting_confirmation(community=community).exists()


@pytest.mark.django_db
def test_an_exchange_is_visible_only_to_its_parties_and_coordinators(
    community, other_community, proposed, member, other_member, coordinator, outsider
):
    from coproduce.core.errors import NotFound
    from coproduce.core.testing import make_member

    stranger = make_member(community)
    for viewer in (member, other_member, coordinator):
        assert selectors.exchange_get(community=community, exchange_id=proposed.pk, viewer=viewer) == proposed
    for viewer, where in ((stranger, community), (outsider, community), (outsider, other_community)):
        with pytest.raises(NotFound):
            selectors.exchange_get(community=where, exchange_id=proposed.pk, viewer=viewer)


@pytest.mark.django_db
def test_recent_corrections_newest_first_and_only_this_communitys(
    community, other_community, proposed, coordinator, member, other_member
):
    confirmed = advance(proposed, "confirmed", provider=member, receiver=other_member)
    first = services.exchange_correct(
        actor=coordinator, community=community, exchange_id=confirmed.pk, minutes=60, reason="An hour"
    )
    second = services.exchange_correct(
        actor=coordinator, community=community, exchange_id=confirmed.pk, minutes=0, reason="It did not happen"
    )

    assert list(selectors.corrections_recent(community=community)) == [second, first]
    assert list(selectors.corrections_recent(community=other_community)) == []
