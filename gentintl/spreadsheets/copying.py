"""Insert new records, and the history of records just written, in the database itself
on PostgreSQL.

`bulk_create` builds an INSERT of every value through Django's SQL compiler: for a
10,000-row import that is most of the write. `insert_records` writes the same rows with
COPY: the primary keys are taken from the table's sequence beforehand and each value goes
through its field's `pre_save` and `get_db_prep_save` as Django would. `update_records`
does the same for `bulk_update`. Other databases keep `bulk_create` and `bulk_update`.
`history_in_database` is the adapter for simple-history's `bulk_history_create`.
"""

import operator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, connections, models, transaction
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone

from gentintl.spreadsheets.bulk import copy_rows
from gentintl.spreadsheets.matching import NewRecords

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
PLAIN_TYPES = {str, int, bool, type(None)}


@contextmanager
def without_jit():
    """PostgreSQL's JIT compiler off for the statements of the block, then as it was.

    An INSERT ... SELECT that joins the ids of the records just written (`unnest`) is
    estimated at hundreds of times its rows, for the planner knows nothing of the ids;
    over `jit_above_cost` PostgreSQL then compiles it to machine code first. For the
    history's copies of 10,000 new activities' links that compiling took 0.34 s of a
    0.8 s write (auto_explain), a twentieth of the import; the statements themselves
    read a few thousand rows, where compiled code gains nothing.

    Use it inside a transaction: the setting is local to it (`set_config(..., true)`),
    and rolling back a savepoint around the block restores it too.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit'), set_config('jit', 'off', true)")
        previous = cursor.fetchone()[0]
    yield
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('jit', %s, true)", [previous])


def can_copy(model) -> bool:
    return connection.vendor == "postgresql" and isinstance(model._meta.pk, AutoFieldMixin)


def converter(model_field, pre_save=True):
    """A function of an instance that gives the field's value as the database takes it
    (after the field's `pre_save`, unless `pre_save` is false)."""
    attname = model_field.attname
    # The connection itself, not the proxy that looks it up again on every use.
    database = connections[connection.alias]
    if model_field.is_relation:
        target = model_field.target_field
        plain = type(target) in PLAIN_FIELDS or isinstance(target, AutoFieldMixin)
    else:
        plain = type(model_field) in PLAIN_FIELDS or isinstance(model_field, AutoFieldMixin)
    if plain and (not pre_save or type(model_field).pre_save is models.Field.pre_save):

        def value(obj):
            value = getattr(obj, attname)
            if isinstance(value, PLAIN_VALUES):
                return value
            return model_field.get_db_prep_save(value, database)

        value.attname = attname  # a plain value of the instance goes as it is
        return value

    last = [object(), None]  # the last value and what it became: often the same moment

    def prepared(obj):
        value = model_field.pre_save(obj, True) if pre_save else getattr(obj, attname)
        if value is not last[0]:
            last[:] = value, model_field.get_db_prep_save(value, database)
        return last[1]

    return prepared


def is_stamp(model_field) -> bool:
    """A date set on save (`auto_now`, `auto_now_add`) by Django's own date fields."""
    stamped = getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False)
    return stamped and type(model_field) in (models.DateTimeField, models.DateField)


def stamp(model_field, now):
    """A converter for a date set on save: one moment for every record of the insert
    (where `pre_save` would read the clock once per record), set on the instance too."""
    value = now if isinstance(model_field, models.DateTimeField) else timezone.localdate(now)
    prepared = model_field.get_db_prep_save(value, connection)
    attname = model_field.attname

    def stamped(obj):
        setattr(obj, attname, value)
        return prepared

    return stamped


def reserve_ids(model, count: int) -> list[int]:
    """`count` new primary keys from the table's sequence."""
    opts = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_serial_sequence(%s, %s)",
            [connection.ops.quote_name(opts.db_table), opts.pk.column],
        )
        sequence = cursor.fetchone()[0]
        # A constant name, so that the sequence is found once and not for every id.
        cursor.execute(
            "SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count]
        )
        return [row[0] for row in cursor.fetchall()]


