"""One contact per e-mail address in any case: the unique constraint compares the
addresses lower-cased.

A database that already holds two contacts whose addresses differ only in case cannot
take the constraint. Merging them here would decide, for a person, which name, phones
and links to keep; the migration stops instead, names them, and says what to do.
"""

from django.conf import settings
from django.core.management.base import CommandError
from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _


def case_duplicates(contact_model) -> dict[str, list]:
    """{lower-cased address: its contacts} for every address more than one contact has."""
    with_address = contact_model.objects.exclude(email="").annotate(folded_email=Lower("email"))
    shared = (
        with_address.values("folded_email")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values("folded_email")
    )
    found = {}
    for contact in with_address.filter(folded_email__in=shared).order_by("folded_email", "pk"):
        found.setdefault(contact.folded_email, []).append(contact)
    return found


def refuse_case_duplicates(apps, schema_editor):
    """Stop, naming them, when contacts share an address but for its case."""
    found = case_duplicates(apps.get_model("partnerships", "Contact"))
    if not found:
        return
    # `migrate` switches translations off; the message speaks the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            _(
                "These contacts have the same e-mail address, written in other upper and "
                "lower case. An address can now belong to one contact only."
            )
        ]
        for contacts in found.values():
            for contact in contacts:
                lines.append(
                    f"  {contact.email}: {contact.name} "
                    f"(/admin/partnerships/contact/{contact.pk}/change/)"
                )
        lines.append(
            _(
                "Merge each pair in the admin: keep one contact, move what refers to the "
                "other (press releases, quotes) to it and delete the other, or give one "
                "of them another address. Then run the migration again."
            )
        )
    raise CommandError("\n".join(lines))


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0008_history_contact_without_organisation_index"),
    ]

    operations = [
        migrations.RunPython(refuse_case_duplicates, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="contact",
            name="partnerships_contact_unique_email",
        ),
        migrations.AddConstraint(
            model_name="contact",
            constraint=models.UniqueConstraint(
                Lower("email"),
                condition=models.Q(("email", ""), _negated=True),
                name="partnerships_contact_unique_email_any_case",
                violation_error_message=(
                    "Another contact already has this e-mail address (upper and lower case "
                    "count as the same)."
                ),
            ),
        ),
    ]
