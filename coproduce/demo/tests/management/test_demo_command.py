import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from coproduce.communities.models import Community, Membership
from coproduce.coproduction.models import Activity
from coproduce.demo.tests.digest import demo_rows


def _demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, "--no-modules", verbosity=0, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_small_run_creates_the_members_asked_for_and_reports_the_time_taken():
    output = _demo("--members", "45", "--seed", "3")

    assert Membership.objects.count() == 45
    assert Community.objects.count() == 3
    assert "Demo data loaded: 3 communities, 45 members" in output  # no modules: the three core communities
    assert " s (seed 3)." in output


@pytest.mark.django_db
def test_if_empty_does_nothing_the_second_time():
    _demo("--members", "45", "--if-empty")
    before = demo_rows()

    output = _demo("--members", "90", "--if-empty")

    assert "already present" in output
    assert demo_rows() == before


@pytest.mark.django_db
def test_a_second_load_without_if_empty_is_refused_with_a_clear_message():
    _demo("--members", "45")

    with pytest.raises(CommandError, match="already present"):
        _demo("--members", "45")


@pytest.mark.django_db
def test_today_pins_the_year_of_activity():
    _demo("--members", "45", "--today", "2026-01-31")

    days = {a.date() for a in Activity.objects.values_list("occurred_at", flat=True)}
    assert max(days) < dt.date(2026, 1, 31)
    assert min(days) >= dt.date(2025, 2, 1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--members", "10"), "at least 30"),
        (("--today", "31/01/2026"), "a date like"),
        (("--today", "2999-01-01"), "cannot be in the future"),
    ],
)
def test_bad_options_are_refused_and_nothing_is_created(args, message):
    with pytest.raises(CommandError, match=message):
        _demo(*args)

    assert not Community.objects.exists()
