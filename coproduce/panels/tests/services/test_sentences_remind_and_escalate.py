import datetime as dt

import pytest
from django.utils import timezone

from coproduce.panels.models import Sentence
from coproduce.panels.selectors import overdue_queue
from coproduce.panels.services import sentences_remind_and_escalate
from coproduce.panels.tests.conftest import sentenced_case


@pytest.fixture
def case(community, coordinator, presiding, jurors, foreperson):
    return sentenced_case(community, coordinator, presiding, jurors, foreperson)


@pytest.mark.django_db
def test_a_sentence_falling_due_brings_one_reminder(community, case, mailoutbox, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    Sentence.objects.filter(case=case).update(due_on=today + dt.timedelta(days=5))

    with django_capture_on_commit_callbacks(execute=True):
        first = sentences_remind_and_escalate(community=community, today=today)
    with django_capture_on_commit_callbacks(execute=True):
        again = sentences_remind_and_escalate(community=community, today=today + dt.timedelta(days=1))

    assert (first, again) == ((1, 0), (0, 0))
    (reminder,) = mailoutbox
    assert reminder.to == ["dee@example.org"]
    assert "Essay" in reminder.body


@pytest.mark.django_db
def test_an_overdue_sentence_joins_the_coordinators_queue_and_they_are_told_once(
    community, coordinator, case, mailoutbox, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    Sentence.objects.filter(case=case).update(due_on=today - dt.timedelta(days=1))

    with django_capture_on_commit_callbacks(execute=True):
        assert sentences_remind_and_escalate(community=community, today=today) == (0, 1)
    assert sentences_remind_and_escalate(community=community, today=today) == (0, 0)

    assert [s.case for s in overdue_queue(community=community, today=today)] == [case]
    assert [m.to for m in mailoutbox] == [[coordinator.user.email]]
    assert Sentence.objects.get(case=case).escalated_on == today


@pytest.mark.django_db
def test_the_daily_round_runs_for_every_court_with_settings(community, coordinator, case, other_community):
    from coproduce.panels.services import settings_update
    from coproduce.panels.tasks import run_daily_round

    settings_update(actor=coordinator, community=community, reminder_days=10)
    Sentence.objects.filter(case=case).update(due_on=timezone.localdate() - dt.timedelta(days=2))

    result = run_daily_round.enqueue()

    assert [tuple(pair) for pair in result.return_value] == [(0, 1)]
    assert Sentence.objects.get(case=case).escalated_on == timezone.localdate()


@pytest.mark.django_db
def test_the_scheduler_finds_the_daily_round_command(community, coordinator, case):
    from io import StringIO

    from django.core.management import call_command

    Sentence.objects.filter(case=case).update(due_on=timezone.localdate() - dt.timedelta(days=1))
    from coproduce.panels.services import settings_update

    settings_update(actor=coordinator, community=community, min_jurors=3)
    out = StringIO()

    call_command("panels_daily", stdout=out)

    assert "Queued the daily round" in out.getvalue()
    assert Sentence.objects.get(case=case).escalated_on == timezone.localdate()
