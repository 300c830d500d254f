"""Random histories of transfers, batches, reversals and limit changes, checked against a model after every step.

The model is a plain dict of balances and limits. For every operation it predicts whether the ledger must post
or refuse; afterwards the books must verify (balances = sum of entries, running balances chain, every community
sums to zero), every balance must equal the model's, and a retry must return the original and post nothing.
"""

import itertools

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from coproduce.core.errors import DomainError, NotFound
from coproduce.core.testing import make_community, make_member
from coproduce.ledger import services
from coproduce.ledger.models import Account, Transfer
from coproduce.ledger.selectors import account_for_membership, community_pool
from coproduce.ledger.services import TransferLeg
from coproduce.ledger.verify import ledger_verify

N_ACCOUNTS = 4  # three members and the fund
_communities = itertools.count()

minutes = st.integers(min_value=1, max_value=400)
index = st.integers(min_value=0, max_value=N_ACCOUNTS - 1)
keys = st.sampled_from([f"key-{n}" for n in range(12)])  # a small pool, so keys come back as retries


class LedgerMachine(RuleBasedStateMachine):
    @initialize()
    def open_books(self):
        self.community = make_community(slug=f"prop-{next(_communities)}")
        self.coordinator = make_member(self.community, role="coordinator")
        self.members = [make_member(self.community) for _ in range(N_ACCOUNTS - 1)]
        accounts = [account_for_membership(community=self.community, membership=m) for m in self.members]
        accounts.append(community_pool(community=self.community))
        self.ids = [a.pk for a in accounts]
        self.balance = dict.fromkeys(self.ids, 0)
        self.limits = {a.pk: {"floor": a.floor, "ceiling": a.ceiling} for a in accounts}
        self.posted: dict[str, tuple] = {}  # key -> what it posted (single legs or a batch)
        self.transfers: list[tuple[int, int, int, int]] = []  # (id, from, to, minutes) of non-reversal transfers
        self.reversed: set[int] = set()

    # The model -------------------------------------------------------------------------------------------

    def _breaches(self, legs) -> bool:
        balance = dict(self.balance)
        for source, target, amount in legs:
            balance[source] -= amount
            balance[target] += amount
            floor, ceiling = self.limits[source]["floor"], self.limits[target]["ceiling"]
            if (floor is not None and balance[source] < floor) or (ceiling is not None and balance[target] > ceiling):
                return True
        return False

    def _apply(self, legs) -> None:
        for source, target, amount in legs:
            self.balance[source] -= amount
            self.balance[target] += amount

    # Rules -----------------------------------------------------------------------------------------------

    @rule(a=index, b=index, amount=minutes, key=keys, as_member=st.booleans())
    def transfer(self, a, b, amount, key, as_member):
        source, target = self.ids[a], self.ids[b]
        actor = self.members[a] if as_member and a < len(self.members) else self.coordinator
        call = {
            "actor": actor,
            "community": self.community,
            "from_account": source,
            "to_account": target,
            "minutes": amount,
            "kind": "exchange",
            "idempotency_key": key,
        }
        signature = ("single", ((source, target, amount),))
        if key in self.posted:
            if self.posted[key] == signature:
                count = Transfer.objects.count()
                assert services.transfer_create(**call).replayed
                assert Transfer.objects.count() == count
            else:
                with pytest.raises(DomainError):
                    services.transfer_create(**call)
            return
        if source == target:
            with pytest.raises(DomainError):
                services.transfer_create(**call)
            return
        legs = [(source, target, amount)]
        if self._breaches(legs):
            with pytest.raises(DomainError) as error:
                services.transfer_create(**call)
            assert error.value.code in ("below_floor", "above_ceiling")
            return
        transfer = services.transfer_create(**call)
        self._apply(legs)
        self.posted[key] = signature
        self.transfers.append((transfer.pk, source, target, amount))

    @rule(pairs=st.lists(st.tuples(index, index, minutes), min_size=1, max_size=4), key=keys)
    def batch(self, pairs, key):
        legs = [(self.ids[a], self.ids[b], amount) for a, b, amount in pairs]
        call = {
            "actor": self.coordinator,
            "community": self.community,
            "idempotency_key": key,
            "legs": [TransferLeg(from_account=s, to_account=t, minutes=m) for s, t, m in legs],
        }
        signature = ("batch", tuple(legs))
        if key in self.posted:
            if self.posted[key] == signature:
                assert all(t.replayed for t in services.transfer_batch_create(**call))
            else:
                with pytest.raises(DomainError):
                    services.transfer_batch_create(**call)
            return
        if any(s == t for s, t, _m in legs) or self._breaches(legs):
            with pytest.raises(DomainError):
                services.transfer_batch_create(**call)
            return
        transfers = services.transfer_batch_create(**call)
        self._apply(legs)
        self.posted[key] = signature
        self.transfers += [(t.pk, s, d, m) for t, (s, d, m) in zip(transfers, legs, strict=True)]

    @rule(data=st.data(), key=keys)
    def reverse(self, data, key):
        if not self.transfers:
            return
        pk, source, target, amount = data.draw(st.sampled_from(self.transfers))
        call = {
            "actor": self.coordinator,
            "community": self.community,
            "transfer": pk,
            "reason": "Correction",
            "idempotency_key": key,
        }
        signature = ("reverse", pk)
        if key in self.posted:
            if self.posted[key] == signature:
                assert services.transfer_reverse(**call).replayed
            else:
                with pytest.raises(DomainError):
                    services.transfer_reverse(**call)
            return
        legs = [(target, source, amount)]
        if pk in self.reversed or self._breaches(legs):
            with pytest.raises(DomainError):
                services.transfer_reverse(**call)
            return
        services.transfer_reverse(**call)
        self._apply(legs)
        self.posted[key] = signature
        self.reversed.add(pk)

    @rule(
        i=index, floor=st.one_of(st.none(), st.integers(-1500, 0)), ceiling=st.one_of(st.none(), st.integers(0, 1500))
    )
    def change_limits(self, i, floor, ceiling):
        account = self.ids[i]
        services.account_limits_update(
            actor=self.coordinator,
            community=self.community,
            account=account,
            floor=floor,
            ceiling=ceiling,
            remove=["soft_floor", "soft_ceiling"]
            + (["floor"] if floor is None else [])
            + (["ceiling"] if ceiling is None else []),
        )
        self.limits[account] = {"floor": floor, "ceiling": ceiling}

    @rule(a=index)
    def stranger_is_refused(self, a):
        outsider_community = make_community()
        outsider = make_member(outsider_community, role="coordinator")
        with pytest.raises(NotFound):
            services.transfer_create(
                actor=outsider,
                community=outsider_community,
                from_account=self.ids[a],
                to_account=self.ids[(a + 1) % N_ACCOUNTS],
                minutes=1,
                kind="exchange",
                idempotency_key="stranger",
            )

    # Invariants ------------------------------------------------------------------------------------------

    @invariant()
    def books_balance(self):
        if not hasattr(self, "community"):
            return
        report = ledger_verify(community=self.community)
        assert report.ok, report.problems
        stored = dict(Account.objects.filter(pk__in=self.ids).values_list("pk", "balance"))
        assert stored == self.balance
        assert sum(stored.values()) == 0


@pytest.mark.django_db
def test_random_histories_keep_the_books():
    run = LedgerMachine.TestCase
    run.settings = settings(
        max_examples=30,
        stateful_step_count=15,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    run().runTest()
