"""Batched multi-row inserts of plain tuples, for the demo's largest tables.

`bulk_create` spends about nine tenths of its time building model instances and compiling each value; for a
million contributions that alone would take minutes on a small machine. This writes the same rows with one
prepared statement shape per batch, converting only values that need it (dates, decimals, JSON). Constraints
still apply: the database checks every row exactly as it would for bulk_create. Only for loading demo data.
"""

from collections.abc import Callable, Iterable, Sequence
from itertools import batched
from typing import Any

from django.db import connection, models
from django.utils import timezone

MAX_PARAMS = 30_000  # below SQLite's limit; PostgreSQL binds client-side, but smaller statements pipeline better
STAMPS = ("created_at", "updated_at")


def _converter(field: models.Field) -> Callable[[Any], Any] | None:
    if isinstance(
        field,
        models.DateTimeField
        | models.DateField
        | models.DecimalField
        | models.JSONField
        | models.TimeField
        | models.UUIDField,
    ):
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    returning_ids: bool = False,
    batch_size: int = 2000,
) -> list[int]:
    """Insert `rows` (tuples of values for `fields`, foreign keys as ids: "membership_id") into `model`'s table.

    created_at/updated_at are filled in when the model has them and `fields` does not name them. With
    `returning_ids`, return the new primary keys in row order (both SQLite and PostgreSQL keep VALUES order).
    """
    meta = model._meta
    model_fields = [meta.get_field(name) for name in fields]
    stamps = [name for name in STAMPS if name not in fields and any(f.name == name for f in meta.concrete_fields)]
    now = connection.ops.adapt_datetimefield_value(timezone.now()) if stamps else None
    columns = [f.column for f in model_fields] + [meta.get_field(name).column for name in stamps]
    converters = [(i, c) for i, c in enumerate(_converter(f) for f in model_fields) if c is not None]
    quote = connection.ops.quote_name
    # Names come from the model, values travel as parameters.
    head = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) VALUES "  # noqa: S608
    row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
    tail = f" RETURNING {quote(meta.pk.column)}" if returning_ids else ""
    size = max(1, min(batch_size, MAX_PARAMS // len(columns)))
    ids: list[int] = []
    with connection.cursor() as wrapper:
        # Past the debug wrapper: with DEBUG on it would format every parameter of every statement for its log.
        cursor = getattr(wrapper, "cursor", wrapper)
        for batch in batched(rows, size):
            params: list[Any] = []
            for row in batch:
                if converters:
                    row = list(row)
                    for index, convert in converters:
                        row[index] = convert(row[index])
                params.extend(row)
                if stamps:
                    params.extend([now] * len(stamps))
            cursor.execute(head + ", ".join([row_sql] * len(batch)) + tail, params)
            if returning_ids:
                ids.extend(row[0] for row in cursor.fetchall())
    return ids
