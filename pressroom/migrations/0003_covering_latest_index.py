from django.db import migrations

# The press release list's default order, now carrying the primary key: a later page reads
# its keys with an index-only scan (see gentintl/pagination.py). PostgreSQL only.
FORWARDS = """
CREATE INDEX IF NOT EXISTS pressroom_pr_latest_keys
    ON pressroom_pressrelease (published_on DESC NULLS LAST, number DESC) INCLUDE (id);
DROP INDEX IF EXISTS pressroom_pr_latest_idx;
"""
BACKWARDS = """
CREATE INDEX IF NOT EXISTS pressroom_pr_latest_idx
    ON pressroom_pressrelease (published_on DESC NULLS LAST, number DESC);
DROP INDEX IF EXISTS pressroom_pr_latest_keys;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARDS)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARDS)


class Migration(migrations.Migration):
    dependencies = [
        ("pressroom", "0002_search"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
