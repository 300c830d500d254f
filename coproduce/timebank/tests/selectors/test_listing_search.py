"""Search runs on FTS5 (SQLite) or PostgreSQL full-text search, whichever the suite runs on; the same
expectations hold for both."""

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coproduce.core.testing import make_member
from coproduce.timebank import selectors, services
from coproduce.timebank.models import Listing


@pytest.fixture
def listings(community, coordinator, member, other_member):
    garden = services.category_create(actor=coordinator, community=community, name="Home and garden")
    tech = services.category_create(actor=coordinator, community=community, name="Computers and phones")
    make = services.listing_create
    return {
        "weeding": make(
            actor=member,
            community=community,
            kind="offer",
            category_id=garden.pk,
            title="Weeding and gardening",
            description="I bring my own tools.",
            tags="outdoors",
        ),
        "phone": make(
            actor=other_member,
            community=community,
            kind="offer",
            category_id=tech.pk,
            title="Setting up a new phone",
            description="Contacts, photos and video calls.",
            tags="phones",
        ),
        "laptop": make(
            actor=member,
            community=community,
            kind="request",
            category_id=tech.pk,
            title="Help with my laptop",
            description="It is slow; maybe the garden of apps needs weeding.",
            tags="computers",
        ),
        "lift": make(
            actor=other_member,
            community=community,
            kind="request",
            category_id=garden.pk,
            title="Lift to the allotment",
            description="Heavy bags of compost.",
            tags="transport, café",
        ),
    }


def _titles(results) -> list[str]:
    return [listing.title for listing in results]


@pytest.mark.django_db
def test_words_match_titles_descriptions_tags_and_category_names(community, listings):
    assert _titles(selectors.listing_search(community=community, query="video")) == ["Setting up a new phone"]
    assert _titles(selectors.listing_search(community=community, query="compost")) == ["Lift to the allotment"]
    assert _titles(selectors.listing_search(community=community, query="computers")) == sorted(
        ["Help with my laptop", "Setting up a new phone"], key=lambda t: t != "Help with my laptop"
    )
    assert set(_titles(selectors.listing_search(community=community, query="garden"))) == {
        "Weeding and gardening",
        "Help with my laptop",
        "Lift to the allotment",
    }


@pytest.mark.django_db
def test_title_matches_rank_above_description_matches(community, listings):
    results = _titles(selectors.listing_search(community=community, query="weeding"))

    assert results == ["Weeding and gardening", "Help with my laptop"]


@pytest.mark.django_db
def test_beginnings_of_words_match_and_every_word_must_match(community, listings):
    assert _titles(selectors.listing_search(community=community, query="lapt")) == ["Help with my laptop"]
    assert _titles(selectors.listing_search(community=community, query="phone video")) == ["Setting up a new phone"]
    assert _titles(selectors.listing_search(community=community, query="phone compost")) == []


@pytest.mark.django_db
def test_kind_and_category_narrow_the_results(community, listings):
    tech = listings["phone"].category

    assert _titles(selectors.listing_search(community=community, query="", kind="request", category=tech)) == [
        "Help with my laptop"
    ]
    assert _titles(selectors.listing_search(community=community, query="garden", kind="offer")) == [
        "Weeding and gardening"
    ]


@pytest.mark.django_db
def test_withdrawn_expired_and_other_communities_listings_are_not_found(
    community, other_community, outsider, listings, member
):
    services.listing_withdraw(actor=member, community=community, listing_id=listings["weeding"].pk)
    Listing.objects.filter(pk=listings["phone"].pk).update(expires_on=timezone.localdate() - dt.timedelta(days=1))
    elsewhere = services.category_create(actor=outsider, community=other_community, name="Home and garden")
    services.listing_create(
        actor=outsider, community=other_community, kind="offer", category_id=elsewhere.pk, title="Weeding elsewhere"
    )

    assert _titles(selectors.listing_search(community=community, query="weeding")) == ["Help with my laptop"]
    assert _titles(selectors.listing_search(community=community, query="video")) == []
    assert _titles(selectors.listing_search(community=other_community, query="weeding")) == ["Weeding elsewhere"]


@pytest.mark.django_db
def test_renamed_categories_and_edited_listings_are_searchable_at_once(community, coordinator, member, listings):
    garden = listings["weeding"].category
    services.category_update(actor=coordinator, community=community, category_id=garden.pk, name="Allotments")
    services.listing_update(actor=member, community=community, listing_id=listings["laptop"].pk, title="Printer jam")

    assert set(_titles(selectors.listing_search(community=community, query="allotments"))) == {
        "Weeding and gardening",
        "Lift to the allotment",
    }
    assert _titles(selectors.listing_search(community=community, query="printer")) == ["Printer jam"]
    assert _titles(selectors.listing_search(community=community, query="laptop")) == []


@pytest.mark.django_db
def test_an_empty_or_punctuation_only_query_lists_everything_live_newest_first(community, listings):
    assert _titles(selectors.listing_search(community=community, query="")) == [
        "Lift to the allotment",
        "Help with my laptop",
        "Setting up a new phone",
        "Weeding and gardening",
    ]
    assert len(selectors.listing_search(community=community, query=' "*" () ')) == 4


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        '"phone',
        "phone*",
        "phone +",
        "phone~",
        "phone:*",
        "!phone",
        "phone & |",
        "phone';--",
        "^phone",
        "-phone",
        "(phone",
        "phone)",
        ":phone",
        "phone\\",
    ],
)
def test_search_syntax_in_user_input_is_treated_as_words(community, listings, query):
    assert "Setting up a new phone" in _titles(selectors.listing_search(community=community, query=query))


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=80))
def test_no_input_breaks_the_search(community, listings, query):
    results = list(selectors.listing_search(community=community, query=query))
    assert all(listing.community_id == community.pk for listing in results)


@pytest.mark.django_db
def test_many_listings_come_back_best_first_and_can_be_paged(community, coordinator):
    category = services.category_create(actor=coordinator, community=community, name="Cooking")
    people = [make_member(community) for _n in range(3)]
    for n in range(30):
        services.listing_create(
            actor=people[n % 3],
            community=community,
            kind="offer",
            category_id=category.pk,
            title=f"Soup lesson {n}" if n % 2 else f"Bread {n}",
            description="soup" if n % 3 else "",
        )

    results = selectors.listing_search(community=community, query="soup")

    assert results.count() == len(list(results))
    titles = _titles(results)
    assert all(t.startswith("Soup") for t in titles[:15])
    assert _titles(results[5:10]) == titles[5:10]
