import zlib

from django.db import migrations

import gentintl.models


def recode_waiting_files(schema_editor, recode) -> None:
    """Apply `recode` to the files of previews still awaiting confirmation (the others
    have none)."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, file_data FROM gentintl_importrun WHERE length(file_data) > 0")
        for pk, data in cursor.fetchall():
            cursor.execute(
                "UPDATE gentintl_importrun SET file_data = %s WHERE id = %s",
                [recode(bytes(data)), pk],
            )


def pack_waiting_files(apps, schema_editor):
    recode_waiting_files(schema_editor, lambda data: zlib.compress(data, 1))


def unpack_waiting_files(apps, schema_editor):
    recode_waiting_files(schema_editor, zlib.decompress)


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
