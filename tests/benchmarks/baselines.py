"""What our import and export are measured against, on the same rows.

- Stock django-import-export: a plain `ModelResource` per model with the default options,
  fields declared only so that the Dutch headers and related names map (ForeignKeyWidget,
  ManyToManyWidget), one `import_data(dry_run=False)` or `export()` call.
- Tuned django-import-export: the same fields, with what its "Bulk imports" page advises
  for speed (`use_bulk` with `batch_size` 1000, `skip_diff`, `CachedInstanceLoader`,
  `CachedForeignKeyWidget`), and what bulk mode leaves to the resource done in bulk too:
  the phones' international forms in a hook instead of `full_clean()`, the many-to-many
  links, the history rows (simple-history's `bulk_history_create`) with their links.
- A raw psycopg `COPY` of the finished rows into the same tables, related names resolved
  beforehand: the floor of what PostgreSQL can take.
"""

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F
from django.utils import timezone
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader

from gentintl.spreadsheets.widgets import PartialDateField
from partnerships.models import Activity, Contact, Organisation, Partnership, Theme
from partnerships.phones import normalise_phone


class StockContactResource(resources.ModelResource):
    """Stock options but one: `clean_model_instances`, because `Contact.clean()` fills the
    international phone columns that a check constraint requires."""

    email = fields.Field(attribute="email", column_name="E-mail")
    name = fields.Field(attribute="name", column_name="Naam")
    kind = fields.Field(attribute="kind", column_name="Soort")
    function = fields.Field(attribute="function", column_name="Functie")
    organisation = fields.Field(
        attribute="organisation",
        column_name="Organisatie",
        widget=widgets.ForeignKeyWidget(Organisation, field="name"),
    )
    phone = fields.Field(attribute="phone", column_name="Telefoon")
    mobile = fields.Field(attribute="mobile", column_name="Gsm")
    address = fields.Field(attribute="address", column_name="Adres")

    class Meta:
        model = Contact
        fields = ("email", "name", "kind", "function", "organisation", "phone", "mobile", "address")
        import_id_fields = ("email",)
        clean_model_instances = True


class StockPartnershipWidget(widgets.ForeignKeyWidget):
    """A partnership named "City (CC)": the stock widget's one query per row, on two columns."""

    def __init__(self):
        super().__init__(Partnership)

    def clean(self, value, row=None, **kwargs):
        if not value:
            return None
        name, _sep, country = value.rpartition(" (")
        return Partnership.objects.get(city__name=name, city__country=country.rstrip(")"))

    def render(self, value, obj=None, **kwargs):
        return f"{value.city.name} ({value.city.country.code})" if value else ""


def stock_m2m(model, column_name, attribute):
    return fields.Field(
        attribute=attribute,
        column_name=column_name,
        widget=widgets.ManyToManyWidget(model, separator=";", field="name"),
    )


class StockActivityResource(resources.ModelResource):
    """Stock options; the partial date column reuses our field (a date and its precision)."""

    title = fields.Field(attribute="title", column_name="Titel")
    kind = fields.Field(attribute="kind", column_name="Soort")
    status = fields.Field(attribute="status", column_name="Status")
    occurred_on = PartialDateField("occurred_on", "Datum")
    location = fields.Field(attribute="location", column_name="Plaats")
    description = fields.Field(attribute="description", column_name="Beschrijving")
    partnership = fields.Field(
        attribute="partnership", column_name="Partnerschap", widget=StockPartnershipWidget()
    )
    themes = stock_m2m(Theme, "Thema's", "themes")
    ghent_organisations = stock_m2m(Organisation, "Organisaties in Gent", "ghent_organisations")
    partner_organisations = stock_m2m(
        Organisation, "Organisaties bij de partner", "partner_organisations"
    )

    class Meta:
        model = Activity
        fields = (
            "title",
            "kind",
            "status",
            "occurred_on",
            "location",
            "description",
            "partnership",
            "themes",
            "ghent_organisations",
            "partner_organisations",
        )
        import_id_fields = ("title",)


STOCK_RESOURCES = {Contact: StockContactResource, Activity: StockActivityResource}


class TunedPartnershipWidget(widgets.CachedForeignKeyWidget):
    """A partnership named "City (CC)", looked up in the widget's cache: the two parts
    of the name are annotated on the queryset, which the cache is keyed by."""

    def __init__(self):
        super().__init__(Partnership)

    def get_queryset(self, value, row, *args, **kwargs):
        return Partnership.objects.annotate(city_name=F("city__name"), code=F("city__country"))

    def get_lookup_kwargs(self, value, row, **kwargs):
        name, _sep, country = value.rpartition(" (")
        return {"city_name": name, "code": country.rstrip(")")}


