"""The existing records of a model by natural key, as model instances only when needed.

An import matches every row of its file against the records already there. Building a
model instance for each of them costs more than reading them: a file of 10,000 new
contacts would build 110,000 instances to use none. `ExistingRecords` reads the rows as
tuples, in the same query and order, and builds an instance (as the queryset would, with
`Model.from_db`) the first time a row of the file asks for it.
"""

from django.db import models


class ExistingRecords:
    """A read-only {natural key: instance} of every row of `model`."""

    def __init__(self, model: type[models.Model], key_attnames: tuple[str, ...]):
        self.model = model
        self.attnames = [f.attname for f in model._meta.concrete_fields]
        positions = [self.attnames.index(a) for a in key_attnames]
        queryset = model._base_manager.all()
        self.db = queryset.db
        self.rows = {
            tuple(row[i] for i in positions): row for row in queryset.values_list(*self.attnames)
        }
        self.instances: dict[tuple, models.Model] = {}

    def get(self, key, default=None):
        """The same instance for the same key, every time."""
        instance = self.instances.get(key)
        if instance is None:
            row = self.rows.get(key)
            if row is None:
                return default
            instance = self.instances[key] = self.model.from_db(self.db, self.attnames, row)
        return instance

    def values(self):
        return [self.get(key) for key in self.rows]
