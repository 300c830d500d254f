import datetime as dt
import zoneinfo

import pytest

from coproduce.sharedroles import services
from coproduce.sharedroles.selectors import rota_week, week_start_of


def _at(community, day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=zoneinfo.ZoneInfo(community.timezone))


def _shift(community, coordinator, template, day, hour=10, capacity=3):
    start = _at(community, day, hour)
    return services.shift_create(
        actor=coordinator,
        community=community,
        template_id=template.pk,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        capacity=capacity,
    )


@pytest.fixture
def next_monday():
    today = dt.date.today()
    return week_start_of(today) + dt.timedelta(days=7)


@pytest.mark.django_db
def test_the_week_shows_each_day_with_its_shifts_and_mixed_crews(
    community, coordinator, kitchen, garden, staff, resident, other_resident, next_monday
):
    wednesday = next_monday + dt.timedelta(days=2)
    soup = _shift(community, coordinator, kitchen, wednesday, 10)
    weeding = _shift(community, coordinator, garden, wednesday, 14)
    services.shift_signup(actor=staff, community=community, shift_id=soup.pk)
    services.shift_signup(actor=resident, community=community, shift_id=soup.pk)
    services.shift_signup(actor=other_resident, community=community, shift_id=weeding.pk)

    days = rota_week(community=community, week_start=next_monday, viewer_id=resident.pk)

    assert [d.day for d in days] == [next_monday + dt.timedelta(days=i) for i in range(7)]
    assert [len(d.shifts) for d in days] == [0, 0, 2, 0, 0, 0, 0]
    first, second = days[2].shifts
    assert (first.shift, first.is_mixed, first.places_left, first.mine) == (soup, True, 1, True)
    assert (second.shift, second.is_mixed, second.places_left, second.mine) == (weeding, False, 2, False)
    assert [c.place_role for c in first.crew] == ["staff", "resident"]


@pytest.mark.django_db
def test_cancelled_shifts_other_weeks_and_other_communities_are_left_out(
    community, coordinator, garden, other_community, next_monday
):
    kept = _shift(community, coordinator, garden, next_monday, 9)
    cancelled = _shift(community, coordinator, garden, next_monday, 13)
    services.shift_cancel(actor=coordinator, community=community, shift_id=cancelled.pk, reason="Rain")
    _shift(community, coordinator, garden, next_monday + dt.timedelta(days=7), 9)

    days = rota_week(community=community, week_start=next_monday)
    elsewhere = rota_week(community=other_community, week_start=next_monday)

    assert [rs.shift for d in days for rs in d.shifts] == [kept]
    assert not any(d.shifts for d in elsewhere)


@pytest.mark.django_db
def test_a_late_evening_shift_belongs_to_its_local_day(community, coordinator, garden, next_monday):
    community.timezone = "Pacific/Auckland"
    community.save()
    _shift(community, coordinator, garden, next_monday + dt.timedelta(days=6), 23)

    days = rota_week(community=community, week_start=next_monday)

    assert len(days[6].shifts) == 1
