import re

import pytest

from coproduce.coproduction.models import Activity
from coproduce.core.errors import DomainError
from coproduce.core.testing import make_member
from coproduce.ledger.models import Transfer
from coproduce.ledger.selectors import account_for_membership
from coproduce.timebank import services
from coproduce.timebank.models import Exchange


@pytest.fixture
def learners(community):
    return [make_member(community, name=f"Learner {n}") for n in range(3)]


@pytest.mark.django_db
def test_one_provider_many_receivers_posts_every_leg_in_one_batch(community, coordinator, member, learners, category):
    group = services.group_exchange_create(
        actor=coordinator,
        community=community,
        mode="one_to_many",
        category_id=category.pk,
        title="Pruning workshop",
        one_membership_id=member.pk,
        legs=[services.GroupLeg(60, membership_id=m.pk) for m in learners],
        idempotency_key="workshop-1",
    )

    exchanges = list(group.exchanges.all())
    assert {e.status for e in exchanges} == {Exchange.Status.CONFIRMED}
    assert {e.receiver_id for e in exchanges} == {m.pk for m in learners}
    transfers = Transfer.objects.filter(pk__in=[e.transfer_id for e in exchanges])
    assert len({t.batch for t in transfers}) == 1
    assert account_for_membership(community=community, membership=member).balance == 180
    assert Activity.objects.filter(community=community, kind="exchange").count() == 3
    # a retry returns the same group and posts nothing more
    again = services.group_exchange_create(
        actor=coordinator,
        community=community,
        mode="one_to_many",
        category_id=category.pk,
        title="Pruning workshop",
        one_membership_id=member.pk,
        legs=[services.GroupLeg(60, membership_id=m.pk) for m in learners],
        idempotency_key="workshop-1",
    )
    assert again.pk == group.pk
    assert Transfer.objects.count() == 3


@pytest.mark.django_db
def test_many_to_one_is_all_or_nothing_when_one_leg_breaks_a_limit(community, coordinator, member, learners, category):
    community.default_floor_minutes = -100
    community.default_soft_floor_minutes = -100
    community.save()

    with pytest.raises(DomainError):
        services.group_exchange_create(
            actor=coordinator,
            community=community,
            mode="many_to_one",
            category_id=category.pk,
            title="Garden clear-up",
            one_membership_id=member.pk,
            legs=[services.GroupLeg(60, membership_id=m.pk) for m in learners],
            idempotency_key="clear-up",
        )

    assert not Transfer.objects.exists()
    assert not Exchange.objects.exists()
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_a_group_needs_distinct_people_and_at_least_two_of_them(community, coordinator, member, learners, category):
    def create(legs, one=member.pk):
        return services.group_exchange_create(
            actor=coordinator,
            community=community,
            mode="one_to_many",
            category_id=category.pk,
            title="x",
            one_membership_id=one,
            legs=legs,
            idempotency_key="k",
        )

    with pytest.raises(DomainError, match=re.escape(str(services.ERR_LEGS))):
        create([services.GroupLeg(60, membership_id=learners[0].pk)])
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_DUPLICATE_PARTY))):
        create(
            [services.GroupLeg(60, membership_id=learners[0].pk), services.GroupLeg(60, membership_id=learners[0].pk)]
        )
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_DUPLICATE_PARTY))):
        create([services.GroupLeg(60, membership_id=member.pk), services.GroupLeg(60, membership_id=learners[0].pk)])
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_MINUTES))):
        create(
            [services.GroupLeg(0, membership_id=learners[0].pk), services.GroupLeg(60, membership_id=learners[1].pk)]
        )
    assert not Exchange.objects.exists()
