"""Spreadsheet mappings for the press room, shared by the admin, the seeds and the tests."""

from import_export import fields, widgets

from gentintl.spreadsheets.resources import GentResource
from gentintl.spreadsheets.widgets import (
    CachedLookupWidget,
    NameListWidget,
    TextWidget,
    choice,
    text,
)
from partnerships.models import Contact, Network
from partnerships.widgets import CityWidget, PartnershipWidget, PressReleaseWidget
from pressroom.models import (
    Language,
    NewsItem,
    PressContact,
    PressContactRole,
    PressRelease,
    Quote,
    RelatedNews,
    Topic,
)


class TopicResource(GentResource):
    name = text("name", "Naam")

    class Meta(GentResource.Meta):
        model = Topic
        fields = ("name",)
        import_id_fields = ("name",)


def press_release():
    return fields.Field(
        attribute="press_release", column_name="Persbericht", widget=PressReleaseWidget()
    )


def position():
    return fields.Field(
        attribute="position", column_name="Volgorde", widget=widgets.IntegerWidget()
    )


class PressReleaseResource(GentResource):
    number = fields.Field(attribute="number", column_name="Nummer", widget=widgets.IntegerWidget())
    slug = text("slug", "Slug")
    title = text("title", "Titel")
    lead = text("lead", "Inleiding")
    body = text("body", "Tekst")
    published_on = fields.Field(
        attribute="published_on",
        column_name="Gepubliceerd op",
        widget=widgets.DateWidget(format="%d/%m/%Y"),
    )
    url = text("url", "URL")
    language = choice("language", "Taal", Language)
    topics = fields.Field(
        attribute="topics",
        column_name="Onderwerpen",
        widget=NameListWidget(CachedLookupWidget(Topic, field="name")),
    )
    cities = fields.Field(
        attribute="cities", column_name="Vermelde steden", widget=NameListWidget(CityWidget())
    )
    partnerships = fields.Field(
        attribute="partnerships",
        column_name="Vermelde partnerschappen",
        widget=NameListWidget(PartnershipWidget()),
    )
    networks = fields.Field(
        attribute="networks",
        column_name="Vermelde netwerken",
        widget=NameListWidget(CachedLookupWidget(Network, field="name")),
    )

    class Meta(GentResource.Meta):
        model = PressRelease
        fields = (
            "number",
            "slug",
            "title",
            "lead",
            "body",
            "published_on",
            "url",
            "language",
            "topics",
            "cities",
            "partnerships",
            "networks",
        )
        import_id_fields = ("number",)


class PressContactResource(GentResource):
    press_release = press_release()
    position = position()
    contact = fields.Field(
        attribute="contact",
        column_name="Contact (e-mail)",
        widget=CachedLookupWidget(Contact, field="email"),
    )
    role = choice("role", "Rol", PressContactRole)

    class Meta(GentResource.Meta):
        model = PressContact
        fields = ("press_release", "position", "contact", "role")
        import_id_fields = ("press_release", "contact")


class QuoteResource(GentResource):
    press_release = press_release()
    position = position()
    speaker_name = text("speaker_name", "Spreker")
    speaker_function = text("speaker_function", "Functie van de spreker")
    speaker = fields.Field(
        attribute="speaker",
        column_name="Spreker (e-mail)",
        widget=CachedLookupWidget(Contact, field="email"),
    )

    # Declared after the others: a field named "text" would shadow the helper above.
    text = text("text", "Citaat")

    class Meta(GentResource.Meta):
        model = Quote
        fields = (
            "press_release",
            "position",
            "text",
            "speaker_name",
            "speaker_function",
            "speaker",
        )
        import_id_fields = ("press_release", "position")


class NewsItemResource(GentResource):
    title = text("title", "Titel")
    summary = fields.Field(attribute="summary", column_name="Samenvatting", widget=TextWidget())

    class Meta(GentResource.Meta):
        model = NewsItem
        fields = ("title", "summary")
        import_id_fields = ("title",)


class RelatedNewsResource(GentResource):
    press_release = press_release()
    position = position()
    item = fields.Field(
        attribute="item",
        column_name="Nieuwsitem (titel)",
        widget=CachedLookupWidget(NewsItem, field="title"),
    )

    class Meta(GentResource.Meta):
        model = RelatedNews
        fields = ("press_release", "position", "item")
        import_id_fields = ("press_release", "item")
