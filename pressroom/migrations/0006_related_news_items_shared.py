"""Keep each related news item once, shared by the releases that list it.

Until now every release held its own copy of an item ("Gerelateerd nieuws"), so the same
item became one record per release. The data step turns each copy into a listing of the
one item with that title; an item keeps the first non-empty summary among its copies.
"""

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models


def merge_copies(apps, schema_editor):
    NewsItem = apps.get_model("pressroom", "NewsItem")
    RelatedNews = apps.get_model("pressroom", "RelatedNews")
    items = {}
    for listing in RelatedNews.objects.order_by("pk"):
        item = items.get(listing.title)
        if item is None:
            item = items[listing.title] = NewsItem.objects.create(
                title=listing.title, summary=listing.summary
            )
        elif not item.summary and listing.summary:
            item.summary = listing.summary
            item.save(update_fields=["summary"])
        listing.item = item
        listing.save(update_fields=["item"])


def split_copies(apps, schema_editor):
    RelatedNews = apps.get_model("pressroom", "RelatedNews")
    for listing in RelatedNews.objects.select_related("item"):
        listing.title = listing.item.title
        listing.summary = listing.item.summary
        listing.save(update_fields=["title", "summary"])


def grant_roles(apps, schema_editor):
    """Editors edit news items as they edit related news; managers view and export them."""
    app_config = apps.get_app_config("pressroom")
    # Permissions are normally made after all migrations (as in partnerships 0003).
    previous = getattr(app_config, "models_module", None)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="pressroom", content_type__model="newsitem"
    )
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(*permissions)
    for group in Group.objects.filter(name="Managers"):
        group.permissions.add(
            *permissions.filter(codename__in=["view_newsitem", "export_newsitem"])
        )


class Migration(migrations.Migration):
    dependencies = [
        ("pressroom", "0004_search_vector_inline"),
        ("partnerships", "0003_roles"),
    ]

    operations = [
        migrations.CreateModel(
            name="NewsItem",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=300, unique=True, verbose_name="title")),
                ("summary", models.TextField(blank=True, verbose_name="summary")),
            ],
            options={
                "verbose_name": "news item",
                "verbose_name_plural": "news items",
                "ordering": ["title"],
                "default_permissions": ("add", "change", "delete", "view", "import", "export"),
            },
        ),
        migrations.AddField(
            model_name="relatednews",
            name="item",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="listings",
                to="pressroom.newsitem",
                verbose_name="news item",
            ),
        ),
        migrations.RunPython(merge_copies, split_copies),
        migrations.RemoveConstraint(
            model_name="relatednews",
            name="pressroom_relatednews_unique_title",
        ),
        migrations.RemoveField(model_name="relatednews", name="title"),
        migrations.RemoveField(model_name="relatednews", name="summary"),
        migrations.AlterField(
            model_name="relatednews",
            name="item",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="listings",
                to="pressroom.newsitem",
                verbose_name="news item",
            ),
        ),
        migrations.AddConstraint(
            model_name="relatednews",
            constraint=models.UniqueConstraint(
                fields=("press_release", "item"), name="pressroom_relatednews_unique_item"
            ),
        ),
        migrations.RunPython(grant_roles, migrations.RunPython.noop),
    ]
