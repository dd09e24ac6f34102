"""The site-wide search on PostgreSQL: an IMMUTABLE accent-free lower-case function that
indexes can use, and a trigram index of what the search looks in on the tables that
grow (cities, organisations, contacts, activities). The small tables are read whole.
Nothing to do on SQLite, where the function is registered on each connection instead."""

from django.db import migrations

from gentintl.search import CREATE_NORMALISE_FUNCTION, DROP_NORMALISE_FUNCTION, trigram_index

# model: (index name, the fields of gentintl.site_search.KINDS it indexes)
INDEXES = {
    "city": [("partnerships_city_search", ("name", "local_name"))],
    "organisation": [("partnerships_org_search", ("name", "notes"))],
    "contact": [
        ("partnerships_contact_search", ("name", "function")),
        # Searched only by users who may see personal data.
        ("partnerships_contact_personal_search", ("email", "phone", "mobile", "address")),
    ],
    "activity": [("partnerships_activity_search", ("title", "location", "description"))],
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_NORMALISE_FUNCTION, params=None)
    for model_name, indexes in INDEXES.items():
        model = apps.get_model("partnerships", model_name)
        for name, fields in indexes:
            schema_editor.add_index(model, trigram_index(fields, name))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, indexes in INDEXES.items():
        model = apps.get_model("partnerships", model_name)
        for name, fields in indexes:
            schema_editor.remove_index(model, trigram_index(fields, name))
    schema_editor.execute(DROP_NORMALISE_FUNCTION, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0015_constraint_messages"),
    ]

    operations = [migrations.RunPython(create, drop)]
