import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from coproduce.communities.models import Check, Membership, User
from coproduce.coproduction.models import Activity, Contribution, Service
from coproduce.demo.bulk import insert_objects, insert_rows


@pytest.mark.django_db
def test_inserted_objects_get_their_ids_in_order_and_read_back_as_written(community):
    users = [User(name=f"Person {n}", email=f"p{n}@example.org", password="!x") for n in range(5)]
    joined = dt.datetime(2026, 1, 2, 9, 30, tzinfo=dt.UTC)

    insert_objects(users)
    memberships = [
        Membership(community=community, user=user, member_number=n + 1, status="active", joined_at=joined)
        for n, user in enumerate(users)
    ]
    insert_objects(memberships)

    assert [u.pk for u in users] == sorted(u.pk for u in users)
    for user in users:
        assert User.objects.get(pk=user.pk).email == user.email
        assert not user._state.adding
    stored = Membership.objects.get(pk=memberships[3].pk)
    assert (stored.user_id, stored.member_number, stored.joined_at, stored.kind) == (users[3].pk, 4, joined, "citizen")
    assert stored.created_at is not None


@pytest.mark.django_db
def test_rows_are_converted_like_the_orm_converts_them(community, coordinator):
    checked, expires = dt.date(2025, 5, 1), dt.date(2028, 5, 1)

    insert_rows(
        Check,
        ("community_id", "membership_id", "kind", "status", "title", "checked_on", "expires_on", "notes"),
        [(community.pk, coordinator.pk, "background", "passed", "DBS", checked, expires, "")],
    )

    check = Check.objects.get()
    assert (check.checked_on, check.expires_on, check.membership_id) == (checked, expires, coordinator.pk)


@pytest.mark.django_db
def test_the_database_still_enforces_its_constraints(community, member):
    service = Service.objects.create(community=community, name="Lunch club")
    activity = Activity.objects.create(
        community=community,
        service=service,
        kind="event",
        phase="deliver",
        title="Lunch",
        occurred_at=dt.datetime(2026, 1, 5, 12, tzinfo=dt.UTC),
    )
    fields = ("community_id", "activity_id", "membership_id", "role", "minutes")

    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(Contribution, fields, [(community.pk, activity.pk, member.pk, "gave", 24 * 60 + 1)])

    assert not Contribution.objects.exists()
