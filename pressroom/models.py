"""The city's press room: press releases, their quotes, topics, contacts and related news."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerships.models import DEFAULT_PERMISSIONS, City, Contact, Network, Partnership


class Topic(models.Model):
    """A subject the press room files releases under ("Gerelateerde onderwerpen")."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        default_permissions = DEFAULT_PERMISSIONS

    def __str__(self):
        return self.name


class Language(models.TextChoices):
    DUTCH = "nl", _("Dutch")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")


class PressReleaseQuerySet(models.QuerySet):
    def latest_first(self):
        return self.order_by(F("published_on").desc(nulls_last=True), "-number")

    def for_report(self, year: int):
        """Published in `year` or on an unknown date, in order of publication."""
        return (
            self.filter(Q(published_on__year=year) | Q(published_on__isnull=True))
            .order_by(F("published_on").asc(nulls_last=True), "number")
            .only("number", "slug", "title", "published_on")
        )


class PressRelease(models.Model):
    """A numbered item on the city's press room site (persruimte.stad.gent)."""

    number = models.PositiveIntegerField(
        _("number"), unique=True, help_text=_("The number at the start of the page address.")
    )
    slug = models.SlugField(_("slug"), max_length=200)
    title = models.CharField(_("title"), max_length=300)
    lead = models.TextField(_("lead"), blank=True)
    body = models.TextField(
        _("body"), blank=True, help_text=_("Paragraphs separated by a blank line.")
    )
    published_on = models.DateField(
        _("published on"), null=True, blank=True, help_text=_("Empty when unknown.")
    )
    url = models.URLField(_("address (URL)"), max_length=500, unique=True)
    language = models.CharField(_("language"), max_length=2, choices=Language, default="nl")
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="press_releases", verbose_name=_("topics")
    )
    cities = models.ManyToManyField(
        City, blank=True, related_name="press_releases", verbose_name=_("cities mentioned")
    )
    partnerships = models.ManyToManyField(
        Partnership,
        blank=True,
        related_name="press_releases",
        verbose_name=_("partnerships mentioned"),
    )
    networks = models.ManyToManyField(
        Network, blank=True, related_name="press_releases", verbose_name=_("networks mentioned")
    )
    contacts = models.ManyToManyField(
        Contact,
        through="PressContact",
        blank=True,
        related_name="press_releases",
        verbose_name=_("press contacts"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Title, lead and body as Dutch full text; kept up to date by a database trigger on
    # PostgreSQL (see the migration), unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(
        m2m_fields=[topics, cities, partnerships, networks], excluded_fields=["search_vector"]
    )
    objects = PressReleaseQuerySet.as_manager()

    class Meta:
        ordering = [F("published_on").desc(nulls_last=True), "-number"]
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")
        default_permissions = DEFAULT_PERMISSIONS
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gt=0), name="pressroom_pressrelease_number_positive"
            ),
        ]
        # PostgreSQL indexes for the list's order, date filters and search: see
        # migration 0002 (SQLite cannot index NULLS LAST or a search vector).

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        return reverse("pressroom:pressrelease_detail", args=[self.number, self.slug])

    @property
    def paragraphs(self):
        return [p for p in self.body.split("\n\n") if p.strip()]


class PressContactRole(models.TextChoices):
    PRESS_CONTACT = "press_contact", _("press contact")
    PRESS_OFFICE = "press_office", _("press office")


class PressContact(models.Model):
    """A contact listed on a press release, in the order the release lists them."""

    press_release = models.ForeignKey(
        PressRelease,
        on_delete=models.CASCADE,
        related_name="press_contacts",
        verbose_name=_("press release"),
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.PROTECT,
        related_name="press_contacts",
        verbose_name=_("contact"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    role = models.CharField(
        _("role"), max_length=20, choices=PressContactRole, default=PressContactRole.PRESS_CONTACT
    )

    class Meta:
        ordering = ["press_release", "position"]
        verbose_name = _("press contact")
        verbose_name_plural = _("press contacts")
        default_permissions = DEFAULT_PERMISSIONS
        constraints = [
            models.UniqueConstraint(
                fields=["press_release", "contact"], name="pressroom_presscontact_unique"
            ),
        ]

    def __str__(self):
        return f"{self.contact} – {self.press_release.number}"


class Quote(models.Model):
    """Words spoken by someone, with the function they held when they said them."""

    press_release = models.ForeignKey(
        PressRelease,
        on_delete=models.CASCADE,
        related_name="quotes",
        verbose_name=_("press release"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.TextField(_("text"))
    speaker_name = models.CharField(_("speaker"), max_length=200)
    speaker_function = models.CharField(
        _("speaker's function at the time"), max_length=200, blank=True
    )
    speaker = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotes",
        verbose_name=_("speaker as contact"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["press_release", "position"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        default_permissions = DEFAULT_PERMISSIONS
        constraints = [
            models.UniqueConstraint(
                fields=["press_release", "position"], name="pressroom_quote_unique_position"
            ),
        ]

    def __str__(self):
        return f"{self.speaker_name}: {self.text[:60]}"


class NewsItem(models.Model):
    """An item of the "Gerelateerd nieuws" block, kept once however many releases list it."""

    title = models.CharField(_("title"), max_length=300, unique=True)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        default_permissions = DEFAULT_PERMISSIONS

    def __str__(self):
        return self.title


class RelatedNews(models.Model):
    """A news item in the "Gerelateerd nieuws" block of one release, in page order."""

    press_release = models.ForeignKey(
        PressRelease,
        on_delete=models.CASCADE,
        related_name="related_news",
        verbose_name=_("press release"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    item = models.ForeignKey(
        NewsItem,
        on_delete=models.PROTECT,
        related_name="listings",
        verbose_name=_("news item"),
    )

    class Meta:
        ordering = ["press_release", "position"]
        verbose_name = _("related news item")
        verbose_name_plural = _("related news")
        default_permissions = DEFAULT_PERMISSIONS
        constraints = [
            models.UniqueConstraint(
                fields=["press_release", "item"], name="pressroom_relatednews_unique_item"
            ),
        ]

    def __str__(self):
        return str(self.item)
