"""A stored, GIN-indexed full-text vector for press releases and an index for the list's
default order (published_on DESC NULLS LAST, number DESC). The vector is kept up to date
by a trigger on PostgreSQL; on SQLite the column stays empty, search falls back to
substring matching and the order index is not created (SQLite cannot index NULLS LAST)."""

import django.contrib.postgres.search
from django.db import migrations


TRIGGER = """
CREATE FUNCTION pressroom_pressrelease_search_vector() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('gentintl_dutch', coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector('gentintl_dutch', coalesce(NEW.lead, '')), 'B')
        || setweight(to_tsvector('gentintl_dutch', coalesce(NEW.body, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER pressroom_pressrelease_search_vector
    BEFORE INSERT OR UPDATE OF title, lead, body ON pressroom_pressrelease
    FOR EACH ROW EXECUTE FUNCTION pressroom_pressrelease_search_vector();

UPDATE pressroom_pressrelease SET title = title;

CREATE INDEX pressroom_pr_search_vector_idx
    ON pressroom_pressrelease USING gin (search_vector);

CREATE INDEX pressroom_pr_latest_idx
    ON pressroom_pressrelease (published_on DESC NULLS LAST, number DESC);
"""

DROP_TRIGGER = """
DROP INDEX IF EXISTS pressroom_pr_latest_idx;
DROP INDEX IF EXISTS pressroom_pr_search_vector_idx;
DROP TRIGGER IF EXISTS pressroom_pressrelease_search_vector ON pressroom_pressrelease;
DROP FUNCTION IF EXISTS pressroom_pressrelease_search_vector();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('partnerships', '0004_search'),
        ('pressroom', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='pressrelease',
            name='search_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
