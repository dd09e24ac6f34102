"""Trigram indexes for the site-wide search on PostgreSQL: press release titles (their
texts are searched in the stored full-text vector) and quotes. Nothing on SQLite."""

from django.db import migrations

from gentintl.search import trigram_index

INDEXES = {
    "pressrelease": [("pressroom_pr_title_search", ("title",))],
    "quote": [("pressroom_quote_search", ("speaker_name", "text", "speaker_function"))],
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, indexes in INDEXES.items():
        model = apps.get_model("pressroom", model_name)
        for name, fields in indexes:
            schema_editor.add_index(model, trigram_index(fields, name))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, indexes in INDEXES.items():
        model = apps.get_model("pressroom", model_name)
        for name, fields in indexes:
            schema_editor.remove_index(model, trigram_index(fields, name))


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0016_site_search"),
        ("pressroom", "0006_related_news_items_shared"),
    ]

    operations = [migrations.RunPython(create, drop)]