class CachedManyToManyWidget(widgets.ManyToManyWidget):
    """A list of names resolved to primary keys from one query per file, as the library's
    CachedForeignKeyWidget does for one name (it has no cached many-to-many widget)."""

    def clean(self, value, row=None, **kwargs):
        if not hasattr(self, "_pks"):
            self._pks = dict(self.model.objects.values_list(self.field, "pk"))
        names = [name.strip() for name in str(value or "").split(self.separator)]
        try:
            return [self._pks[name] for name in names if name]
        except KeyError as error:
            raise ValueError(f"{error.args[0]!r} does not exist") from None


class TunedResource(resources.ModelResource):
    """Bulk mode as django-import-export's "Bulk imports" page tunes it. (`skip_unchanged`
    needs the diff that `skip_diff` turns off, so every row of a file is written.)

    Bulk mode saves no instance one by one, so what a save would bring is done here for
    each batch: the many-to-many links (which bulk mode leaves out), a file's links
    replacing a record's old ones, and the history: simple-history's
    `bulk_history_create`, and its copy of the links where the model keeps one."""

    class Meta:
        abstract = True
        use_bulk = True
        batch_size = 1000
        skip_diff = True
        instance_loader_class = CachedInstanceLoader

    # The model's columns that bulk_update writes: the columns the fields fill, and the
    # ones `before_save_instance` fills.
    update_fields: tuple[str, ...] = ()

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.links = {}  # id(instance) -> {many-to-many field: [pk, ...]}

    def m2m_fields(self):
        return [
            f for f in self.get_import_fields() if isinstance(f.widget, widgets.ManyToManyWidget)
        ]

    def before_save_instance(self, instance, row, **kwargs):
        instance.updated_at = timezone.now()  # bulk_update runs no `auto_now`
        links = {}
        for field in self.m2m_fields():
            try:
                links[field.attribute] = field.clean(row)
            except ValueError as error:
                raise ValidationError({field.attribute: str(error)}) from None
        self.links[id(instance)] = links

    def get_bulk_update_fields(self):
        return [*self.update_fields, "updated_at"]

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.create_instances and (using_transactions or not dry_run):
            try:
                self._meta.model.objects.bulk_create(self.create_instances, batch_size=batch_size)
                self.write_links_and_history(self.create_instances, update=False)
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.update_instances and (using_transactions or not dry_run):
            try:
                self._meta.model.objects.bulk_update(
                    self.update_instances, self.get_bulk_update_fields(), batch_size=batch_size
                )
                self.write_links_and_history(self.update_instances, update=True)
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.update_instances.clear()

    def write_links_and_history(self, instances, *, update: bool) -> None:
        """What saving each instance would write after its row: its links (the file's
        replacing the old ones), its history row, and the history's copy of the links of
        each field in `HistoricalRecords(m2m_fields=...)`."""
        links = self.write_links(instances, replace=update)
        history = self._meta.model.history
        records = history.bulk_history_create(
            instances, batch_size=self._meta.batch_size, update=update
        )
        history_ids = {record.id: record.history_id for record in records}
        for name, (source, created) in links.items():
            snapshot = getattr(history.model, name, None)
            if snapshot is None:  # a field whose links have no history
                continue
            columns = [f.attname for f in created[0]._meta.concrete_fields] if created else []
            snapshot.model.objects.bulk_create(
                [
                    snapshot.model(
                        **{column: getattr(link, column) for column in columns},
                        history_id=history_ids[getattr(link, source)],
                    )
                    for link in created
                ],
                batch_size=self._meta.batch_size,
            )
        for obj in instances:
            del self.links[id(obj)]

    def write_links(self, instances, *, replace: bool) -> dict[str, tuple[str, list]]:
        """The instances' links, {field: (the link's column of the instance, [link, ...])}."""
        written = {}
        for field in self.m2m_fields():
            model_field = self._meta.model._meta.get_field(field.attribute)
            through = model_field.remote_field.through
            source = model_field.m2m_field_name() + "_id"
            target = model_field.m2m_reverse_field_name() + "_id"
            if replace:
                through.objects.filter(**{f"{source}__in": [obj.pk for obj in instances]}).delete()
            created = through.objects.bulk_create(
                [
                    through(**{source: obj.pk, target: pk})
                    for obj in instances
                    for pk in self.links[id(obj)][field.attribute]
                ],
                batch_size=self._meta.batch_size,
            )
            written[field.attribute] = (source, created)
        return written


