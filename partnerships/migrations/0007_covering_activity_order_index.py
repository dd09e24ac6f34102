from django.db import migrations

# The activity list's default order, now carrying the primary key: a later page reads its
# keys with an index-only scan (see gentintl/pagination.py). PostgreSQL only, as before.
COVERING = (
    "CREATE INDEX IF NOT EXISTS partnerships_activity_order_keys ON partnerships_activity "
    "(occurred_on DESC NULLS LAST, title) INCLUDE (id)"
)
PLAIN = (
    "CREATE INDEX IF NOT EXISTS partnerships_activity_order ON partnerships_activity "
    "(occurred_on DESC NULLS LAST, title)"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(COVERING)
        schema_editor.execute("DROP INDEX IF EXISTS partnerships_activity_order")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PLAIN)
        schema_editor.execute("DROP INDEX IF EXISTS partnerships_activity_order_keys")


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0006_list_order_indexes"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
