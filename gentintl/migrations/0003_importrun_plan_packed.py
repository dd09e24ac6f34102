from django.db import migrations

import gentintl.models


class Migration(migrations.Migration):
    """The plan of a preview becomes compressed JSON. A preview awaiting confirmation
    during the upgrade loses its stored plan, so its confirm plans the file again."""

    dependencies = [
        ("gentintl", "0002_importrun_plan"),
    ]

    operations = [
        migrations.RemoveField(model_name="importrun", name="plan"),
        migrations.AddField(
            model_name="importrun",
            name="plan",
            field=gentintl.models.PackedJSONField(
                blank=True, default=dict, verbose_name="planned rows of the preview"
            ),
        ),
    ]
