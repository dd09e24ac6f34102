from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from gentintl.admin import (
    GentAdmin,
    GentInline,
    GentStackedInline,
    SpreadsheetAdminMixin,
    related_link,
)
from partnerships.admin import HistoryAdmin
from pressroom.models import NewsItem, PressContact, PressRelease, Quote, RelatedNews, Topic
from pressroom.paste import PasteReleaseAdminMixin
from pressroom.resources import (
    NewsItemResource,
    PressContactResource,
    PressReleaseResource,
    QuoteResource,
    RelatedNewsResource,
    TopicResource,
)


@admin.register(Topic)
class TopicAdmin(SpreadsheetAdminMixin, GentAdmin):
    resource_class = TopicResource
    search_fields = ["name"]


class PressContactInline(GentInline):
    model = PressContact
    autocomplete_fields = ["contact"]
    show_change_link = False


class QuoteInline(GentStackedInline):
    model = Quote
    autocomplete_fields = ["speaker"]


class RelatedNewsInline(GentInline):
    model = RelatedNews
    autocomplete_fields = ["item"]
    show_change_link = False


@admin.register(PressRelease)
class PressReleaseAdmin(PasteReleaseAdminMixin, HistoryAdmin):
    resource_class = PressReleaseResource
    list_display = ["number", "title", "published_on", "language"]
    list_filter = ["language", "topics", "cities"]
    search_fields = ["number", "title", "lead", "body"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["topics", "cities", "partnerships", "networks"]
    inlines = [PressContactInline, QuoteInline, RelatedNewsInline]


@admin.register(Quote)
class QuoteAdmin(HistoryAdmin):
    resource_class = QuoteResource
    list_display = [
        "speaker_name",
        "speaker_function",
        related_link("press_release", _("press release"), "press_release__number"),
    ]
    list_select_related = ["press_release"]
    search_fields = ["text", "speaker_name", "speaker_function"]
    autocomplete_fields = ["press_release", "speaker"]


@admin.register(PressContact)
class PressContactAdmin(SpreadsheetAdminMixin, GentAdmin):
    resource_class = PressContactResource
    list_display = [
        related_link("press_release", _("press release"), "press_release__number"),
        "position",
        related_link("contact", _("contact"), "contact__name"),
        "role",
    ]
    # The first column is a link of its own: the change link goes on a plain column.
    list_display_links = ["position"]
    list_select_related = ["press_release", "contact"]
    list_filter = ["role"]
    search_fields = ["contact__name", "press_release__title"]
    autocomplete_fields = ["press_release", "contact"]


@admin.register(NewsItem)
class NewsItemAdmin(SpreadsheetAdminMixin, GentAdmin):
    resource_class = NewsItemResource
    list_display = ["title"]
    search_fields = ["title", "summary"]


@admin.register(RelatedNews)
class RelatedNewsAdmin(SpreadsheetAdminMixin, GentAdmin):
    resource_class = RelatedNewsResource
    list_display = [
        related_link("item", _("news item"), "item__title"),
        related_link("press_release", _("press release"), "press_release__number"),
        "position",
    ]
    # The first column is a link of its own: the change link goes on a plain column.
    list_display_links = ["position"]
    list_select_related = ["press_release", "item"]
    search_fields = ["item__title", "item__summary"]
    autocomplete_fields = ["press_release", "item"]
