"""Batched multi-row inserts for the demo's largest tables: a lean bulk_create.

Profiled on a 20,000-member load, `bulk_create` spent about nine tenths of its time compiling each value of each
object (pre_save, get_db_prep_save, placeholders) rather than in the database; at 100,000 members that alone would
take minutes on a small machine. These functions write the same rows in batches with one statement shape,
converting only values that need it (dates, decimals, JSON). The database checks every constraint exactly as it
would for bulk_create. Only for loading demo data: no signals, no save(), no audit rows.
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
    concrete = {f.name: f for f in meta.concrete_fields} | {f.attname: f for f in meta.concrete_fields}
    model_fields = [concrete[name] for name in fields]
    stamps = [concrete[name] for name in STAMPS if name not in fields and name in concrete]
    now = connection.ops.adapt_datetimefield_value(timezone.now()) if stamps else None
    columns = [str(f.column) for f in model_fields + stamps]
    converters = [(i, c) for i, c in enumerate(_converter(f) for f in model_fields) if c is not None]
    quote = connection.ops.quote_name
    # Names come from the model, values travel as parameters.
    head = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) VALUES "  # noqa: S608
    row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
    tail = f" RETURNING {quote(str(meta.pk.column))}" if returning_ids and meta.pk else ""
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
            with connection.wrap_database_errors:
                cursor.execute(head + ", ".join([row_sql] * len(batch)) + tail, params)
            if returning_ids:
                ids.extend(row[0] for row in cursor.fetchall())
    return ids


def insert_objects(objects: Sequence[models.Model], *, batch_size: int = 2000) -> None:
    """Insert unsaved model instances of one model, like bulk_create: sets their primary keys (in order) and
    marks them saved, so later code can use them as it would any fetched object."""
    if not objects:
        return
    model = type(objects[0])
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key and f.name not in STAMPS]
    names = [f.attname for f in fields]
    ids = insert_rows(
        model,
        names,
        ([getattr(obj, name) for name in names] for obj in objects),
        returning_ids=True,
        batch_size=batch_size,
    )
    now = timezone.now()
    stamps = [name for name in STAMPS if any(f.name == name for f in meta.concrete_fields)]
    for obj, pk in zip(objects, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias
        for name in stamps:
            setattr(obj, name, now)
