import pytest

from coproduce.sharedroles.selectors import shifts_to_record
from coproduce.sharedroles.services import WorkInput, shift_record
from coproduce.sharedroles.tests.conftest import future_shift, past_shift


@pytest.mark.django_db
def test_started_open_shifts_wait_to_be_recorded(community, coordinator, garden, resident, other_community):
    waiting = past_shift(community, coordinator, garden, days=2)
    done = past_shift(community, coordinator, garden, days=1)
    future_shift(community, coordinator, garden)
    shift_record(actor=coordinator, community=community, shift_id=done.pk, worked=[WorkInput(resident.pk, 60)])

    assert list(shifts_to_record(community=community)) == [waiting]
    assert not shifts_to_record(community=other_community).exists()
