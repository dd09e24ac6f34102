# A date known to a year or a month was stored as the period's first day when it began
# something and as its last day when it ended something: "2018" was 31/12/2018 on a
# partnership's end and 01/01/2018 on its status change. Every such date, in the records
# and in their history, is now its period's first day.

from django.db import migrations
from django.db.models.functions import TruncMonth, TruncYear

PARTIAL_DATES = {
    "Partnership": ["began_on", "ended_on"],
    "PartnershipStatusChange": ["changed_on"],
    "Agreement": ["signed_on", "valid_from", "valid_until"],
    "Network": ["member_since"],
    "EUProject": ["started_on", "ended_on"],
    "Activity": ["occurred_on"],
}


def first_day_of_period(apps, schema_editor):
    for model_name, fields in PARTIAL_DATES.items():
        models = [apps.get_model("partnerships", model_name)]
        try:
            models.append(apps.get_model("partnerships", f"Historical{model_name}"))
        except LookupError:
            pass
        for model in models:
            for field in fields:
                for precision, trunc in (("year", TruncYear), ("month", TruncMonth)):
                    model.objects.filter(**{f"{field}_precision": precision}).update(
                        **{field: trunc(field)}
                    )


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0011_reference_provenance_and_announced_signing"),
        ("pressroom", "0006_related_news_items_shared"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="activity",
            name="partnerships_activity_occurred_on_precision",
        ),
        migrations.RemoveConstraint(
            model_name="agreement",
            name="partnerships_agreement_valid_until_after_from",
        ),
        migrations.RemoveConstraint(
            model_name="agreement",
            name="partnerships_agreement_signed_on_precision",
        ),
        migrations.RemoveConstraint(
            model_name="agreement",
            name="partnerships_agreement_valid_from_precision",
        ),
        migrations.RemoveConstraint(
            model_name="agreement",
            name="partnerships_agreement_valid_until_precision",
        ),
        migrations.RemoveConstraint(
            model_name="euproject",
            name="partnerships_euproject_ended_after_started",
        ),
        migrations.RemoveConstraint(
            model_name="euproject",
            name="partnerships_euproject_started_on_precision",
        ),
        migrations.RemoveConstraint(
            model_name="euproject",
            name="partnerships_euproject_ended_on_precision",
        ),
        migrations.RemoveConstraint(
            model_name="network",
            name="partnerships_network_member_since_precision",
        ),
        migrations.RemoveConstraint(
            model_name="partnership",
            name="partnerships_partnership_ended_after_began",
        ),
        migrations.RemoveConstraint(
            model_name="partnership",
            name="partnerships_partnership_began_on_precision",
        ),
        migrations.RemoveConstraint(
            model_name="partnership",
            name="partnerships_partnership_ended_on_precision",
        ),
        migrations.RemoveConstraint(
            model_name="partnershipstatuschange",
            name="partnerships_partnershipstatuschange_changed_on_precision",
        ),
        migrations.RunPython(first_day_of_period, migrations.RunPython.noop),
    ]
