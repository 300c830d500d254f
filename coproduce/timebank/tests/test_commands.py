import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from coproduce.timebank.models import Exchange, ImportedRow

SAMPLES = Path(__file__).resolve().parents[1] / "sample_import"


@pytest.mark.django_db
def test_import_command_reports_rejections_and_is_idempotent(community, coordinator):
    args = [
        "timebank_import",
        "--community",
        community.slug,
        "--members",
        str(SAMPLES / "members.csv"),
        "--listings",
        str(SAMPLES / "listings.csv"),
        "--transfers",
        str(SAMPLES / "transfers.csv"),
    ]
    out, err = io.StringIO(), io.StringIO()

    call_command(*args, stdout=out, stderr=err)

    text = out.getvalue()
    assert "members: 5 created, 0 already imported" in text
    assert "7 rows rejected" in text
    assert "transfers row 8, column date:" in text
    rows = ImportedRow.objects.count()

    again = io.StringIO()
    call_command(*args, "--no-progress", stdout=again)
    assert "transfers: 0 created, 4 already imported" in again.getvalue()
    assert ImportedRow.objects.count() == rows


@pytest.mark.django_db
def test_import_command_refuses_unknown_communities_and_missing_files(community, coordinator):
    with pytest.raises(CommandError):
        call_command("timebank_import", "--community", "nowhere", "--members", str(SAMPLES / "members.csv"))
    with pytest.raises(CommandError):
        call_command("timebank_import", "--community", community.slug, "--members", "/no/such/file.csv")
    with pytest.raises(CommandError):
        call_command("timebank_import", "--community", community.slug)


@pytest.mark.django_db
def test_periodic_command_runs_or_enqueues_the_work(community, recorded):
    out = io.StringIO()
    call_command("timebank_periodic", "--now", stdout=out)
    assert "exchanges_autoconfirm_due: 0" in out.getvalue()

    enqueued = io.StringIO()
    call_command("timebank_periodic", stdout=enqueued)
    assert enqueued.getvalue().count("enqueued") == 3
    assert Exchange.objects.get(pk=recorded.pk).status == "recorded"
