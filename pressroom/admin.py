from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pressroom.models import PressContact, PressRelease, Quote, RelatedNews, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class PressContactInline(admin.TabularInline):
    model = PressContact
    extra = 0
    autocomplete_fields = ["contact"]


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0
    autocomplete_fields = ["speaker"]


class RelatedNewsInline(admin.TabularInline):
    model = RelatedNews
    extra = 0


@admin.register(PressRelease)
class PressReleaseAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "published_on", "language"]
    list_filter = ["language", "topics"]
    search_fields = ["number", "title", "lead"]
    autocomplete_fields = ["topics", "cities", "partnerships", "networks"]
    inlines = [PressContactInline, QuoteInline, RelatedNewsInline]


@admin.register(Quote)
class QuoteAdmin(SimpleHistoryAdmin):
    list_display = ["speaker_name", "speaker_function", "press_release"]
    list_select_related = ["press_release"]
    search_fields = ["text", "speaker_name"]
    autocomplete_fields = ["press_release", "speaker"]
