import pytest

from coproduce.audit.models import AuditEvent
from coproduce.communities.models import Membership
from coproduce.coproduction.models import Activity, Contribution
from coproduce.core.errors import DomainError, NotFound
from coproduce.core.testing import make_member
from coproduce.insights.compute import gather_facts
from coproduce.insights.periods import last_months
from coproduce.insights.rollups import rollups_catch_up, rollups_current, rollups_rebuild
from coproduce.ledger import services as ledger_services
from coproduce.ledger.models import Account, Entry, Transfer
from coproduce.ledger.selectors import account_for_membership
from coproduce.ledger.verify import ledger_verify
from coproduce.timebank import services
from coproduce.timebank.models import Exchange, ExchangeCorrection
from coproduce.timebank.tests.conftest import advance


@pytest.fixture
def confirmed(proposed, member, other_member) -> Exchange:
    """Mo gave Olu 90 minutes of gardening, and Olu confirmed it."""
    return advance(proposed, "confirmed", provider=member, receiver=other_member)


def _balances(community, *memberships) -> list[int]:
    return [account_for_membership(community=community, membership=m).balance for m in memberships]


def _books_balance(community) -> None:
    report = ledger_verify(community=community)
    assert report.ok, report.problems


def _correct(coordinator, community, exchange, minutes, reason="Recorded the wrong day's hours", **kwargs):
    return services.exchange_correct(
        actor=coordinator, community=community, exchange_id=exchange.pk, minutes=minutes, reason=reason, **kwargs
    )


@pytest.mark.django_db
def test_correcting_to_fewer_minutes_reverses_and_posts_the_corrected_time(
    community, confirmed, coordinator, member, other_member
):
    # given Olu confirmed 90 minutes, but it was an hour
    original = confirmed.transfer

    # when a coordinator corrects it to 60 minutes
    correction = _correct(coordinator, community, confirmed, 60)

    # then the original transfer is reversed and 60 minutes are posted, receiver to provider
    exchange = Exchange.objects.get(pk=confirmed.pk)
    assert (exchange.status, exchange.minutes) == (Exchange.Status.CONFIRMED, 60)
    reversal_key, transfer_key = services.correction_keys(exchange.pk, 1)
    reversal = Transfer.objects.get(reverses=original)
    assert (reversal.kind, reversal.minutes, reversal.idempotency_key) == ("reversal", 90, reversal_key)
    new = Transfer.objects.get(pk=exchange.transfer_id)
    assert (new.kind, new.minutes, new.idempotency_key) == ("exchange", 60, transfer_key)
    assert (new.from_account_id, new.to_account_id) == (original.from_account_id, original.to_account_id)
    assert _balances(community, member, other_member) == [60, -60]
    # and the exchange keeps who corrected what, from what, to what, and why
    assert (correction.number, correction.minutes_before, correction.minutes_after) == (1, 90, 60)
    assert (correction.corrected_by, correction.reason) == (coordinator.user, "Recorded the wrong day's hours")
    assert (correction.reversal_id, correction.transfer_id) == (reversal.pk, new.pk)
    audit = AuditEvent.objects.get(action="timebank.exchange.correct", object_id=str(exchange.pk))
    assert audit.changes["minutes"] == [90, 60]
    assert audit.changes["transfer"] == [original.pk, new.pk]
    # and the delivered activity now counts the corrected hour for both of them; the new transfer pays for it
    assert Activity.objects.filter(community=community).count() == 1
    assert sorted(Contribution.objects.values_list("membership_id", "role", "minutes")) == sorted(
        [(member.pk, "gave", 60), (other_member.pk, "received", 60)]
    )
    assert new.activity_id == exchange.activity_id
    _books_balance(community)


