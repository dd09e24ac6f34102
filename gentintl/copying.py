"""Insert new records with COPY on PostgreSQL.

`bulk_create` builds an INSERT of every value through Django's SQL compiler: for a
10,000-row import that is most of the write. `insert_records` writes the same rows with
COPY: the primary keys are taken from the table's sequence beforehand and each value goes
through its field's `pre_save` and `get_db_prep_save` as Django would. Other databases
keep `bulk_create`.
"""

import operator

from django.db import connection, connections, models
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone

from gentintl.bulk import copy_rows
from gentintl.matching import NewRecords

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
    for obj in objs:
        if obj._state.fields_cache:  # a related object to check (Django's own rule)
            obj._prepare_related_fields_for_save(operation_name="bulk_create")
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


def int_array(numbers: list[int]) -> str:
    """A PostgreSQL array literal of integers, for a `%s::bigint[]` parameter: psycopg
    would quote a long list value by value."""
    return "{" + ",".join(str(int(n)) for n in numbers) + "}"
