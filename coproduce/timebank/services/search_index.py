"""Keeping the full-text index of listings in step with the listings.

SQLite: an FTS5 table (created by migration 0002) whose rowid is the listing id. PostgreSQL: the listing's
own `search_vector` column, GIN-indexed, weighted title > tags and category > description. Every service
that changes a listing's text or a category's name calls one of these inside its transaction.
"""

from collections.abc import Iterable

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import OuterRef, Subquery

from coproduce.communities.models import Community
from coproduce.timebank.models import Category, Listing

FTS_TABLE = "timebank_listing_fts"
PG_CONFIGS = {"es": "spanish"}
PG_DEFAULT_CONFIG = "english"


def pg_config_for(community: Community) -> str:
    return PG_CONFIGS.get(community.locale, PG_DEFAULT_CONFIG)


def _reindex_sqlite(ids: list[int]) -> None:
    marks = ",".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", ids)  # noqa: S608 - placeholders only
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, title, tags, category, description) "  # noqa: S608
            f"SELECT l.id, l.title, l.tags, c.name, l.description FROM timebank_listing l "
            f"JOIN timebank_category c ON c.id = l.category_id WHERE l.id IN ({marks})",
            ids,
        )


def _reindex_postgresql(ids: list[int]) -> None:
    by_config: dict[str, list[int]] = {}
    for pk, locale in Listing.objects.filter(pk__in=ids).values_list("pk", "community__locale"):
        by_config.setdefault(PG_CONFIGS.get(locale, PG_DEFAULT_CONFIG), []).append(pk)
    for config, pks in by_config.items():
        document = (
            SearchVector("title", weight="A", config=config)
            + SearchVector("tags", "category__name", weight="B", config=config)
            + SearchVector("description", weight="C", config=config)
        )
        vectors = Listing.objects.filter(pk=OuterRef("pk")).annotate(document=document).values("document")[:1]
        Listing.objects.filter(pk__in=pks).update(search_vector=Subquery(vectors))


def reindex_listings(listing_ids: Iterable[int]) -> None:
    ids = sorted({int(i) for i in listing_ids})
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        if connection.vendor == "postgresql":
            _reindex_postgresql(chunk)
        else:
            _reindex_sqlite(chunk)


def reindex_category(category: Category) -> None:
    reindex_listings(
        Listing.objects.filter(community_id=category.community_id, category=category).values_list("pk", flat=True)
    )


def reindex_community(community: Community) -> None:
    """Rebuild the index for a whole community (after bulk loads such as demo data)."""
    reindex_listings(Listing.objects.filter(community=community).values_list("pk", flat=True))