@pytest.mark.django_db
def test_correcting_to_more_and_then_again_reverses_the_latest_transfer(
    community, confirmed, coordinator, member, other_member
):
    first = _correct(coordinator, community, confirmed, 150)
    second = _correct(coordinator, community, confirmed, 120, reason="It was two hours after all")

    assert (first.number, second.number) == (1, 2)
    assert Transfer.objects.get(reverses_id=first.transfer_id).pk == second.reversal_id
    assert Exchange.objects.get(pk=confirmed.pk).transfer_id == second.transfer_id
    assert _balances(community, member, other_member) == [120, -120]
    assert list(confirmed.corrections.values_list("minutes_before", "minutes_after")) == [(90, 150), (150, 120)]
    _books_balance(community)


@pytest.mark.django_db
def test_correcting_to_zero_means_it_did_not_happen(community, confirmed, coordinator, member, other_member):
    correction = _correct(coordinator, community, confirmed, 0, reason="Olu was away that week")

    exchange = Exchange.objects.get(pk=confirmed.pk)
    assert (exchange.status, exchange.minutes, exchange.transfer_id) == (Exchange.Status.VOIDED, None, None)
    assert correction.transfer_id is None
    assert Transfer.objects.filter(community=community).count() == 2  # the original and its reversal
    assert _balances(community, member, other_member) == [0, 0]
    _books_balance(community)
    # and no one's hours count in the record any more; the activity stays, as the ledger's transfers refer to it
    assert not Contribution.objects.filter(activity_id=confirmed.activity_id).exists()
    assert Activity.objects.filter(pk=confirmed.activity_id).exists()
    # and there is nothing left to correct
    with pytest.raises(DomainError) as error:
        _correct(coordinator, community, exchange, 30)
    assert str(error.value) == str(services.ERR_CORRECT_NOT_CONFIRMED)


@pytest.mark.django_db
def test_a_retry_with_the_same_key_returns_the_first_correction(
    community, confirmed, coordinator, member, other_member
):
    first = _correct(coordinator, community, confirmed, 60, idempotency_key="fix-1")

    again = _correct(coordinator, community, confirmed, 60, idempotency_key="fix-1")

    assert again.pk == first.pk
    assert ExchangeCorrection.objects.count() == 1
    assert Transfer.objects.filter(community=community).count() == 3
    assert _balances(community, member, other_member) == [60, -60]
    # a retry without a key asks for the same time again, which is refused
    with pytest.raises(DomainError) as error:
        _correct(coordinator, community, confirmed, 60)
    assert (str(error.value), error.value.field) == (str(services.ERR_CORRECT_SAME), "minutes")
    assert Transfer.objects.filter(community=community).count() == 3


@pytest.mark.django_db
def test_a_reversal_already_made_on_the_ledger_pages_is_taken_as_the_correction(
    community, confirmed, coordinator, member, other_member
):
    # given a coordinator reversed the exchange's transfer on the ledger's pages
    reversal = ledger_services.transfer_reverse(
        actor=coordinator, community=community, transfer=confirmed.transfer, reason="Wrong", idempotency_key="r1"
    )

    correction = _correct(coordinator, community, confirmed, 45)

    assert correction.reversal_id == reversal.pk
    assert Transfer.objects.filter(kind="reversal").count() == 1
    assert _balances(community, member, other_member) == [45, -45]
    _books_balance(community)