def insert_records(model, objs, *, batch_size):
    """`model._default_manager.bulk_create(objs)`, with one COPY on PostgreSQL."""
    if not objs or not can_copy(model):
        return model._default_manager.bulk_create(objs, batch_size=batch_size)
    opts = model._meta
    if holds_related_objects(model, objs):  # bulk_create checks and takes their keys
        return model._default_manager.bulk_create(objs, batch_size=batch_size)
    fields = opts.concrete_fields
    now = timezone.now()
    converters = [stamp(f, now) if is_stamp(f) else converter(f) for f in fields]
    ids = reserve_ids(model, len(objs))
    if opts.parents:  # the pk also sets the parents' links
        for obj, pk in zip(objs, ids, strict=True):
            obj.pk = pk
    else:
        pk_attname = opts.pk.attname
        for obj, pk in zip(objs, ids, strict=True):
            obj.__dict__[pk_attname] = pk
    # Converting runs pre_save (auto_now dates) on each instance, as bulk_create does.
    copy_rows(opts.db_table, [f.column for f in fields], database_rows(model, objs, converters))
    alias = connection.alias  # read once: `connection` looks itself up on every use
    for obj in objs:
        state = obj._state
        state.adding, state.db = False, alias
    return objs


def update_records(model, objs, fields: list[str], *, batch_size) -> None:
    """`model._default_manager.bulk_update(objs, fields, batch_size=batch_size)`, on
    PostgreSQL as one COPY of the new values into a scratch table and one
    `UPDATE ... FROM` it. Each value goes through its field's `get_db_prep_save`, as
    bulk_update's does (neither runs `pre_save`).

    bulk_update sends a `CASE WHEN id = ... THEN ...` for every record and field, built
    and compiled as ORM expressions: re-importing 10,000 contacts, half of them changed,
    spent 70% of its write there (BENCHMARKS.md, "Re-imports"). tests/gentintl/
    spreadsheets/test_copying.py compares the rows it writes with those bulk_update writes.
    """
    if not objs or not can_copy(model) or holds_related_objects(model, objs):
        model._default_manager.bulk_update(objs, fields, batch_size=batch_size)
        return
    opts, quote = model._meta, connection.ops.quote_name
    changed = [opts.get_field(name) for name in fields]
    columns = [opts.pk, *changed]
    converters = [converter(f, pre_save=False) for f in columns]
    table, scratch = opts.db_table, f"{opts.db_table}_update"
    names = ", ".join(quote(f.column) for f in columns)
    sets = ", ".join(f"{quote(f.column)} = new.{quote(f.column)}" for f in changed)
    pk = quote(opts.pk.column)
    # In a savepoint: if the UPDATE is refused (a constraint), the scratch table goes too.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {quote(scratch)} AS "
            f"SELECT {names} FROM {quote(table)} WITH NO DATA"
        )
        copy_rows(
            scratch, [f.column for f in columns], ([c(obj) for c in converters] for obj in objs)
        )
        cursor.execute(
            f"UPDATE {quote(table)} SET {sets} FROM {quote(scratch)} AS new "
            f"WHERE {quote(table)}.{pk} = new.{pk}"
        )
        cursor.execute(f"DROP TABLE {quote(scratch)}")


def holds_related_objects(model, objs) -> bool:
    """Whether a record was given a related object rather than only its key (a widget
    that gives the City for a partnership's "Stad", say). The COPY writes the keys as they
    are; bulk_create takes the related object's key, or refuses one not saved yet, so
    such records go to bulk_create. The planner's own columns set keys only: the big
    imports (contacts, activities) keep the COPY."""
    relations = [f for f in model._meta.concrete_fields if f.is_relation]
    return any(f.is_cached(obj) for f in relations for obj in objs)


