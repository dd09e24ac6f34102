"""What every filtered list page shares: sortable columns, removable filter chips,
pagination that keeps the filters, the export, the detail pages' permission and the
autocomplete endpoints. The filters themselves are in `gentintl/filters.py`.

Each app keeps its own `<Model>FilterSet` (filtersets.py) and `<Model>ListView` (views.py);
they only say which filters, columns and queryset they need.
"""

import datetime

from django import forms
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpResponseBadRequest, JsonResponse
from django.urls import reverse
from django.utils import formats
from django.utils.text import capfirst
from django.views import View
from django.views.generic.list import MultipleObjectMixin
from django_filters.views import FilterMixin, FilterView

from gentintl import personal
from gentintl.filters import GentFilterSet, nothing_chosen
from gentintl.pagination import BoundedPaginator
from gentintl.search import search
from gentintl.spreadsheets import exports
from partnerships.models import PERSONAL_DATA_PERMISSION

PAGE_SIZE = 25
AUTOCOMPLETE_LIMIT = 20


# ------------------------------------------------------------------ chips and links
def query_string(params, **changes) -> str:
    """`params` (a QueryDict) with `changes` applied (None removes) and without `page`."""
    query = params.copy()
    query.pop("page", None)
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return query.urlencode()


def display_value(field: forms.Field, value) -> str:
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, datetime.date):
        return formats.date_format(value, "j F Y")
    choices = dict(getattr(field, "choices", ()) or ())
    return capfirst(str(choices.get(value, value)))


def active_filters(filterset: GentFilterSet, params) -> list[dict]:
    """One chip per active filter value, each with the URL that removes just that value."""
    form = filterset.form
    if not form.is_bound or not form.is_valid():
        return []
    chips = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "", [], ()) or (isinstance(value, QuerySet) and nothing_chosen(value)):
            continue
        values = (
            list(value) if isinstance(value, list | tuple) or hasattr(value, "model") else [value]
        )
        raw = [v for v in params.getlist(name) if v != ""]
        for item in values:
            key = str(item.pk) if isinstance(item, Model) else str(item)
            if isinstance(item, datetime.date):
                key = raw[0] if raw else item.isoformat()
            remaining = params.copy()
            remaining.pop("page", None)
            remaining.setlist(name, [v for v in raw if v != key])
            chips.append(
                {
                    "label": field.label,
                    "value": display_value(field, item),
                    "remove_url": "?" + remaining.urlencode(),
                }
            )
    return chips


def sort_links(filterset: GentFilterSet, params) -> dict[str, dict]:
    current = params.get("sort", "")
    links = {}
    for key in filterset.sort_fields:
        if current == key:
            state, target = "ascending", f"-{key}"
        elif current == f"-{key}":
            state, target = "descending", key
        else:
            state, target = None, key
        links[key] = {"url": "?" + query_string(params, sort=target), "aria_sort": state}
    return links


# ------------------------------------------------------------------ views
class DetailPageMixin(PermissionRequiredMixin):
    """A read-only detail page: managers and editors (`view_<model>`) see it, others get
    403; editors (staff with `change_<model>`) also get the link to edit it in the admin."""

    raise_exception = True

    def get_permission_required(self):
        opts = self.model._meta
        return [f"{opts.app_label}.view_{opts.model_name}"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        opts = self.model._meta
        user = self.request.user
        context["show_personal_data"] = user.has_perm(PERSONAL_DATA_PERMISSION)
        if user.is_staff and user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
            context["admin_change_url"] = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.object.pk]
            )
        return context


class DashboardListView(PermissionRequiredMixin, FilterView):
    """A filtered, searchable, sortable, paginated list with its export links.

    Subclasses set `model`, `filterset_class`, `queryset` (optimised: select and prefetch
    what the rows show) and `export_url_name`.
    """

    paginate_by = PAGE_SIZE
    paginator_class = BoundedPaginator
    raise_exception = True
    export_url_name: str = ""
    # Every parameter goes through the FilterSet's form: one that a database cannot take
    # (a NUL character) is a form error on the list (see gentintl.middleware).
    validates_parameters = True

    def get_permission_required(self):
        opts = self.model._meta
        return [f"{opts.app_label}.view_{opts.model_name}"]

    def get_paginator(self, queryset, per_page, **kwargs):
        return super().get_paginator(
            queryset, per_page, is_search=self.filterset.is_search, **kwargs
        )

    def paginate_queryset(self, queryset, page_size):
        """As Django's, but a page that is not a number shows the first page, not 404."""
        page = self.request.GET.get(self.page_kwarg, "")
        if page and page != "last" and not (page.isascii() and page.isdigit()):
            self.kwargs[self.page_kwarg] = 1
        return super().paginate_queryset(queryset, page_size)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        opts = self.model._meta
        context.update(
            active_filters=active_filters(self.filterset, params),
            clear_url=self.request.path,
            sort_links=sort_links(self.filterset, params),
            query_without_page=query_string(params),
            verbose_name_plural=opts.verbose_name_plural,
            can_export=self.request.user.has_perm(f"{opts.app_label}.export_{opts.model_name}"),
            show_personal_data=self.request.user.has_perm(PERSONAL_DATA_PERMISSION),
        )
        page = context.get("page_obj")
        if page is not None:
            context["page_numbers"] = list(
                page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
            )
        if self.export_url_name:
            query = query_string(params)
            base = reverse(self.export_url_name)
            context["export_links"] = [
                {
                    "label": label,
                    "url": f"{base}?{query}&format={fmt}" if query else f"{base}?format={fmt}",
                }
                for fmt, label in (("xlsx", "Excel (XLSX)"), ("csv", "CSV"))
            ]
        return context


class FilteredExportView(PermissionRequiredMixin, FilterMixin, MultipleObjectMixin, View):
    """The rows of a list page, with the same filters and order, as XLSX or CSV.

    The columns are those of the app's `<Model>Resource`, so the admin export and this
    one agree. Requires the `export_<model>` permission.
    """

    raise_exception = True
    resource_class = None
    filename = "export"
    validates_parameters = True  # as the list's

    def get_permission_required(self):
        opts = self.model._meta
        return [f"{opts.app_label}.export_{opts.model_name}"]

    def get_export_fields(self) -> list[str] | None:
        """Names of the resource fields to export; None means all. Personal fields only for
        those who may see them."""
        return personal.export_names(self.resource_class(), self.request.user)

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format", "xlsx")
        if fmt not in exports.FORMATS:
            return HttpResponseBadRequest("Unknown format")
        filterset = self.get_filterset(self.get_filterset_class())
        queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        return exports.response(
            self.resource_class(), queryset, fmt, self.filename, names=self.get_export_fields()
        )


class AutocompleteView(PermissionRequiredMixin, View):
    """Rows of `model` whose name contains `?q=`, as Tom Select options (JSON)."""

    raise_exception = True
    model = None
    search_fields: tuple[str, ...] = ("name",)
    validates_parameters = True  # `q` goes through a form field

    def get_permission_required(self):
        opts = self.model._meta
        return [f"{opts.app_label}.view_{opts.model_name}"]

    def get_queryset(self):
        return self.model._default_manager.all()

    def get(self, request, *args, **kwargs):
        try:
            # Django's text field refuses what no database can compare (a NUL character).
            text = forms.CharField(required=False).clean(request.GET.get("q", "")[:100])
        except ValidationError:
            return JsonResponse({"results": []})
        rows = search(self.get_queryset(), text, name_fields=self.search_fields)
        results = [{"value": row.pk, "text": str(row)} for row in rows[:AUTOCOMPLETE_LIMIT]]
        return JsonResponse({"results": results})
