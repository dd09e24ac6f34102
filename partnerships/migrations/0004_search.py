"""Accent-insensitive Dutch full-text search on PostgreSQL (nothing to do on SQLite)."""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

from gentintl.search import CREATE_SEARCH_CONFIG, DROP_SEARCH_CONFIG


def create_search_config(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_SEARCH_CONFIG, params=None)


def drop_search_config(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SEARCH_CONFIG, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0003_roles"),
    ]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(create_search_config, drop_search_config),
    ]
