"""What our import and export are measured against, on the same rows.

- Stock django-import-export: a plain `ModelResource` per model with the default options,
  fields declared only so that the Dutch headers and related names map (ForeignKeyWidget,
  ManyToManyWidget), one `import_data(dry_run=False)` or `export()` call.
- A raw psycopg `COPY` of the finished rows into the same tables, related names resolved
  beforehand: the floor of what PostgreSQL can take.
"""

from django.db import connection
from django.utils import timezone
from import_export import fields, resources, widgets

from partnerships.models import Activity, Contact, Organisation, Partnership, Theme
from partnerships.resources import PartialDateField


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
