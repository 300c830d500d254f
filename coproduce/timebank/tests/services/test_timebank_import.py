import io
from pathlib import Path

import pytest

from coproduce.communities.models import Membership
from coproduce.core.errors import NotFound
from coproduce.ledger.models import Transfer
from coproduce.ledger.selectors import account_for_membership
from coproduce.timebank import services
from coproduce.timebank.models import Exchange, ImportedRow, Listing

SAMPLES = Path(__file__).resolve().parents[2] / "sample_import"


def _run(community, actor, **files):
    return services.timebank_import(
        actor=actor, community=community, **{name: io.StringIO(text) for name, text in files.items()}
    )


def _samples() -> dict[str, str]:
    return {
        name: (SAMPLES / f"{name}.csv").read_text(encoding="utf-8") for name in ("members", "listings", "transfers")
    }


@pytest.mark.django_db
def test_the_sample_files_import_with_the_documented_rejections(community, coordinator):
    report = _run(community, coordinator, **_samples())

    assert report.created == {"members": 5, "listings": 4, "transfers": 4}
    assert {(r.file, r.row, r.column) for r in report.rejected} == {
        ("members", 7, "name"),
        ("members", 8, "email"),
        ("listings", 6, "member_external_id"),
        ("listings", 7, "kind"),
        ("transfers", 6, "to_member_external_id"),
        ("transfers", 7, "minutes"),
        ("transfers", 8, "date"),
    }
    ruth = Membership.objects.get(community=community, user__name="Ruth Okafor")
    # T001 earned 120, T002 spent 90 (1.5 hours)
    assert account_for_membership(community=community, membership=ruth).balance == 30
    amina = Membership.objects.get(community=community, user__name="Amina Begum")
    assert amina.is_brokered
    assert amina.user.email is None
    assert Exchange.objects.filter(community=community, origin="imported", status="confirmed").count() == 4
    assert Listing.objects.get(community=community, title="Someone to read to me").needs_check


@pytest.mark.django_db
def test_running_the_same_import_again_changes_nothing(community, coordinator):
    _run(community, coordinator, **_samples())
    counts = (
        Membership.objects.count(),
        Listing.objects.count(),
        Transfer.objects.count(),
        ImportedRow.objects.count(),
    )

    report = _run(community, coordinator, **_samples())

    assert report.created == {"members": 0, "listings": 0, "transfers": 0}
    assert report.unchanged == {"members": 5, "listings": 4, "transfers": 4}
    assert (
        Membership.objects.count(),
        Listing.objects.count(),
        Transfer.objects.count(),
        ImportedRow.objects.count(),
    ) == counts


@pytest.mark.django_db
def test_a_fixed_row_is_added_on_the_next_run(community, coordinator):
    members = "external_id,name\nA1,\n"
    first = _run(community, coordinator, members=members)
    assert first.created["members"] == 0

    second = _run(community, coordinator, members="external_id,name\nA1,Ann Fixed\n")

    assert second.created["members"] == 1
    assert not second.rejected


@pytest.mark.django_db
def test_a_transfer_breaking_a_limit_is_rejected_whole_with_the_ledgers_reason(community, coordinator):
    community.default_floor_minutes = -60
    community.default_soft_floor_minutes = -60
    community.save()
    members = "external_id,name\nA,Ann\nB,Ben\n"
    transfers = "external_id,from_member_external_id,to_member_external_id,date,minutes\nX1,A,B,2024-01-01,90\n"

    report = _run(community, coordinator, members=members, transfers=transfers)

    assert report.created["transfers"] == 0
    (rejection,) = report.rejected
    assert (rejection.file, rejection.row) == ("transfers", 2)
    assert "-90" in rejection.reason
    assert not Transfer.objects.exists()
    assert not Exchange.objects.exists()
    assert not ImportedRow.objects.filter(source="transfer").exists()


@pytest.mark.django_db
def test_a_file_without_required_columns_is_rejected_as_a_whole(community, coordinator):
    report = _run(community, coordinator, members="id,full_name\n1,Ann\n")

    assert [(r.file, r.row, r.column) for r in report.rejected] == [
        ("members", 1, "external_id"),
        ("members", 1, "name"),
    ]
    assert report.created["members"] == 0


@pytest.mark.django_db
def test_only_a_coordinator_of_the_community_imports(community, member, outsider):
    with pytest.raises(NotFound):
        _run(community, member, members="external_id,name\nA,Ann\n")
    with pytest.raises(NotFound):
        _run(community, outsider, members="external_id,name\nA,Ann\n")
