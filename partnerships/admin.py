from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partnerships.models import (
    Activity,
    Agreement,
    City,
    Contact,
    EUProject,
    Network,
    Organisation,
    Partnership,
    PartnershipStatusChange,
    Theme,
)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(City)
class CityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "local_name", "country", "latitude", "longitude"]
    list_filter = ["country"]
    search_fields = ["name", "local_name"]


class StatusChangeInline(admin.TabularInline):
    model = PartnershipStatusChange
    extra = 0
    autocomplete_fields = ["source"]


class AgreementInline(admin.TabularInline):
    model = Agreement
    extra = 0
    fields = ["kind", "title", "signed_on", "signed_on_precision", "valid_from", "valid_until"]
    show_change_link = True


class ActivityInline(admin.TabularInline):
    model = Activity
    fk_name = "partnership"
    extra = 0
    fields = ["title", "kind", "status", "occurred_on", "occurred_on_precision"]
    show_change_link = True


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ["city", "kind", "status", "began_on", "ended_on", "ended_by"]
    list_filter = ["kind", "status", "city__country"]
    list_select_related = ["city"]
    search_fields = ["city__name", "city__local_name"]
    autocomplete_fields = ["city", "source"]
    inlines = [StatusChangeInline, AgreementInline, ActivityInline]


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "partnership", "kind", "signed_on", "valid_from", "valid_until"]
    list_filter = ["kind", "themes"]
    list_select_related = ["partnership__city"]
    search_fields = ["title", "partnership__city__name"]
    autocomplete_fields = ["partnership", "replaces", "themes", "source"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "city"]
    list_filter = ["kind"]
    list_select_related = ["city"]
    search_fields = ["name"]
    autocomplete_fields = ["city"]


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "function", "organisation", "email"]
    list_filter = ["kind"]
    list_select_related = ["organisation"]
    search_fields = ["name", "function", "email", "organisation__name"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["phone_e164", "mobile_e164"]


@admin.register(Network)
class NetworkAdmin(SimpleHistoryAdmin):
    list_display = ["name", "is_ghent_member", "member_since", "ghent_role"]
    list_filter = ["is_ghent_member"]
    search_fields = ["name"]
    autocomplete_fields = ["themes", "source"]


@admin.register(EUProject)
class EUProjectAdmin(SimpleHistoryAdmin):
    list_display = ["acronym", "name", "programme", "ghent_role", "started_on", "ended_on"]
    list_filter = ["programme", "ghent_role"]
    search_fields = ["acronym", "name"]
    autocomplete_fields = ["partner_cities", "themes", "network", "source"]


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "status", "occurred_on", "partnership", "network"]
    list_filter = ["kind", "status", "themes"]
    list_select_related = ["partnership__city", "network"]
    search_fields = ["title", "description"]
    autocomplete_fields = [
        "partnership",
        "network",
        "agreement",
        "themes",
        "ghent_organisations",
        "partner_organisations",
        "source",
    ]
