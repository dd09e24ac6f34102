from django.db import migrations, models

ACTIVITY_ORDER = (
    "CREATE INDEX IF NOT EXISTS partnerships_activity_order ON partnerships_activity "
    "(occurred_on DESC NULLS LAST, title)"
)


def create_activity_index(apps, schema_editor):
    # SQLite cannot index NULLS LAST; its tables are small anyway.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ACTIVITY_ORDER)


def drop_activity_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS partnerships_activity_order")


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0005_erase_contact_permission"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(fields=["name", "id"], name="partnerships_contact_name"),
        ),
        migrations.RunPython(create_activity_index, drop_activity_index),
    ]
