"""The records an import matches and makes, as model instances only when needed, and
made cheaply.

An import matches every row of its file against the records already there. Building a
model instance for each of them costs more than reading them: a file of 10,000 new
contacts would build 110,000 instances to use none. `ExistingRecords` reads the rows as
tuples, in the same query and order, and builds an instance (as the queryset would, with
`Model.from_db`) the first time a row of the file asks for it.

A key matches as the database compares it: where the model's unique constraint compares
a field lower-cased (`UniqueConstraint(Lower("email"), ...)`), "Inge.Willemsen@Stad.Gent"
and "inge.willemsen@stad.gent" are one key, in the engine's plan as in django-import-export's
own import (`KeyInstanceLoader`, used by the seeds and the paste page).
"""

import datetime
import decimal
import json

from django.db import connection, models
from django.db.models import signals
from django.db.models.expressions import RawSQL
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.functions import Lower
from django.db.models.query_utils import DeferredAttribute
from import_export.instance_loaders import ModelInstanceLoader


def case_insensitive_names(model: type[models.Model]) -> frozenset[str]:
    """The fields that a unique constraint of `model` compares lower-cased: values that
    differ only in case are the same key."""
    names = set()
    for constraint in model._meta.constraints:
        if not isinstance(constraint, models.UniqueConstraint):
            continue
        for expression in constraint.expressions:
            if isinstance(expression, Lower):
                (source,) = expression.get_source_expressions()
                if isinstance(source, models.F):
                    names.add(source.name)
    return frozenset(names)


def key_folder(model: type[models.Model], key_attnames: tuple[str, ...]):
    """A function turning a key (a tuple of values, by attribute name) into the form the
    database compares, or None when it compares the values as they are."""
    folded = {model._meta.get_field(n).attname for n in case_insensitive_names(model)}
    positions = frozenset(i for i, a in enumerate(key_attnames) if a in folded)
    if not positions:
        return None
    if positions == {0} and len(key_attnames) == 1:
        return lambda key: (key[0].lower(),) if type(key[0]) is str else key
    return lambda key: tuple(
        v.lower() if i in positions and type(v) is str else v for i, v in enumerate(key)
    )


class ExistingRecords:
    """A read-only {natural key: instance} of the rows of `model` (all, or those asked)."""

    def __init__(self, model: type[models.Model], key_attnames: tuple[str, ...], keys=None):
        """`keys`, when given, are the only values of a one-column key asked for: on
        PostgreSQL only their rows are read (one query whatever their number)."""
        self.model = model
        self.attnames = [f.attname for f in model._meta.concrete_fields]
        positions = [self.attnames.index(a) for a in key_attnames]
        self.fold = key_folder(model, key_attnames)
        queryset = model._base_manager.all()
        self.db = queryset.db
        # Whether every row of the table was read, or only those of the keys asked.
        self.complete = not (
            keys is not None and len(key_attnames) == 1 and connection.vendor == "postgresql"
        )
        if self.complete:
            rows = queryset.values_list(*self.attnames)
        else:
            rows = self.rows_with_keys(key_attnames[0], list(keys)) if keys else []
        self.rows = {tuple(row[i] for i in positions): row for row in rows}
        if self.fold is not None:
            self.rows = {self.fold(key): row for key, row in self.rows.items()}
        self.instances: dict[tuple, models.Model] = {}

    def rows_with_keys(self, key_attname: str, keys: list):
        opts, quote = self.model._meta, connection.ops.quote_name
        column = next(f.column for f in opts.concrete_fields if f.attname == key_attname)
        column = f"{quote(opts.db_table)}.{quote(column)}"
        if all(type(key) is str for key in keys):
            # Texts as one JSON parameter: encoded in C, where psycopg quotes an array's
            # texts one by one in Python; half the time at 100,000 keys.
            texts = "SELECT json_array_elements_text(%s::json)"
            if self.fold is None:
                sql = f"{column} IN ({texts})"
            else:
                # Compared as the unique index compares them; a key is never empty, and
                # saying so lets PostgreSQL use an index that leaves the empty out.
                keys = [key.lower() for key in keys]
                sql = f"{column} <> '' AND LOWER({column}) IN ({texts})"
            parameter = (json.dumps(keys),)
        else:
            # One array parameter, where `__in` would bind one parameter per key.
            sql, parameter = f"{column} = ANY(%s)", (keys,)
        condition = RawSQL(sql, parameter, output_field=models.BooleanField())
        return self.model._base_manager.filter(condition).values_list(*self.attnames)

    def links(self, model_field) -> dict[int, set[int]]:
        """{record pk: the pks it links to} by the many-to-many field `model_field`, of the
        records read, in one query. A file of 10,000 new activities reads no link, where
        reading the links of every activity there (10,000, three fields) took 0.14 s of
        its planning instead of 0.03 s (in one process, medians of five) and kept a set
        for each one for the cycle collector to walk while planning."""
        through = model_field.remote_field.through
        source = f"{model_field.m2m_field_name()}_id"
        target = f"{model_field.m2m_reverse_field_name()}_id"
        queryset = through._base_manager.all()
        if not self.complete:
            position = self.attnames.index(self.model._meta.pk.attname)
            pks = [row[position] for row in self.rows.values()]
            if not pks:
                return {}
            quote = connection.ops.quote_name
            column = through._meta.get_field(source).column
            column = f"{quote(through._meta.db_table)}.{quote(column)}"
            # One array parameter, where `__in` would bind one parameter per record.
            condition = RawSQL(f"{column} = ANY(%s)", (pks,), output_field=models.BooleanField())
            queryset = queryset.filter(condition)
        links = {}
        for source_id, target_id in queryset.values_list(source, target):
            links.setdefault(source_id, set()).add(target_id)
        return links

    def get(self, key, default=None):
        """The same instance for the same key, every time; where case does not count,
        for the key in any case."""
        return self.built(key if self.fold is None else self.fold(key), default)

    def built(self, key, default=None):
        instance = self.instances.get(key)
        if instance is None:
            row = self.rows.get(key)
            if row is None:
                return default
            instance = self.instances[key] = self.model.from_db(self.db, self.attnames, row)
        return instance

    def values(self):
        return [self.built(key) for key in self.rows]


