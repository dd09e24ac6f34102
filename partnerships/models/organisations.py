"""Organisations in Ghent and at the partners, and their contacts (personal data)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerships.models.options import DEFAULT_PERMISSIONS, PERSONAL_DATA_PERMISSION
from partnerships.phones import normalise_phone

# Import and export each need their own permission: not every staff user may do either.


class OrganisationKind(models.TextChoices):
    UNIVERSITY = "university", _("university or college")
    SCHOOL = "school", _("school")
    CULTURAL = "cultural", _("orchestra or cultural organisation")
    CLUB = "club", _("club or association")
    CITY_DEPARTMENT = "city_department", _("city department")
    POLITICAL = "political", _("political office")
    COMPANY = "company", _("company")
    ARTIST = "artist", _("artist")
    OTHER = "other", _("other")


class Organisation(models.Model):
    """A university, school, orchestra, club, city department or other body."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind)
    city = models.ForeignKey(
        "partnerships.City",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("city"),
    )
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        default_permissions = DEFAULT_PERMISSIONS

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:organisation_detail", args=[self.pk])


class ContactKind(models.TextChoices):
    PERSON = "person", _("person")
    TEAM = "team", _("team")


class Contact(models.Model):
    """A person or team to reach. Phones and e-mail are personal data."""

    kind = models.CharField(_("kind"), max_length=10, choices=ContactKind, default="person")
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone (as written)"), max_length=40, blank=True)
    phone_e164 = models.CharField(_("phone (international)"), max_length=20, blank=True)
    mobile = models.CharField(_("mobile (as written)"), max_length=40, blank=True)
    mobile_e164 = models.CharField(_("mobile (international)"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Nothing looks a contact's history up by organisation: an index there would only
    # slow every write of the history (an import of 100,000 contacts by a tenth).
    history = HistoricalRecords(no_db_index=["organisation"])

    # Shown, searched and filtered on only for users with `personal_data_permission`.
    personal_fields = ("email", "phone", "phone_e164", "mobile", "mobile_e164", "address")
    personal_data_permission = PERSONAL_DATA_PERMISSION

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        default_permissions = DEFAULT_PERMISSIONS
        # The list's default order: a page of 25 reads the index instead of sorting all.
        indexes = [models.Index(fields=["name", "id"], name="partnerships_contact_name")]
        permissions = [
            ("view_personal_data", _("Can see contacts' phones and e-mail")),
            ("erase_contact", _("Can erase a person's data everywhere, history included")),
        ]
        constraints = [
            # One contact per address, however it is written: "Inge.Willemsen@Stad.Gent"
            # is inge.willemsen@stad.gent (the import matches it the same way).
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="partnerships_contact_unique_email_any_case",
                violation_error_message=_(
                    "Another contact already has this e-mail address (upper and lower "
                    "case count as the same)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(phone="") | ~Q(phone_e164=""), name="partnerships_contact_phone_e164"
            ),
            models.CheckConstraint(
                condition=Q(mobile="") | ~Q(mobile_e164=""),
                name="partnerships_contact_mobile_e164",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:contact_detail", args=[self.pk])

    def clean(self):
        """Fill the international forms from the numbers as written (Belgian by default)."""
        errors = {}
        for field in ("phone", "mobile"):
            written = getattr(self, field).strip()
            try:
                setattr(self, f"{field}_e164", normalise_phone(written) if written else "")
            except ValueError as error:
                errors[field] = str(error)
        if errors:
            raise ValidationError(errors)
