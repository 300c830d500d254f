"""Reads of time-bank data. Every function takes the community; none reaches across communities."""

import datetime as dt
import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, Exists, F, IntegerField, Max, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from coproduce.communities.models import Community, Membership
from coproduce.core.errors import NotFound
from coproduce.timebank.models import Category, Exchange, ExchangeCorrection, GroupExchange, Listing, MemberPreference
from coproduce.timebank.rules import may_see
from coproduce.timebank.services._common import known_id
from coproduce.timebank.services.search_index import FTS_TABLE, pg_config_for

SEARCH_TERM = re.compile(r"[^\W_]+")
MAX_TERMS = 12
SQLITE_MAX_HITS = 500
INACTIVE_DAYS = 90


def categories_list(*, community: Community, include_archived: bool = False) -> QuerySet[Category]:
    categories = Category.objects.filter(community=community)
    if not include_archived:
        categories = categories.filter(is_archived=False)
    return categories.order_by("is_archived", "name")


def category_get(*, community: Community, category_id: int) -> Category:
    category = Category.objects.filter(community=community, pk=known_id(category_id)).first()
    if category is None:
        raise NotFound()
    return category


def _with_owner(listings: QuerySet[Listing]) -> QuerySet[Listing]:
    return listings.select_related("membership__user", "organisation", "category")


def listings_live(
    *, community: Community, kind: str | None = None, category: Category | None = None, today: dt.date | None = None
) -> QuerySet[Listing]:
    """Open listings that have not expired, newest first."""
    today = today or timezone.localdate()
    listings = Listing.objects.filter(community=community, status=Listing.Status.OPEN).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    )
    if kind:
        listings = listings.filter(kind=kind)
    if category is not None:
        listings = listings.filter(category=category)
    return _with_owner(listings).order_by("-created_at", "-id")


def search_terms(query: str) -> list[str]:
    """The words of a query, lower-cased, without any search-syntax characters (so no input can break it)."""
    terms: list[str] = []
    for term in SEARCH_TERM.findall((query or "").lower()):
        if term not in terms:
            terms.append(term[:60])
    return terms[:MAX_TERMS]


def _search_postgresql(live: QuerySet[Listing], community: Community, terms: list[str]) -> QuerySet[Listing]:
    # Terms are letters and digits only, so the raw tsquery is well-formed; ":*" matches word beginnings.
    query = SearchQuery(" & ".join(f"{t}:*" for t in terms), search_type="raw", config=pg_config_for(community))
    return (
        live.filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "-created_at", "-id")
    )


def _search_sqlite(live: QuerySet[Listing], community: Community, terms: list[str]) -> QuerySet[Listing]:
    match = " ".join('"' + t.replace('"', '""') + '"*' for t in terms)
    with connection.cursor() as cursor:
        cursor.execute(
            # Weights follow the column order: title, tags, category, description. Lower bm25 is better.
            f"SELECT {FTS_TABLE}.rowid FROM {FTS_TABLE} JOIN timebank_listing l ON l.id = {FTS_TABLE}.rowid "  # noqa: S608
            f"WHERE {FTS_TABLE} MATCH %s AND l.community_id = %s AND l.status = 'open' "
            f"ORDER BY bm25({FTS_TABLE}, 10.0, 5.0, 5.0, 1.0), l.id DESC LIMIT {SQLITE_MAX_HITS}",
            [match, community.pk],
        )
        ids = [row[0] for row in cursor.fetchall()]
    if not ids:
        return live.none()
    order = Case(*[When(pk=pk, then=Value(position)) for position, pk in enumerate(ids)], output_field=IntegerField())
    return live.filter(pk__in=ids).annotate(rank=order).order_by("rank")


def listing_search(
    *, community: Community, query: str, kind: str | None = None, category: Category | None = None
) -> QuerySet[Listing]:
    """Live listings matching every word of `query` in title, description, tags or category name, best
    first: FTS5 with bm25 on SQLite, full-text search with a GIN index on PostgreSQL. Words match their
    beginnings ("gard" finds "gardening"). An empty query lists live listings, newest first."""
    live = listings_live(community=community, kind=kind, category=category)
    terms = search_terms(query)
    if not terms:
        return live
    if connection.vendor == "postgresql":
        return _search_postgresql(live, community, terms)
    return _search_sqlite(live, community, terms)


