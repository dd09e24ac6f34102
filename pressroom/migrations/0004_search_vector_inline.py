from django.db import migrations

# Keep each press release's search vector in its row rather than in the TOAST table. The
# list orders a search's matches by date: PostgreSQL walks the date index and tests each
# row's vector until it has a page of matches. A vector moved out of the row cost three
# more page reads per row tested (TOAST index and chunk); inline, the test reads the row's
# own page (the first page of a search: 5.3 ms before, 1.3 ms after).
#
# - STORAGE MAIN: the vector is compressed and leaves the row last, only when the row
#   cannot fit a page otherwise.
# - toast_tuple_target at its maximum (a page): below it nothing leaves the row. With the
#   default (2 kB) a vector kept inline would push every other text out of the row, the
#   title and the lead included, and the list would read those from the TOAST table.
#   Above a page, the longest text (the body) leaves first.
#
# SET STORAGE applies to rows written from now on, so the vectors already stored are
# rewritten (`|| ''` gives a new value, the same vector); the body's trigger does not run.
# PostgreSQL only.
FORWARDS = """
ALTER TABLE pressroom_pressrelease ALTER COLUMN search_vector SET STORAGE MAIN;
ALTER TABLE pressroom_pressrelease SET (toast_tuple_target = 8160);
UPDATE pressroom_pressrelease SET search_vector = search_vector || ''::tsvector
    WHERE search_vector IS NOT NULL;
"""
BACKWARDS = """
ALTER TABLE pressroom_pressrelease ALTER COLUMN search_vector SET STORAGE EXTENDED;
ALTER TABLE pressroom_pressrelease RESET (toast_tuple_target);
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARDS)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARDS)


class Migration(migrations.Migration):
    dependencies = [
        ("pressroom", "0003_covering_latest_index"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
