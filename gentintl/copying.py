"""Insert new records and their history rows with COPY on PostgreSQL.

`bulk_create_with_history` builds an INSERT of every value through Django's SQL compiler,
then a model instance per history row and a second INSERT: for a 10,000-row import that is
most of the write. `create_with_history` writes the same rows with two COPYs: the primary
keys are taken from the table's sequence beforehand, each value goes through its field's
`pre_save` and `get_db_prep_save` as Django would, and the history rows hold what
simple-history's `bulk_history_create` would put in them. Other databases, and models
whose history has fields this module does not know, keep `bulk_create_with_history`.
"""

from django.conf import settings
from django.db import connection, models
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone
from simple_history.utils import (
    bulk_create_with_history,
    get_change_reason_from_object,
)

# Fields whose value passes to the database as it is when it is a str, int, bool or None:
# `get_db_prep_save` would return it unchanged.
PLAIN_FIELDS = {
    models.CharField,
    models.TextField,
    models.EmailField,
    models.URLField,
    models.SlugField,
    models.IntegerField,
    models.BigIntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.PositiveBigIntegerField,
    models.BooleanField,
}
PLAIN_VALUES = (str, int, type(None))  # bool is an int
HISTORY_FIELDS = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user_id",
}


def history_model(model):
    """The historical model if its rows can be copied here, None if there is none, or
    False if it has fields of its own that only simple-history knows how to fill."""
    manager = getattr(model, "history", None)
    if manager is None or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return None
    historical = manager.model
    tracked = {f.attname for f in historical.tracked_fields}
    actual = {f.attname for f in historical._meta.concrete_fields}
    if actual != tracked | HISTORY_FIELDS or hasattr(historical, "history_relation"):
        return False
    return historical


def can_copy(model) -> bool:
    pk = model._meta.pk
    return (
        connection.vendor == "postgresql"
        and isinstance(pk, AutoFieldMixin)
        and history_model(model) is not False
    )


def converter(model_field):
    """A function of an instance that gives the field's value as the database takes it."""
    attname = model_field.attname
    if model_field.is_relation:
        target = model_field.target_field
        plain = type(target) in PLAIN_FIELDS or isinstance(target, AutoFieldMixin)
    else:
        plain = type(model_field) in PLAIN_FIELDS
    if plain and type(model_field).pre_save is models.Field.pre_save:

        def value(obj):
            value = getattr(obj, attname)
            if isinstance(value, PLAIN_VALUES):
                return value
            return model_field.get_db_prep_save(value, connection)

        return value

    def prepared(obj):
        return model_field.get_db_prep_save(model_field.pre_save(obj, True), connection)

    return prepared


def copy_rows(table: str, columns: list[str], rows) -> None:
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    # Django's own exceptions (IntegrityError...), as for any other query.
    with connection.cursor() as cursor, connection.wrap_database_errors:
        with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def reserve_ids(model, count: int) -> list[int]:
    opts = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(opts.db_table), opts.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def create_with_history(objs, model, *, batch_size, user=None, reason="", date=None):
    """Insert `objs` and one "created" history row each; return them with their pk."""
    if not objs:
        return objs
    if not can_copy(model):
        return bulk_create_with_history(
            objs,
            model,
            batch_size=batch_size,
            default_user=user,
            default_change_reason=reason,
            default_date=date,
        )
    opts = model._meta
    date = date or timezone.now()
    for obj in objs:
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
    fields = opts.concrete_fields
    converters = [converter(f) for f in fields]
    for obj, pk in zip(objs, reserve_ids(model, len(objs)), strict=True):
        obj.pk = pk
    # Converting runs pre_save (auto_now dates), which the history rows then record.
    rows = [tuple(convert(obj) for convert in converters) for obj in objs]
    copy_rows(opts.db_table, [f.column for f in fields], rows)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    historical = history_model(model)
    if historical:
        copy_history(historical, objs, rows, fields, user=user, reason=reason, date=date)
    return objs


def copy_history(historical, objs, rows, fields, *, user, reason, date) -> None:
    """The rows simple-history's `bulk_history_create` would write for created records."""
    by_attname = {f.attname: i for i, f in enumerate(fields)}
    tracked = [f for f in historical._meta.concrete_fields if f.attname in by_attname]
    positions = [by_attname[f.attname] for f in tracked]
    extra = [historical._meta.get_field(n) for n in ("history_date", "history_change_reason")]
    extra += [historical._meta.get_field(n) for n in ("history_type", "history_user")]
    columns = [f.column for f in tracked] + [f.column for f in extra]
    date_field = extra[0]
    default_date = date_field.get_db_prep_save(date, connection)

    def history_rows():
        for obj, row in zip(objs, rows, strict=True):
            if hasattr(obj, "_history_user"):
                history_user = obj._history_user
            else:
                history_user = user or historical.get_default_history_user(obj)
            if hasattr(obj, "_history_date"):
                history_date = date_field.get_db_prep_save(obj._history_date, connection)
            else:
                history_date = default_date
            yield (
                *(row[i] for i in positions),
                history_date,
                get_change_reason_from_object(obj) or reason,
                "+",
                getattr(history_user, "pk", history_user),
            )

    copy_rows(historical._meta.db_table, columns, history_rows())
