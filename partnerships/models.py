"""Ghent's partner cities, partnerships, agreements, activities, organisations, contacts,
networks and EU-funded projects."""

import dataclasses
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from gentintl.dates import (
    date_order_check,
    format_partial_date,
    period_ends_before,
    period_ends_on_or_after,
    precision_field,
    precision_matches_date,
)
from partnerships.phones import normalise_phone

# Import and export each need their own permission: not every staff user may do either.
DEFAULT_PERMISSIONS = ("add", "change", "delete", "view", "import", "export")

SOURCE_HELP = _("The press release this fact comes from.")

# Contacts' phones, e-mail and address: editors have it, managers do not.
PERSONAL_DATA_PERMISSION = "partnerships.view_personal_data"


class Theme(models.Model):
    """A subject of cooperation: education, culture, sport, sustainable development..."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        default_permissions = DEFAULT_PERMISSIONS

    def __str__(self):
        return self.name


class City(models.Model):
    """A place, named in Dutch as the documents do (Luik) and locally (Liège)."""

    name = models.CharField(_("Dutch name"), max_length=100)
    local_name = models.CharField(_("local name"), max_length=100, blank=True)
    country = CountryField(_("country"))
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    provenance = models.CharField(
        _("source of the reference data"),
        max_length=300,
        blank=True,
        help_text=_(
            "Where the coordinates and the local name come from when no press release gives them."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        default_permissions = DEFAULT_PERMISSIONS
        constraints = [
            models.UniqueConstraint(
                fields=["name", "country"], name="partnerships_city_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="partnerships_city_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="partnerships_city_longitude_range",
            ),
        ]

    def __str__(self):
        if self.local_name and self.local_name != self.name:
            return f"{self.name} ({self.local_name})"
        return self.name


@dataclasses.dataclass
class TimelineEvent:
    """One dated step in a partnership's life, as the detail page shows it."""

    on: datetime.date | None
    on_display: str
    kind: str
    title: str
    url: str = ""
    status: str = ""
    # Where an undated event goes: a status step without a date still precedes the
    # dated steps after it in the status history.
    before: datetime.date | None = None


def _timeline_order(event: TimelineEvent):
    """Dated events by date; an undated status step just before the next dated step of
    its history; other undated events last."""
    if event.on:
        return (False, event.on, 1)
    if event.before:
        return (False, event.before, 0)
    return (True, datetime.date.min, 0)


class PartnershipKind(models.TextChoices):
    SISTER_CITY = "sister_city", _("sister city")
    PARTNER_CITY = "partner_city", _("partner city")


class PartnershipStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    DORMANT = "dormant", _("dormant")
    PHASING_OUT = "phasing_out", _("phasing out")
    ENDED = "ended", _("ended")


class Initiative(models.TextChoices):
    GHENT = "ghent", _("Ghent")
    PARTNER = "partner", _("the partner city")
    MUTUAL = "mutual", _("both cities")


class PartnershipQuerySet(models.QuerySet):
    def current(self):
        """Partnerships that have not ended."""
        return self.exclude(status=PartnershipStatus.ENDED)

    def for_list(self):
        return self.select_related("city")

    def for_detail(self):
        """Everything the detail page and its timeline show, in a fixed number of queries."""
        return self.select_related("city", "source").prefetch_related(
            models.Prefetch(
                "status_changes", queryset=PartnershipStatusChange.objects.select_related("source")
            ),
            models.Prefetch("agreements", queryset=Agreement.objects.prefetch_related("themes")),
            "activities",
            "press_releases",
        )


