from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.filters import CountryFilter
from simple_history.admin import SimpleHistoryAdmin

from gentintl.admin import (
    GentAdmin,
    GentInline,
    LogAdmin,
    PartialDateAdminMixin,
    PersonalDataAdminMixin,
    SpreadsheetAdminMixin,
    partial_date,
    related_link,
)
from gentintl.history import HistoryChanges
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
    Reminder,
    Theme,
)
from partnerships.resources import (
    ActivityResource,
    AgreementResource,
    CityResource,
    ContactResource,
    EUProjectResource,
    NetworkResource,
    OrganisationResource,
    PartnershipResource,
    StatusChangeResource,
    ThemeResource,
)
from partnerships.services import contact_erase, partnership_status_follow

PERSONAL_COLUMNS = ("email", "phone", "mobile")


def is_revert(request) -> bool:
    """Whether the request comes from a history page's revert form."""
    match = request.resolver_match
    return bool(match and match.url_name and match.url_name.endswith("_simple_history"))


class HistoryAdmin(
    SpreadsheetAdminMixin, PersonalDataAdminMixin, PartialDateAdminMixin, SimpleHistoryAdmin
):
    """Spreadsheets, partial dates, the lost-update guard and history with revert."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # django-simple-history opens a past version as a form, and saves it on POST, for
        # anyone who may view the history: reverting is changing the record.
        if not self.has_change_history_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        # A change form sent back untouched (to edit an inline row, say) leaves the record
        # and its history alone, as the formsets do for their untouched rows. A revert form
        # is compared with the old version it shows, so it is always saved.
        if change and not form.has_changed() and not is_revert(request):
            return
        super().save_model(request, obj, form, change)

    def get_historical_record_context_helper(self, request, historical_record):
        return HistoryChanges(self.model, historical_record)


@admin.register(Theme)
class ThemeAdmin(SpreadsheetAdminMixin, GentAdmin):
    resource_class = ThemeResource
    list_display = ["name", "description"]
    search_fields = ["name", "description"]


@admin.register(City)
class CityAdmin(HistoryAdmin):
    resource_class = CityResource
    list_display = ["name", "local_name", "country", "latitude", "longitude"]
    list_filter = [("country", CountryFilter)]
    search_fields = ["name", "local_name"]


class StatusChangeInline(GentInline):
    model = PartnershipStatusChange
    autocomplete_fields = ["source"]
    fields = ["status", "changed_on", "reason", "initiated_by", "source"]


class AgreementInline(GentInline):
    model = Agreement
    fields = ["kind", "title", "signed_on", "valid_from", "valid_until"]


class ActivityInline(GentInline):
    model = Activity
    fk_name = "partnership"
    fields = ["title", "kind", "status", "occurred_on"]


@admin.register(Partnership)
class PartnershipAdmin(HistoryAdmin):
    resource_class = PartnershipResource
    list_display = [
        "city",
        "kind",
        "status",
        partial_date("began_on", _("began on")),
        partial_date("ended_on", _("ended on")),
        "ended_by",
        related_link("source", _("source")),
    ]
    list_filter = ["kind", "status", "ended_by", ("city__country", CountryFilter)]
    list_select_related = ["city", "source"]
    search_fields = ["city__name", "city__local_name", "notes"]
    date_hierarchy = "began_on"
    autocomplete_fields = ["city", "source"]
    inlines = [StatusChangeInline, AgreementInline, ActivityInline]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "responsible":  # reminders go to the department's staff
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        # After the inlines: a status step the editor added with its own date or source
        # is then already the last one, and no step of today is added beside it.
        super().save_related(request, form, formsets, change)
        partnership_status_follow(partnership_ids=[form.instance.pk], user=request.user)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A revert saves the partnership without its inlines (no save_related).
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            partnership_status_follow(partnership_ids=[object_id], user=request.user)
        return response


@admin.register(PartnershipStatusChange)
class StatusChangeAdmin(HistoryAdmin):
    resource_class = StatusChangeResource
    list_display = [
        "partnership",
        "status",
        partial_date("changed_on", _("changed on")),
        "initiated_by",
        related_link("source", _("source")),
    ]
    list_filter = ["status", "initiated_by"]
    list_select_related = ["partnership__city", "source"]
    search_fields = ["partnership__city__name", "reason"]
    autocomplete_fields = ["partnership", "source"]


@admin.register(Agreement)
class AgreementAdmin(HistoryAdmin):
    resource_class = AgreementResource
    list_display = [
        "title",
        related_link("partnership", _("partnership"), "partnership__city__name"),
        "kind",
        partial_date("signed_on", _("signed on")),
        partial_date("valid_from", _("valid from")),
        partial_date("valid_until", _("valid until")),
    ]
    list_filter = ["kind", "themes"]
    list_select_related = ["partnership__city"]
    search_fields = ["title", "partnership__city__name", "notes"]
    date_hierarchy = "signed_on"
    autocomplete_fields = ["partnership", "replaces", "themes", "source"]


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
    resource_class = OrganisationResource
    list_display = ["name", "kind", related_link("city", _("city"), "city__name"), "website"]
    list_filter = ["kind", ("city__country", CountryFilter)]
    list_select_related = ["city"]
    search_fields = ["name", "notes"]
    autocomplete_fields = ["city"]


@admin.register(Contact)
class ContactAdmin(HistoryAdmin):
    resource_class = ContactResource
    list_display = [
        "name",
        "kind",
        "function",
        related_link("organisation", _("organisation"), "organisation__name"),
        "email",
        "phone",
        "mobile",
    ]
    list_filter = ["kind", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "function", "email", "organisation__name"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["phone_e164", "mobile_e164"]
    actions = ["erase_personal_data"]

    def may_see_personal_data(self, request) -> bool:
        return request.user.has_perm("partnerships.view_personal_data")

    def get_list_display(self, request):
        shown = super().get_list_display(request)
        if self.may_see_personal_data(request):
            return shown
        return [f for f in shown if f not in PERSONAL_COLUMNS]

    def get_exclude(self, request, obj=None):
        if self.may_see_personal_data(request):
            return super().get_exclude(request, obj)
        return [*PERSONAL_COLUMNS, "phone_e164", "mobile_e164", "address"]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if self.may_see_personal_data(request):
            return fields
        return [f for f in fields if f not in ("phone_e164", "mobile_e164")]

    def history_view(self, request, object_id, extra_context=None):
        if not self.may_see_personal_data(request):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not self.may_see_personal_data(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("partnerships.erase_contact"):
            actions.pop("erase_personal_data", None)
        return actions

    @admin.action(description=_("Erase personal data of the selected contacts"))
    def erase_personal_data(self, request, queryset):
        if not request.user.has_perm("partnerships.erase_contact"):
            raise PermissionDenied
        if request.POST.get("confirmed") != "yes":
            return TemplateResponse(
                request,
                "admin/partnerships/contact/erase_confirm.html",
                {
                    **self.admin_site.each_context(request),
                    "contacts": queryset,
                    "opts": self.model._meta,
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                    "title": _("Erase personal data"),
                },
            )
        for contact in queryset:
            contact_erase(contact=contact, by=request.user, request=request)
        self.message_user(
            request,
            ngettext(
                "The personal data of %(count)d contact was erased, history included.",
                "The personal data of %(count)d contacts was erased, history included.",
                queryset.count(),
            )
            % {"count": queryset.count()},
            messages.SUCCESS,
        )
        return None


@admin.register(Network)
class NetworkAdmin(HistoryAdmin):
    resource_class = NetworkResource
    list_display = [
        "name",
        "is_ghent_member",
        partial_date("member_since", _("member since")),
        "ghent_role",
    ]
    list_filter = ["is_ghent_member", "themes"]
    search_fields = ["name", "description"]
    autocomplete_fields = ["themes", "source"]


@admin.register(EUProject)
class EUProjectAdmin(HistoryAdmin):
    resource_class = EUProjectResource
    list_display = [
        "acronym",
        "name",
        "programme",
        "ghent_role",
        partial_date("started_on", _("started on")),
        partial_date("ended_on", _("ends on")),
        "budget",
        related_link("network", _("network"), "network__name"),
    ]
    list_filter = ["programme", "ghent_role", "themes"]
    list_select_related = ["network"]
    search_fields = ["acronym", "name", "programme"]
    date_hierarchy = "started_on"
    autocomplete_fields = ["partner_cities", "themes", "network", "source"]


@admin.register(Activity)
class ActivityAdmin(HistoryAdmin):
    resource_class = ActivityResource
    list_display = [
        "title",
        "kind",
        "status",
        partial_date("occurred_on", _("date")),
        related_link("partnership", _("partnership"), "partnership__city__name"),
        related_link("network", _("network"), "network__name"),
    ]
    list_filter = ["kind", "status", "themes", "partnership"]
    list_select_related = ["partnership__city", "network"]
    search_fields = ["title", "description", "location"]
    date_hierarchy = "occurred_on"
    autocomplete_fields = [
        "partnership",
        "network",
        "agreement",
        "themes",
        "ghent_organisations",
        "partner_organisations",
        "source",
    ]


@admin.register(Reminder)
class ReminderAdmin(LogAdmin):
    """The log of renewal reminders sent: read only, written by `send_reminders`."""

    list_display = ["agreement", "moment", "recipients", "sent_at"]
    list_filter = ["moment"]
    list_select_related = ["agreement"]
    search_fields = ["agreement__title", "recipients"]