def listing_get(*, community: Community, listing_id: int) -> Listing:
    listing = _with_owner(Listing.objects.filter(community=community, pk=known_id(listing_id))).first()
    if listing is None:
        raise NotFound()
    return listing


def listings_of_member(*, community: Community, membership: Membership) -> QuerySet[Listing]:
    return _with_owner(Listing.objects.filter(community=community, membership=membership)).order_by(
        "status", "-created_at"
    )


def listings_new_since(
    *, community: Community, since: dt.datetime, exclude: Membership | None = None, limit: int = 30
) -> list[Listing]:
    listings = listings_live(community=community).filter(created_at__gte=since)
    if exclude is not None:
        listings = listings.exclude(membership=exclude)
    return list(listings[:limit])


def _exchanges(community: Community) -> QuerySet[Exchange]:
    return Exchange.objects.filter(community=community).select_related(
        "provider__user", "receiver__user", "provider_organisation", "receiver_organisation", "category", "listing"
    )


def exchanges_of_member(*, community: Community, membership: Membership) -> QuerySet[Exchange]:
    return _exchanges(community).filter(Q(provider=membership) | Q(receiver=membership)).order_by("-updated_at", "-id")


def exchange_get(*, community: Community, exchange_id: int, viewer: Membership) -> Exchange:
    """An exchange its parties (and coordinators, and those acting for a party) may see; otherwise "not found"."""
    exchange = _exchanges(community).filter(pk=known_id(exchange_id)).first()
    if exchange is None or viewer.community_id != community.pk or not may_see(viewer, exchange):
        raise NotFound()
    return exchange


def exchange_corrections(*, community: Community, exchange: Exchange) -> QuerySet[ExchangeCorrection]:
    """The corrections of an exchange the caller has already been allowed to see, oldest first."""
    return ExchangeCorrection.objects.filter(community=community, exchange=exchange).select_related("corrected_by")


def corrections_recent(*, community: Community) -> QuerySet[ExchangeCorrection]:
    """The community's corrections, newest first, for coordinators to look over each other's work."""
    return (
        ExchangeCorrection.objects.filter(community=community)
        .select_related(
            "corrected_by", "exchange__provider__user", "exchange__receiver__user", "exchange__provider_organisation",
            "exchange__receiver_organisation",
        )
        .order_by("-created_at", "-id")
    )


def exchanges_of_listing(*, community: Community, listing: Listing, viewer: Membership) -> list[Exchange]:
    return [e for e in _exchanges(community).filter(listing=listing).order_by("-created_at") if may_see(viewer, e)]


def autoconfirm_due_at(exchange: Exchange, community: Community) -> dt.datetime | None:
    if exchange.recorded_at is None:
        return None
    return exchange.recorded_at + dt.timedelta(days=community.exchange_autoconfirm_days)


def exchanges_awaiting_confirmation(*, community: Community) -> QuerySet[Exchange]:
    """Recorded exchanges waiting for the receiver, oldest first (refused auto-confirmations included)."""
    return _exchanges(community).filter(status=Exchange.Status.RECORDED).order_by("recorded_at", "id")


def exchanges_disputed(*, community: Community) -> QuerySet[Exchange]:
    return _exchanges(community).filter(status=Exchange.Status.DISPUTED).order_by("updated_at", "id")


def exchanges_due_for_autoconfirm(*, community: Community, now: dt.datetime | None = None) -> QuerySet[Exchange]:
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=community.exchange_autoconfirm_days)
    return Exchange.objects.filter(
        community=community, status=Exchange.Status.RECORDED, recorded_at__lte=cutoff, autoconfirm_error=""
    ).order_by("recorded_at", "id")


def exchanges_needing_confirm_reminder(
    *, community: Community, now: dt.datetime | None = None, days_before: int = 3
) -> QuerySet[Exchange]:
    """Recorded exchanges that will confirm themselves within `days_before` days and whose sides have not
    been reminded yet."""
    now = now or timezone.now()
    window = dt.timedelta(days=max(community.exchange_autoconfirm_days - days_before, 0))
    return Exchange.objects.filter(
        community=community,
        status=Exchange.Status.RECORDED,
        recorded_at__lte=now - window,
        confirm_reminder_sent_at__isnull=True,
    )