class Partnership(models.Model):
    """Ghent's bilateral tie with one city: a formal twinning or a lighter partnership."""

    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="partnerships", verbose_name=_("city")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PartnershipKind)
    status = models.CharField(
        _("status"), max_length=20, choices=PartnershipStatus, default=PartnershipStatus.ACTIVE
    )
    began_on = models.DateField(_("began on"), null=True, blank=True)
    began_on_precision = precision_field(_("precision of the beginning"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    ended_on_precision = precision_field(_("precision of the end"))
    ended_by = models.CharField(
        _("ended at the request of"), max_length=10, choices=Initiative, blank=True
    )
    end_reason = models.TextField(_("reason for the end"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    source = models.ForeignKey(
        "pressroom.PressRelease",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sourced_partnerships",
        verbose_name=_("source"),
        help_text=SOURCE_HELP,
    )
    responsible = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="responsible_for",
        verbose_name=_("responsible staff"),
        help_text=_("Who receives the renewal reminders of its agreements by e-mail."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["city__name"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        default_permissions = DEFAULT_PERMISSIONS
        constraints = [
            models.UniqueConstraint(fields=["city"], name="partnerships_partnership_unique_city"),
            date_order_check("began_on", "ended_on", "ended_after_began"),
            precision_matches_date("began_on"),
            precision_matches_date("ended_on"),
        ]

    def __str__(self):
        return f"{self.city} ({self.get_kind_display()})"

    def get_absolute_url(self):
        return reverse("partnerships:partnership_detail", args=[self.pk])

    @property
    def began_display(self):
        return format_partial_date(self.began_on, self.began_on_precision)

    @property
    def ended_display(self):
        return format_partial_date(self.ended_on, self.ended_on_precision)

    def timeline(self) -> list[TimelineEvent]:
        """Beginning, agreements, status changes, activities, press releases and end, by
        date; events without a known date come last. Uses the prefetched relations."""
        events = []
        if self.began_on:
            events.append(
                TimelineEvent(self.began_on, self.began_display, _("beginning"), str(self))
            )
        for agreement in self.agreements.all():
            events.append(
                TimelineEvent(
                    agreement.signed_on,
                    agreement.signed_display,
                    _("%(kind)s (signing announced)") % {"kind": agreement.get_kind_display()}
                    if agreement.signing_planned
                    else agreement.get_kind_display(),
                    agreement.title,
                    url=agreement.get_absolute_url(),
                )
            )
        changes = list(self.status_changes.all())  # in the history's order
        for index, change in enumerate(changes):
            later = (c.changed_on for c in changes[index + 1 :] if c.changed_on)
            events.append(
                TimelineEvent(
                    change.changed_on,
                    change.changed_display,
                    _("status: %(status)s") % {"status": change.get_status_display()},
                    change.reason,
                    status=change.status,
                    before=None if change.changed_on else next(later, None),
                )
            )
        for activity in self.activities.all():
            events.append(
                TimelineEvent(
                    activity.occurred_on,
                    activity.occurred_display,
                    activity.get_kind_display(),
                    activity.title,
                    url=activity.get_absolute_url(),
                )
            )
        for release in self.press_releases.all():
            events.append(
                TimelineEvent(
                    release.published_on,
                    format_partial_date(release.published_on, "day"),
                    _("press release"),
                    release.title,
                    url=release.get_absolute_url(),
                )
            )
        if self.ended_on:
            events.append(TimelineEvent(self.ended_on, self.ended_display, _("end"), str(self)))
        return sorted(events, key=_timeline_order)


class PartnershipStatusChange(models.Model):
    """One dated step in a partnership's status history, with its reason and source."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("partnership"),
    )
    status = models.CharField(_("status"), max_length=20, choices=PartnershipStatus)
    changed_on = models.DateField(_("changed on"), null=True, blank=True)
    changed_on_precision = precision_field(_("precision of the date"))
    reason = models.TextField(_("reason"), blank=True)
    initiated_by = models.CharField(
        _("at the request of"), max_length=10, choices=Initiative, blank=True
    )
    source = models.ForeignKey(
        "pressroom.PressRelease",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sourced_status_changes",
        verbose_name=_("source"),
        help_text=SOURCE_HELP,
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", F("changed_on").asc(nulls_first=True), "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        default_permissions = DEFAULT_PERMISSIONS
        constraints = [
            precision_matches_date("changed_on"),
            models.UniqueConstraint(
                fields=["partnership", "status"], name="partnerships_statuschange_unique_step"
            ),
        ]

    def __str__(self):
        when = format_partial_date(self.changed_on, self.changed_on_precision) or _("date unknown")
        return f"{self.partnership.city}: {self.get_status_display()} ({when})"

    @property
    def changed_display(self):
        return format_partial_date(self.changed_on, self.changed_on_precision)


class AgreementKind(models.TextChoices):
    FRIENDSHIP_TREATY = "friendship_treaty", _("friendship treaty")
    DECLARATION = "declaration", _("declaration")
    MEMORANDUM = "memorandum", _("memorandum of understanding")
    COOPERATION_AGREEMENT = "cooperation_agreement", _("cooperation agreement")


class AgreementQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date | None = None):
        """Agreements valid on `on` (default: today); an open start counts as signed."""
        on = on or timezone.localdate()
        return self.filter(
            Q(valid_until__isnull=True) | period_ends_on_or_after("valid_until", on),
            Q(valid_from__lte=on) | Q(valid_from__isnull=True, signed_on__lte=on),
        )

    def ending_within(self, days: int, on: datetime.date | None = None):
        """Agreements in force whose validity ends within `days` days: renewal alerts. A
        validity "until 2026" ends on 31 December 2026."""
        on = on or timezone.localdate()
        after = on + datetime.timedelta(days=days + 1)
        return self.in_force(on).filter(period_ends_before("valid_until", after))

    def expired(self, on: datetime.date | None = None):
        """Agreements whose validity was over before `on` (default: today)."""
        return self.filter(period_ends_before("valid_until", on or timezone.localdate()))


class Agreement(models.Model):
    """A signed text that binds Ghent and one partner city, one link in a chain."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("partnership"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=AgreementKind)
    title = models.CharField(_("title"), max_length=200)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_on_precision = precision_field(_("precision of the signing date"))
    signing_planned = models.BooleanField(
        _("signing announced"),
        default=False,
        help_text=_("The source announces the signing for this date; it does not report it."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_from_precision = precision_field(_("precision of valid from"))
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Stored as the last day of the year or month when only those are known."),
    )
    valid_until_precision = precision_field(_("precision of valid until"))
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="agreements", verbose_name=_("themes")
    )
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    notes = models.TextField(_("notes"), blank=True)
    source = models.ForeignKey(
        "pressroom.PressRelease",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sourced_agreements",
        verbose_name=_("source"),
        help_text=SOURCE_HELP,
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[themes])
    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", F("signed_on").asc(nulls_first=True), "pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        default_permissions = DEFAULT_PERMISSIONS
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "title"], name="partnerships_agreement_unique_title"
            ),
            date_order_check("valid_from", "valid_until", "valid_until_after_from"),
            precision_matches_date("signed_on"),
            precision_matches_date("valid_from"),
            precision_matches_date("valid_until"),
            models.CheckConstraint(
                condition=~Q(replaces=F("pk")), name="partnerships_agreement_not_self_replacing"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.partnership.city.name})"

    def get_absolute_url(self):
        return reverse("partnerships:agreement_detail", args=[self.pk])

    def chain(self) -> list["Agreement"]:
        """The agreements this one renews and those renewing it, first to last, this one
        included: one query over its partnership's agreements, where a chain stays."""
        siblings = {a.pk: a for a in Agreement.objects.filter(partnership_id=self.partnership_id)}
        siblings[self.pk] = self
        earlier, seen = [], {self.pk}
        current = self
        while current.replaces_id in siblings and current.replaces_id not in seen:
            current = siblings[current.replaces_id]
            seen.add(current.pk)
            earlier.append(current)
        successors = {}
        for agreement in siblings.values():  # in the model's order: the earliest signed first
            successors.setdefault(agreement.replaces_id, []).append(agreement)
        later, current = [], self
        while True:
            following = [a for a in successors.get(current.pk, []) if a.pk not in seen]
            if not following:
                break
            current = following[0]
            seen.add(current.pk)
            later.append(current)
        return [*reversed(earlier), self, *later]

    @property
    def signed_display(self):
        return format_partial_date(self.signed_on, self.signed_on_precision)

    @property
    def valid_from_display(self):
        return format_partial_date(self.valid_from, self.valid_from_precision)

    @property
    def valid_until_display(self):
        return format_partial_date(self.valid_until, self.valid_until_precision)


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
        City,
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
        Organisation,
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


class Network(models.Model):
    """A multilateral city network (Eurocities...) and Ghent's membership of it."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_ghent_member = models.BooleanField(_("Ghent is a member"), default=False)
    member_since = models.DateField(_("member since"), null=True, blank=True)
    member_since_precision = precision_field(_("precision of member since"))
    ghent_role = models.CharField(_("Ghent's role"), max_length=200, blank=True)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="networks", verbose_name=_("themes")
    )
    source = models.ForeignKey(
        "pressroom.PressRelease",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sourced_networks",
        verbose_name=_("source"),
        help_text=SOURCE_HELP,
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        default_permissions = DEFAULT_PERMISSIONS
        constraints = [precision_matches_date("member_since")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:network_detail", args=[self.pk])

    @property
    def member_since_display(self):
        return format_partial_date(self.member_since, self.member_since_precision)


class ProjectRole(models.TextChoices):
    LEAD = "lead", _("lead partner")
    PARTNER = "partner", _("partner")
    ASSOCIATED = "associated", _("associated partner")


class EUProject(models.Model):
    """A multi-city project funded by an EU programme, with Ghent's role in it."""

    acronym = models.CharField(_("acronym"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=300)
    programme = models.CharField(
        _("programme"), max_length=100, help_text=_("e.g. Interreg, URBACT, Horizon Europe")
    )
    ghent_role = models.CharField(_("Ghent's role"), max_length=20, choices=ProjectRole)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    started_on_precision = precision_field(_("precision of the start"))
    ended_on = models.DateField(_("ends on"), null=True, blank=True)
    ended_on_precision = precision_field(_("precision of the end"))
    budget = models.DecimalField(
        _("total budget (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    ghent_budget = models.DecimalField(
        _("Ghent's budget (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    partner_cities = models.ManyToManyField(
        City, blank=True, related_name="eu_projects", verbose_name=_("partner cities")
    )
    network = models.ForeignKey(
        Network,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="eu_projects",
        verbose_name=_("network"),
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="eu_projects", verbose_name=_("themes")
    )
    website = models.URLField(_("website"), blank=True)
    source = models.ForeignKey(
        "pressroom.PressRelease",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sourced_eu_projects",
        verbose_name=_("source"),
        help_text=SOURCE_HELP,
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[partner_cities, themes])

    class Meta:
        ordering = ["-started_on", "acronym"]
        verbose_name = _("EU project")
        verbose_name_plural = _("EU projects")
        default_permissions = DEFAULT_PERMISSIONS
        constraints = [
            date_order_check("started_on", "ended_on", "ended_after_started"),
            precision_matches_date("started_on"),
            precision_matches_date("ended_on"),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="partnerships_euproject_budget_positive",
                violation_error_message=_("The amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(ghent_budget__isnull=True)
                | Q(budget__isnull=True)
                | Q(ghent_budget__lte=F("budget")),
                name="partnerships_euproject_ghent_budget_within_total",
                violation_error_message=_("Ghent's budget is larger than the total budget."),
            ),
        ]

    def __str__(self):
        return f"{self.acronym} ({self.programme})"

    def get_absolute_url(self):
        return reverse("partnerships:euproject_detail", args=[self.pk])

    @property
    def started_display(self):
        return format_partial_date(self.started_on, self.started_on_precision)

    @property
    def ended_display(self):
        return format_partial_date(self.ended_on, self.ended_on_precision)


class ActivityKind(models.TextChoices):
    STUDENT_EXCHANGE = "student_exchange", _("student exchange")
    ACADEMIC = "academic", _("academic cooperation")
    CULTURAL_EXCHANGE = "cultural_exchange", _("cultural exchange")
    SPORT = "sport", _("sport")
    CULINARY_EXCHANGE = "culinary_exchange", _("culinary exchange")
    KNOWLEDGE_SHARING = "knowledge_sharing", _("knowledge sharing")
    DELEGATION_VISIT = "delegation_visit", _("delegation visit")
    SIGNING = "signing", _("signing")
    GIFT = "gift", _("gift or artwork")
    ANNIVERSARY = "anniversary", _("anniversary")
    OTHER = "other", _("other")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    ONGOING = "ongoing", _("ongoing")
    HELD = "held", _("held")


class ActivityQuerySet(models.QuerySet):
    def in_year(self, year: int):
        return self.filter(occurred_on__year=year)


class Activity(models.Model):
    """An exchange, visit, event, gift or anniversary within a partnership or network."""

    title = models.CharField(_("title"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=ActivityKind)
    status = models.CharField(_("status"), max_length=10, choices=ActivityStatus)
    occurred_on = models.DateField(_("date"), null=True, blank=True)
    occurred_on_precision = precision_field(_("precision of the date"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("partnership"),
    )
    network = models.ForeignKey(
        Network,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("network"),
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("under agreement"),
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="activities", verbose_name=_("themes")
    )
    ghent_organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="ghent_side_activities",
        verbose_name=_("organisations in Ghent"),
    )
    partner_organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="partner_side_activities",
        verbose_name=_("organisations on the partner side"),
    )
    source = models.ForeignKey(
        "pressroom.PressRelease",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sourced_activities",
        verbose_name=_("source"),
        help_text=SOURCE_HELP,
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[themes, ghent_organisations, partner_organisations])
    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = [F("occurred_on").desc(nulls_last=True), "title"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        default_permissions = DEFAULT_PERMISSIONS
        # The list's order has its index on PostgreSQL only (SQLite cannot index
        # NULLS LAST): see migration 0006.
        constraints = [precision_matches_date("occurred_on")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partnerships:activity_detail", args=[self.pk])

    @property
    def occurred_display(self):
        return format_partial_date(self.occurred_on, self.occurred_on_precision)


class ReminderMoment(models.TextChoices):
    MONTHS_12 = "12", _("12 months before the end")
    MONTHS_6 = "6", _("6 months before the end")
    MONTHS_3 = "3", _("3 months before the end")
    MONTHS_1 = "1", _("1 month before the end")
    ENDED = "ended", _("ended without a successor")


class Reminder(models.Model):
    """A renewal reminder about one agreement at one moment, recorded once it was sent."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("agreement")
    )
    moment = models.CharField(_("moment"), max_length=5, choices=ReminderMoment)
    recipients = models.TextField(_("recipients"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "moment"], name="partnerships_reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.agreement}: {self.get_moment_display()}"