def _state(community, exchange):
    exchange = Exchange.objects.get(pk=exchange.pk)
    return (
        exchange.status,
        exchange.minutes,
        exchange.transfer_id,
        Transfer.objects.count(),
        Entry.objects.count(),
        AuditEvent.objects.count(),
        ExchangeCorrection.objects.count(),
        list(Account.objects.filter(community=community).order_by("pk").values_list("balance", flat=True)),
        list(Contribution.objects.order_by("pk").values_list("minutes", flat=True)),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("minutes", "reason", "message", "field"),
    [
        (-1, "Too long", "ERR_CORRECT_MINUTES", "minutes"),
        (1441, "Too long", "ERR_CORRECT_MINUTES", "minutes"),
        ("60", "Too long", "ERR_CORRECT_MINUTES", "minutes"),
        (True, "Too long", "ERR_CORRECT_MINUTES", "minutes"),
        (60.5, "Too long", "ERR_CORRECT_MINUTES", "minutes"),
        (60, "   ", "ERR_CORRECT_REASON", "reason"),
        (60, "x" * 501, "ERR_CORRECT_REASON_LONG", "reason"),
        (90, "Same again", "ERR_CORRECT_SAME", "minutes"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(community, confirmed, coordinator, minutes, reason, message, field):
    before = _state(community, confirmed)

    with pytest.raises(DomainError) as error:
        _correct(coordinator, community, confirmed, minutes, reason=reason)

    assert (str(error.value), error.value.field) == (str(getattr(services, message)), field)
    assert _state(community, confirmed) == before


@pytest.mark.django_db
def test_only_a_coordinator_outside_the_exchange_may_correct_it(community, confirmed, member, other_member, outsider):
    party = make_member(community, role=Membership.Role.COORDINATOR, name="Pat Party")
    Exchange.objects.filter(pk=confirmed.pk).update(provider=party)
    before = _state(community, confirmed)

    for actor in (member, other_member, outsider):
        with pytest.raises(NotFound):
            _correct(actor, community, confirmed, 60)
    with pytest.raises(DomainError) as error:
        _correct(party, community, confirmed, 60)

    assert str(error.value) == str(services.ERR_CORRECT_OWN)
    assert _state(community, confirmed) == before


@pytest.mark.django_db
def test_an_exchange_that_is_not_confirmed_cannot_be_corrected(community, recorded, coordinator):
    before = _state(community, recorded)

    with pytest.raises(DomainError) as error:
        _correct(coordinator, community, recorded, 60)

    assert str(error.value) == str(services.ERR_CORRECT_NOT_CONFIRMED)
    assert _state(community, recorded) == before


@pytest.mark.django_db
def test_a_ledger_limit_refuses_the_whole_correction(community, confirmed, coordinator, member, other_member):
    # given Mo has given the 90 minutes on, and may not go below zero
    account = account_for_membership(community=community, membership=member)
    ledger_services.account_limits_update(
        actor=coordinator, community=community, account=account, floor=0, soft_floor=0
    )
    ledger_services.transfer_create(
        actor=member,
        community=community,
        from_account=account,
        to_account=account_for_membership(community=community, membership=other_member),
        minutes=60,
        kind="donation",
        idempotency_key="gift",
    )
    before = _state(community, confirmed)

    # when the correction would take the 90 minutes back
    with pytest.raises(DomainError) as error:
        _correct(coordinator, community, confirmed, 0)

    # then the ledger's own message says why, and nothing changed
    assert error.value.code == "below_floor"
    assert _state(community, confirmed) == before
    _books_balance(community)


@pytest.mark.django_db
def test_insights_count_the_corrected_hours_as_the_ledger_does(community, confirmed, coordinator, member):
    period = last_months(tzname=community.timezone, months=1)
    start, end = period.start, period.end
    rollups_rebuild(community=community)

    _correct(coordinator, community, confirmed, 60)

    # the rollups can no longer answer until they are rebuilt, and the record already says an hour
    assert not rollups_current(community=community)
    from_record = gather_facts(community=community, start=start, end=end)
    assert from_record.total_contributed_minutes == 60
    rollups_catch_up(community=community)
    from_rollups = gather_facts(community=community, start=start, end=end)
    assert from_rollups.sources["members"] == "rollups"
    assert from_rollups.total_contributed_minutes == 60
    assert account_for_membership(community=community, membership=member).balance == 60


@pytest.mark.django_db
def test_an_exchange_that_did_not_happen_counts_nowhere_in_insights(community, confirmed, coordinator):
    period = last_months(tzname=community.timezone, months=1)
    start, end = period.start, period.end

    _correct(coordinator, community, confirmed, 0, reason="Olu was away that week")

    rollups_catch_up(community=community)
    facts = gather_facts(community=community, start=start, end=end)
    assert facts.sources["activities"] == "rollups"
    assert (facts.rollup, facts.deliver_activities, facts.participants, facts.help_pairs) == ([], 0, 0, 0)
