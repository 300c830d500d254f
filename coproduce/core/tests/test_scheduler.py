import io

import pytest
from django.core.management import call_command

from coproduce.core.management.commands.scheduler import recurring_commands


def test_finds_every_module_that_asks_for_recurring_work():
    commands = recurring_commands()
    assert commands["timebank_periodic"] == 3600
    assert commands["panels_daily"] == 86400
    assert "demo" not in commands


@pytest.mark.django_db
def test_once_runs_each_recurring_command():
    out = io.StringIO()
    call_command("scheduler", "--once", stdout=out)
    text = out.getvalue()
    assert "exchanges_autoconfirm_due" in text or "autoconfirm" in text
    assert "daily round" in text
