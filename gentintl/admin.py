"""Admin base classes every app shares: partial dates in one box, the lost-update guard,
dates shown at their precision and links between related records."""

from django.contrib import admin
from django.contrib.admin.utils import quote
from django.db import models
from django.urls import reverse
from django.utils.html import format_html

from gentintl.dates import format_partial_date
from gentintl.forms import END_DATE_FIELDS, GentModelForm, PartialDateField


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
                end=db_field.name in END_DATE_FIELDS,
            )
        if is_precision(self.model, db_field):
            return None
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class GentAdmin(PartialDateAdminMixin, admin.ModelAdmin):
    """The admin of a model without history."""


class GentInline(PartialDateAdminMixin, admin.TabularInline):
    extra = 0
    show_change_link = True


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