class TunedContactResource(TunedResource):
    """The stock contact fields; the phones' international forms filled before the save,
    as `Contact.clean()` would fill them, without the rest of `full_clean()`."""

    email = fields.Field(attribute="email", column_name="E-mail")
    name = fields.Field(attribute="name", column_name="Naam")
    kind = fields.Field(attribute="kind", column_name="Soort")
    function = fields.Field(attribute="function", column_name="Functie")
    organisation = fields.Field(
        attribute="organisation",
        column_name="Organisatie",
        widget=widgets.CachedForeignKeyWidget(Organisation, field="name"),
    )
    phone = fields.Field(attribute="phone", column_name="Telefoon")
    mobile = fields.Field(attribute="mobile", column_name="Gsm")
    address = fields.Field(attribute="address", column_name="Adres")

    update_fields = (
        *("name", "kind", "function", "organisation", "phone", "phone_e164"),
        *("mobile", "mobile_e164", "address"),
    )

    class Meta(TunedResource.Meta):
        model = Contact
        fields = ("email", "name", "kind", "function", "organisation", "phone", "mobile", "address")
        import_id_fields = ("email",)

    def before_save_instance(self, instance, row, **kwargs):
        errors = {}
        for name in ("phone", "mobile"):
            written = (getattr(instance, name) or "").strip()
            try:
                setattr(instance, f"{name}_e164", normalise_phone(written) if written else "")
            except ValueError as error:
                errors[name] = str(error)
        if errors:
            raise ValidationError(errors)
        super().before_save_instance(instance, row, **kwargs)


def tuned_m2m(model, column_name, attribute):
    return fields.Field(
        attribute=attribute,
        column_name=column_name,
        widget=CachedManyToManyWidget(model, separator=";", field="name"),
    )


class TunedActivityResource(TunedResource):
    """The stock activity fields, related rows looked up in caches."""

    title = fields.Field(attribute="title", column_name="Titel")
    kind = fields.Field(attribute="kind", column_name="Soort")
    status = fields.Field(attribute="status", column_name="Status")
    occurred_on = PartialDateField("occurred_on", "Datum")
    location = fields.Field(attribute="location", column_name="Plaats")
    description = fields.Field(attribute="description", column_name="Beschrijving")
    partnership = fields.Field(
        attribute="partnership", column_name="Partnerschap", widget=TunedPartnershipWidget()
    )
    themes = tuned_m2m(Theme, "Thema's", "themes")
    ghent_organisations = tuned_m2m(Organisation, "Organisaties in Gent", "ghent_organisations")
    partner_organisations = tuned_m2m(
        Organisation, "Organisaties bij de partner", "partner_organisations"
    )

    update_fields = (
        *("kind", "status", "occurred_on", "occurred_on_precision", "location"),
        *("description", "partnership"),
    )

    class Meta(TunedResource.Meta):
        model = Activity
        fields = StockActivityResource.Meta.fields
        import_id_fields = ("title",)


class TunedContactUpsertResource(TunedContactResource):
    """For re-imports: the diff kept so that `skip_unchanged` skips the rows a file does
    not change, faster than writing every row for contacts (BENCHMARKS.md). For activities
    it is not: it reads each row's links back, a query per row and field."""

    class Meta(TunedContactResource.Meta):
        skip_diff = False
        skip_html_diff = True
        skip_unchanged = True


TUNED_RESOURCES = {Contact: TunedContactResource, Activity: TunedActivityResource}
TUNED_UPSERT_RESOURCES = {Contact: TunedContactUpsertResource, Activity: TunedActivityResource}


def copy_rows(model, instances, m2m: list[dict[str, set[int]]], key: str) -> None:
    """COPY finished instances into the model's table, then their many-to-many links.

    The links need the new ids: one SELECT by natural key `key`, then a COPY per link table.
    """
    now = timezone.now()
    model_fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in model_fields)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy:
            for obj in instances:
                copy.write_row(
                    [
                        now
                        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
                        else f.get_db_prep_value(getattr(obj, f.attname), connection)
                        for f in model_fields
                    ]
                )
        names = {n for links in m2m for n in links}
        if not names:
            return
        key_column = model._meta.get_field(key).column
        cursor.execute(
            f"SELECT {key_column}, id FROM {model._meta.db_table} WHERE {key_column} = ANY(%s)",
            [[getattr(obj, key) for obj in instances]],
        )
        ids = dict(cursor.fetchall())
        for name in sorted(names):
            model_field = model._meta.get_field(name)
            through = model_field.remote_field.through
            source = through._meta.get_field(model_field.m2m_field_name()).column
            target = through._meta.get_field(model_field.m2m_reverse_field_name()).column
            sql = f"COPY {through._meta.db_table} ({source}, {target}) FROM STDIN"
            with raw.copy(sql) as copy:
                for obj, links in zip(instances, m2m, strict=True):
                    pk = ids[getattr(obj, key)]
                    for target_pk in links.get(name, ()):
                        copy.write_row((pk, target_pk))