def exchanges_needing_log_reminder(
    *, community: Community, now: dt.datetime | None = None, after_days: int = 2
) -> QuerySet[Exchange]:
    """Accepted exchanges whose arranged time (or acceptance, when nothing was arranged) is `after_days`
    past and whose hours have not been recorded, and whose provider has not been reminded yet."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=after_days)
    return Exchange.objects.filter(community=community, log_reminder_sent_at__isnull=True).filter(
        Q(status=Exchange.Status.ARRANGED, scheduled_for__lte=cutoff)
        | Q(status=Exchange.Status.ACCEPTED, accepted_at__lte=cutoff)
    )


def _active_members(community: Community) -> QuerySet[Membership]:
    return Membership.objects.filter(community=community, status=Membership.Status.ACTIVE).select_related("user")


def members_without_listings(*, community: Community) -> QuerySet[Membership]:
    open_listing = Listing.objects.filter(community=community, membership=OuterRef("pk"), status=Listing.Status.OPEN)
    return _active_members(community).filter(~Exists(open_listing)).order_by("user__name", "member_number")


def members_inactive(
    *, community: Community, days: int = INACTIVE_DAYS, now: dt.datetime | None = None
) -> QuerySet[Membership]:
    """Active members with no confirmed exchange, given or received, in the last `days` days (who joined
    before that), with `last_exchange_at` (None if they never exchanged)."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=days)
    confirmed = Exchange.objects.filter(community=community, status=Exchange.Status.CONFIRMED)
    recent = confirmed.filter(Q(provider=OuterRef("pk")) | Q(receiver=OuterRef("pk")), confirmed_at__gte=since)
    last_given = confirmed.filter(provider=OuterRef("pk")).order_by("-confirmed_at").values("confirmed_at")[:1]
    last_received = confirmed.filter(receiver=OuterRef("pk")).order_by("-confirmed_at").values("confirmed_at")[:1]
    return (
        _active_members(community)
        .filter(Q(joined_at__isnull=True) | Q(joined_at__lt=since))
        .filter(~Exists(recent))
        .annotate(last_given=last_given, last_received=last_received)
        .order_by("user__name", "member_number")
    )


def flagged_accounts(*, community: Community):
    """Accounts the ledger has flagged for a coordinator (soft limits crossed)."""
    from coproduce.ledger import selectors as ledger_selectors

    return ledger_selectors.accounts_flagged(community=community)


def group_exchange_legs(*, community: Community, group: GroupExchange) -> QuerySet[Exchange]:
    return _exchanges(community).filter(group=group).order_by("pk")


def group_exchanges_list(*, community: Community) -> QuerySet[GroupExchange]:
    return GroupExchange.objects.filter(community=community).select_related("category").order_by("-occurred_at", "-id")


def digest_recipients(
    *, community: Community, now: dt.datetime | None = None, every_days: int = 7
) -> QuerySet[Membership]:
    """Active members with an email who have not opted out and had no digest in the last `every_days` days,
    each with `last_digest_sent_at` (None on the first digest)."""
    now = now or timezone.now()
    preference = MemberPreference.objects.filter(community=community, membership=OuterRef("pk"))
    return (
        _active_members(community)
        .exclude(user__email__isnull=True)
        .exclude(user__email="")
        .annotate(
            opted_out=Exists(preference.filter(weekly_digest=False)),
            last_digest_sent_at=Max("timebank_preference__last_digest_sent_at"),
        )
        .filter(opted_out=False)
        .filter(
            Q(last_digest_sent_at__isnull=True)
            | Q(last_digest_sent_at__lte=now - dt.timedelta(days=every_days) + dt.timedelta(hours=1))
        )
        .order_by("pk")
    )


def preference_for(*, community: Community, membership: Membership) -> MemberPreference:
    """The member's preferences, or the defaults (unsaved) when they never changed them."""
    return MemberPreference.objects.filter(community=community, membership=membership).first() or MemberPreference(
        community=community, membership=membership
    )


def parties(*, community: Community) -> tuple[QuerySet[Membership], QuerySet]:
    """Active members and organisations, for coordinators choosing who took part."""
    from coproduce.communities.models import Organisation

    return (
        _active_members(community).order_by("user__name", "member_number"),
        Organisation.objects.filter(community=community, is_active=True).order_by("name"),
    )


def balance_of(*, community: Community, membership: Membership):
    """The member's ledger account (opened on first use), for showing a balance beside their exchanges."""
    from coproduce.ledger.selectors import account_for_membership

    return account_for_membership(community=community, membership=membership)


def fund(*, community: Community):
    """The community fund's ledger account."""
    from coproduce.ledger.selectors import community_pool

    return community_pool(community=community, code="fund")