class KeyInstanceLoader(ModelInstanceLoader):
    """django-import-export's instance loader, matching a key that a unique constraint
    compares lower-cased as the database compares it (one query per row, as the stock
    loader)."""

    def get_instance(self, row):
        model = self.resource._meta.model
        folded = case_insensitive_names(model)
        queryset, params = self.get_queryset(), {}
        for name in self.resource.get_import_id_fields():
            field = self.resource.fields[name]
            value = field.clean(row)
            if field.attribute in folded and isinstance(value, str):
                alias = f"{field.attribute}_lower"
                queryset = queryset.alias(**{alias: Lower(field.attribute)})
                params[alias] = Lower(models.Value(value))
            else:
                params[field.attribute] = value
        if not params:
            return None
        return queryset.filter(**params).first()


IMMUTABLE_DEFAULTS = (type(None), str, int, bool, float, decimal.Decimal, datetime.date)


def blank_values(model) -> dict | None:
    """What `model()` puts in a new instance's __dict__, when every new instance gets the
    same: no callable or mutable default, nothing listening to its signals."""
    if signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model):
        return None
    if any(f.has_default() and callable(f.default) for f in model._meta.concrete_fields):
        return None
    values = {k: v for k, v in vars(model()).items() if k != "_state"}
    if not all(isinstance(v, IMMUTABLE_DEFAULTS) for v in values.values()):
        return None
    return values


class NewRecords:
    """Makes the unsaved instances of an import, as `model(**values)` would.

    Where every new instance starts with the same defaults (`blank_values`), an instance
    is made by the model's constructor with every field's value in order, as
    `Model.from_db` makes one: half the time of `model()` and its attributes set one by
    one (10,000 contacts, made once in planning and once in confirming).
    """

    def __init__(self, model: type[models.Model]):
        self.model = model
        # The attributes of every new instance (read only), or None when they may differ.
        self.blank = blank_values(model)
        attnames = [f.attname for f in model._meta.concrete_fields]
        self.positions = {a: i for i, a in enumerate(attnames)}
        self.defaults = None if self.blank is None else [self.blank[a] for a in attnames]
        # Whether every attribute lives in the instance's __dict__ as Django's own
        # descriptors keep it (no field of its own kind, such as a country).
        self.plain = all(
            type(vars(model).get(f.attname)) in (DeferredAttribute, ForeignKeyDeferredAttribute)
            for f in model._meta.concrete_fields
        )

    def new(self, values: dict | None = None):
        """`model(**values)`, `values` given by attribute name (`organisation_id`)."""
        if not values:
            return self.model() if self.defaults is None else self.model(*self.defaults)
        return self.new_with(list(values), list(values.values()))

    def new_with(self, attnames: list[str], values: list):
        """`new(dict(zip(attnames, values)))`, without the dict between."""
        if self.defaults is None or not self.positions.keys() >= set(attnames):
            instance = self.model()
            self.fill(instance, dict(zip(attnames, values, strict=True)))
            return instance
        row = self.defaults.copy()
        positions = self.positions
        for attname, value in zip(attnames, values, strict=True):
            row[positions[attname]] = value
        return self.model(*row)

    def fill(self, instance, values: dict) -> None:
        """Set attributes of an instance that has no related object cached yet."""
        if self.plain:
            instance.__dict__.update(values)
        else:
            for attname, value in values.items():
                setattr(instance, attname, value)
