"""Batched multi-row inserts for the demo's largest tables: a lean bulk_create.

Profiled on a 20,000-member load, `bulk_create` spent about nine tenths of its time compiling each value of each
object (pre_save, get_db_prep_save, placeholders) rather than in the database; at 100,000 members that alone would
take minutes on a small machine. These functions write the same rows in batches with one statement shape,
converting only values that need it (dates, decimals, JSON). The database checks every constraint exactly as it
would for bulk_create. Only for loading demo data: no signals, no save(), no audit rows.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
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
    `returning_ids`, return the new primary keys in row order.
    """
    meta = model._meta
    concrete = {f.name: f for f in meta.concrete_fields} | {f.attname: f for f in meta.concrete_fields}
    model_fields = [concrete[name] for name in fields]
    stamps = [concrete[name] for name in STAMPS if name not in fields and name in concrete]
    now = connection.ops.adapt_datetimefield_value(timezone.now()) if stamps else None
    converters = [(i, c) for i, c in enumerate(_converter(f) for f in model_fields) if c is not None]

    def prepared(batch: Iterable[Sequence[Any]]) -> Iterator[list[Any]]:
        for row in batch:
            values = list(row)
            for index, convert in converters:
                values[index] = convert(values[index])
            if stamps:
                values.extend([now] * len(stamps))
            yield values

    columns = [str(f.column) for f in model_fields + stamps]
    with connection.cursor() as wrapper, connection.wrap_database_errors:
        # Past the debug wrapper: with DEBUG on it would format every parameter of every statement for its log.
        cursor = getattr(wrapper, "cursor", wrapper)
        if connection.vendor == "postgresql":
            return _copy(cursor, meta, columns, prepared(rows), returning_ids=returning_ids)
        return _insert_values(cursor, meta, columns, prepared(rows), returning_ids=returning_ids, batch_size=batch_size)


def _insert_values(
    cursor, meta, columns: list[str], rows: Iterator[list[Any]], *, returning_ids: bool, batch_size: int
) -> list[int]:
    quote = connection.ops.quote_name
    # Names come from the model, values travel as parameters.
    head = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) VALUES "  # noqa: S608
    row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
    # SQLite returns RETURNING rows in VALUES order, as Django's own bulk_create relies on.
    tail = f" RETURNING {quote(str(meta.pk.column))}" if returning_ids else ""
    ids: list[int] = []
    for batch in batched(rows, max(1, min(batch_size, MAX_PARAMS // len(columns)))):
        cursor.execute(head + ", ".join([row_sql] * len(batch)) + tail, [value for row in batch for value in row])
        if returning_ids:
            ids.extend(row[0] for row in cursor.fetchall())
    return ids


def _copy(cursor, meta, columns: list[str], rows: Iterator[list[Any]], *, returning_ids: bool) -> list[int]:
    # COPY is PostgreSQL's bulk path: rows stream in binary-safe form without an SQL statement per batch. It
    # cannot return ids, so when they are needed they are taken from the table's own sequence first.
    quote = connection.ops.quote_name
    ids: list[int] = []
    if returning_ids:
        pending = list(rows)
        pk = str(meta.pk.column)
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, pk, len(pending)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        rows = iter([[pk_value, *row] for pk_value, row in zip(ids, pending, strict=True)])
        columns = [pk, *columns]
    sql = f"COPY {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    with cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
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
