import zlib

from django.db import migrations

import gentintl.models


def pack_waiting_files(apps, schema_editor):
    """Compress the files of previews still awaiting confirmation (the others have none)."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, file_data FROM gentintl_importrun WHERE length(file_data) > 0")
        for pk, data in cursor.fetchall():
            cursor.execute(
                "UPDATE gentintl_importrun SET file_data = %s WHERE id = %s",
                [zlib.compress(bytes(data), 1), pk],
            )


def unpack_waiting_files(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, file_data FROM gentintl_importrun WHERE length(file_data) > 0")
        for pk, data in cursor.fetchall():
            cursor.execute(
                "UPDATE gentintl_importrun SET file_data = %s WHERE id = %s",
                [zlib.decompress(bytes(data)), pk],
            )


class Migration(migrations.Migration):
    dependencies = [
        ("gentintl", "0003_importrun_plan_packed"),
    ]

    operations = [
        migrations.AlterField(
            model_name="importrun",
            name="file_data",
            field=gentintl.models.PackedBinaryField(blank=True, default=b"", verbose_name="file"),
        ),
        migrations.RunPython(pack_waiting_files, unpack_waiting_files),
    ]
