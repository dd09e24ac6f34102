"""Admin pieces every app shares: partial dates in one box, the lost-update guard, dates
shown at their precision, links between related records, and the import log's
admin (from the spreadsheet engine, `gentintl.spreadsheets.admin`, which also holds the
import and export views)."""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import PermissionDenied
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gentintl import personal
from gentintl.dates import format_partial_date
from gentintl.forms import GentModelForm, HelpBesideBoundField, PartialDateField
from gentintl.spreadsheets.admin import ImportRunAdmin, LogAdmin, SpreadsheetAdminMixin  # noqa: F401

admin.site.site_header = gettext_lazy("gentintl – International Relations and Networks")
admin.site.site_title = gettext_lazy("gentintl administration")
admin.site.index_title = gettext_lazy("Edit the records")


# Django's user and group admin, made accessible: plain labelled multi-selects instead of
# the two-box filter widget (its search icons carry an aria-label no role allows), a name
# for each box of a date and time, and a password summary whose help text resolves.


class UserChangeForm(auth_forms.UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "password" in self.fields:
            # The summary is no input: the admin writes its help text without an id.
            self.fields["password"].bound_field_class = HelpBesideBoundField


class UserAdmin(auth_admin.UserAdmin):
    form = UserChangeForm
    filter_horizontal = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.DateTimeField) and formfield is not None:
            # Django labels the field, not its two boxes ("Datum:", "Tijd:" are plain text).
            date, time = formfield.widget.widgets
            field = {"field": capfirst(db_field.verbose_name)}
            date.attrs["aria-label"] = _("%(field)s: date") % field
            time.attrs["aria-label"] = _("%(field)s: time") % field
        return formfield

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return long_list(super().formfield_for_manytomany(db_field, request, **kwargs))


class GroupAdmin(auth_admin.GroupAdmin):
    filter_horizontal = ()

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return long_list(super().formfield_for_manytomany(db_field, request, **kwargs))


def long_list(formfield):
    """A multi-select of permissions shows a screenful of them, not four."""
    if formfield.queryset.model is Permission:
        formfield.widget.attrs.setdefault("size", 15)
    return formfield


admin.site.unregister(User)
admin.site.register(User, UserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, GroupAdmin)


def is_partial_date(model, db_field) -> bool:
    names = {f.name for f in model._meta.concrete_fields}
    return isinstance(db_field, models.DateField) and f"{db_field.name}_precision" in names


def is_precision(model, db_field) -> bool:
    names = {f.name for f in model._meta.concrete_fields}
    return db_field.name.endswith("_precision") and db_field.name[: -len("_precision")] in names


class PartialDateAdminMixin:
    """A date with a `<field>_precision` partner becomes one box ("1971", "07/2021")."""

    form = GentModelForm

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if is_partial_date(self.model, db_field):
            return PartialDateField(
                label=db_field.verbose_name.capitalize(),
                required=not db_field.blank,
            )
        if is_precision(self.model, db_field):
            return None
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fields(self, request, obj=None):
        # Declared `fields` leave out the form's version token; without it the lost-update
        # guard would refuse every edit of the form (an inline row, say).
        fields = list(super().get_fields(request, obj))
        if "version" in self.form.base_fields and "version" not in fields:
            fields.append("version")
        return fields


class PersonalDataAdminMixin:
    """No filtering or searching on personal fields without the permission to see them.

    A changelist, its export and the autocomplete take lookups from the address
    (`?email__startswith=a`, `?contact__phone_e164=...`) and search their `search_fields`:
    either would tell a user who may not see e-mail addresses and phone numbers which
    ones exist.
    """

    def lookup_allowed(self, lookup, value, request=None):
        user = getattr(request, "user", None)
        if not personal.may_use_lookup(user, self.model, lookup):
            # Refused rather than ignored, as Django refuses a lookup it does not allow; a
            # 403 also writes an audit line (see gentintl.audit).
            raise PermissionDenied(
                _("You may not filter on e-mail addresses, phone numbers or addresses of contacts.")
            )
        return super().lookup_allowed(lookup, value, request)

    def get_search_fields(self, request):
        return [
            name
            for name in super().get_search_fields(request)
            if personal.may_use_lookup(request.user, self.model, name.lstrip("^=@"))
        ]


class GentAdmin(PersonalDataAdminMixin, PartialDateAdminMixin, admin.ModelAdmin):
    """The admin of a model without history."""


class LabelledInlineFormSet(forms.BaseInlineFormSet):
    """A tabular inline shows each field's label and help text once, in the column header:
    every field of every row also gets the label as its accessible name, the delete box
    included, and the help text beside it under the id its aria-describedby names."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for field in form.fields.values():
            widget = getattr(field.widget, "widget", field.widget)  # inside the "+" wrapper
            if not widget.is_hidden and field.label:
                widget.attrs.setdefault("aria-label", str(field.label))
            if field.help_text:
                field.bound_field_class = HelpBesideBoundField


class GentInline(PartialDateAdminMixin, admin.TabularInline):
    extra = 0
    show_change_link = True
    formset = LabelledInlineFormSet


class GentStackedInline(PartialDateAdminMixin, admin.StackedInline):
    extra = 0


def partial_date(name: str, description):
    """A list column that shows a date at its precision and sorts by the date."""

    @admin.display(description=description, ordering=name)
    def column(obj):
        return format_partial_date(getattr(obj, name), getattr(obj, f"{name}_precision")) or "–"

    column.__name__ = f"{name}_shown"
    return column


def link(obj) -> str:
    """A link to the admin page of `obj`, or an empty string."""
    if obj is None:
        return "–"
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])
    return format_html('<a href="{}">{}</a>', url, obj)


def related_link(name: str, description, ordering: str | None = None):
    """A list column that links to the related record `name`."""

    @admin.display(description=description, ordering=ordering or name)
    def column(obj):
        return link(getattr(obj, name))

    column.__name__ = f"{name}_link"
    return column