def database_rows(model, objs, converters):
    """Each instance's values as the database takes them. The values that pass as they
    are (text, numbers, None in Django's own fields) are read from the instances at once;
    the converters run for the others (dates set on save, decimals...)."""
    plain = [i for i, c in enumerate(converters) if hasattr(c, "attname")]
    if len(plain) < 2 or not NewRecords(model).plain:
        for obj in objs:
            yield [c(obj) for c in converters]
        return
    read = operator.itemgetter(*(converters[i].attname for i in plain))
    others = [(i, c) for i, c in enumerate(converters) if i not in plain]
    template = [None] * len(converters)
    for obj in objs:
        values = read(obj.__dict__)
        if not PLAIN_TYPES.issuperset(map(type, values)):
            yield [c(obj) for c in converters]
            continue
        row = template.copy()
        for i, value in zip(plain, values, strict=True):
            row[i] = value
        for i, convert in others:
            row[i] = convert(obj)
        yield row


HISTORY_FIELDS = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user_id",
}


def history_in_database(manager, objs, *, update: bool, user, reason: str, date):
    """`manager.bulk_history_create(objs, update=update, default_user=user,
    default_change_reason=reason, default_date=date)` as one INSERT ... SELECT of the rows
    just written: the database copies them into their history, with history ids taken
    from its sequence beforehand. Returns the (id, history_id) of each record written, or
    None where it does not apply (another database, history switched off, a historical
    model with fields of its own, records carrying their own `_history_user`,
    `_history_date` or `_change_reason`): the caller then asks simple-history.

    bulk_history_create builds a historical instance per record and INSERTs them
    through Django's SQL compiler: 10,000 new contacts' history took 14x as long
    (in one process, interleaved), and without this adapter the admin flow of those
    contacts (upload, preview, confirm) took 1.79x as long, bulk_history_create 44% of
    it (BENCHMARKS.md, "Fast paths removed"). tests/gentintl/test_copying.py compares
    the rows it writes with those bulk_history_create writes.
    """
    historical = manager.model
    if not (objs and can_copy(historical) and getattr(settings, "SIMPLE_HISTORY_ENABLED", True)):
        return None
    tracked = [f for f in historical._meta.concrete_fields if f.attname not in HISTORY_FIELDS]
    actual = {f.attname for f in historical._meta.concrete_fields}
    if actual != {f.attname for f in historical.tracked_fields} | HISTORY_FIELDS:
        return None
    own = ("_history_user", "_history_date", "_change_reason")
    if any(hasattr(obj, name) for obj in objs for name in own):
        return None
    model = getattr(historical, "instance_type", None)
    if model is None or hasattr(historical, "history_relation"):
        return None
    # simple-history's default takes the user from the current request, the same for
    # every record: asked once.
    user = user or historical.get_default_history_user(objs[0])
    opts, quote = historical._meta, connection.ops.quote_name
    ids = reserve_ids(historical, len(objs))
    names = ("history_date", "history_change_reason", "history_type", "history_user")
    columns = [opts.pk.column, *(f.column for f in tracked)]
    columns += [opts.get_field(n).column for n in names]
    values = [quote(model._meta.get_field(f.name).column) for f in tracked]
    pk = quote(model._meta.pk.column)
    sql = (
        f"INSERT INTO {quote(opts.db_table)} ({', '.join(map(quote, columns))}) "
        f"SELECT written.history_id, {', '.join(f'record.{v}' for v in values)}, "
        f"%s, %s, %s, %s FROM {quote(model._meta.db_table)} AS record "
        f"JOIN unnest(%s::bigint[], %s::bigint[]) AS written(id, history_id) "
        f"ON record.{pk} = written.id ORDER BY written.history_id"
    )
    constants = [
        opts.get_field("history_date").get_db_prep_save(date or timezone.now(), connection),
        reason,
        "~" if update else "+",
        getattr(user, "pk", user),
    ]
    pks = [obj.pk for obj in objs]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*constants, int_array(pks), int_array(ids)])
    return list(zip(pks, ids, strict=True))


def int_array(numbers: list[int]) -> str:
    """A PostgreSQL array literal of integers, for a `%s::bigint[]` parameter: psycopg
    would quote a long list value by value."""
    return "{" + ",".join(str(int(n)) for n in numbers) + "}"
