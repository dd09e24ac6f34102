"""The filters every list page shares: the FilterSet base with its free-text search and
sortable columns, the choice, autocomplete and date filters, and their widgets.

Each app's `filtersets.py` builds its `<Model>FilterSet` from these; `gentintl/lists.py`
has the pages that show them.
"""

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, Q, QuerySet
from django.db.models.constants import LOOKUP_SEP
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from gentintl.dates import period_ends_on_or_after
from gentintl.search import search


# ------------------------------------------------------------------ widgets
class CheckboxList(forms.CheckboxSelectMultiple):
    """A short, fixed set of choices (kind, status): all visible at once, in a fieldset
    (see includes/_filter_form.html)."""


class TomSelectMultiple(forms.SelectMultiple):
    """A longer fixed list (countries): a searchable multi-select."""

    template_name = "widgets/select.html"

    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs={"data-tom-select": "", **(attrs or {})}, choices=choices)


class AutocompleteSelectMultiple(forms.SelectMultiple):
    """A multi-select over a table that can grow: only the chosen rows are rendered;
    Tom Select asks `url_name` for the others as the user types."""

    template_name = "widgets/select.html"

    def __init__(self, url_name: str, attrs=None):
        self.url_name = url_name
        super().__init__(attrs=attrs)

    def get_context(self, name, value, attrs):
        attrs = {
            **(attrs or {}),
            "data-tom-select": "",
            "data-autocomplete-url": reverse(self.url_name),
        }
        return super().get_context(name, value, attrs)

    def optgroups(self, name, value, attrs=None):
        chosen = [v for v in value or [] if str(v).isdigit()]
        if not chosen:
            return []
        rows = self.choices.queryset.filter(pk__in=chosen)
        options = [
            self.create_option(name, row.pk, str(row), True, index)
            for index, row in enumerate(rows)
        ]
        return [(None, options, 0)]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


# ------------------------------------------------------------------ filters
def spans_many(model, path: str) -> bool:
    """True when the lookup `path` (a filter's `field_name`) follows a to-many relation
    from `model`, so that a row can match once per related row."""
    for name in path.split(LOOKUP_SEP):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a transform or lookup: the path ends here
            return False
        if field.many_to_many or field.one_to_many:
            return True
        if not field.is_relation:
            return False
        model = field.related_model
    return False


def nothing_chosen(value) -> bool:
    """True when a filter has no value, without running a query: an empty model
    multiple-choice field gives `queryset.none()`, and `not value` would evaluate it
    (about 0.3 ms for a query Django knows to be empty), or run a chosen queryset that a
    filter method only needs as a subquery."""
    if isinstance(value, QuerySet):
        return value.query.is_empty()
    return not value


class DistinctWhenNeeded:
    """A filter that adds DISTINCT only when its path can repeat rows (see `spans_many`),
    unless told otherwise. django-filter adds it to every multiple-choice filter, and a
    DISTINCT over every column of a large list makes PostgreSQL sort all matching rows
    for a page of 25 (and count them one by one)."""

    def __init__(self, *args, distinct=None, **kwargs):
        super().__init__(*args, distinct=distinct, **kwargs)

    def filter(self, qs, value):
        if nothing_chosen(value):
            return qs
        if self.distinct is None:
            self.distinct = spans_many(qs.model, self.field_name)
        return super().filter(qs, value)


class MultipleChoiceFilter(DistinctWhenNeeded, django_filters.MultipleChoiceFilter):
    pass


class ModelMultipleChoiceFilter(DistinctWhenNeeded, django_filters.ModelMultipleChoiceFilter):
    pass


def choices_filter(choices, label, field_name=None, **kwargs):
    """Several values of a short choice list (checkboxes)."""
    return MultipleChoiceFilter(
        field_name=field_name,
        choices=[(value, capfirst(label)) for value, label in choices.choices],
        label=label,
        widget=CheckboxList,
        **kwargs,
    )


def autocomplete_filter(queryset, url_name, label, field_name=None, **kwargs):
    """Several rows of a table that can grow, chosen with autocomplete."""
    return ModelMultipleChoiceFilter(
        field_name=field_name,
        queryset=queryset,
        label=label,
        widget=AutocompleteSelectMultiple(url_name),
        **kwargs,
    )


def date_filters(field_name, label_from, label_to):
    """A date range as two filters, each with its own label."""
    return (
        django_filters.DateFilter(
            field_name=field_name, lookup_expr="gte", label=label_from, widget=DateInput
        ),
        django_filters.DateFilter(
            field_name=field_name, lookup_expr="lte", label=label_to, widget=DateInput
        ),
    )


class PartialDateFilter(django_filters.DateFilter):
    """One end of a range on a date known to a year, a month or a day: the date is read
    as its whole period, so "2018" is found from 01/06/2018 and until 30/06/2018."""

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        if self.lookup_expr == "gte":
            condition = period_ends_on_or_after(self.field_name, value)
        else:
            condition = Q(**{f"{self.field_name}__lte": value})
        return self.get_method(qs)(condition)


def partial_date_filters(field_name, label_from, label_to):
    """A range on a date with a precision, as two filters that read it as its period."""
    return (
        PartialDateFilter(
            field_name=field_name, lookup_expr="gte", label=label_from, widget=DateInput
        ),
        PartialDateFilter(
            field_name=field_name, lookup_expr="lte", label=label_to, widget=DateInput
        ),
    )


class GentFilterSet(django_filters.FilterSet):
    """Base of every list's FilterSet: a free-text `q` and a sortable `sort`.

    Subclasses name the fields `q` searches (`search_name_fields`, `search_text_fields`
    or a stored `search_vector_field`) and the columns `sort` accepts (`sort_fields`:
    parameter value -> model field).
    """

    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    search_name_fields: tuple[str, ...] = ()
    search_text_fields: tuple[str, ...] = ()
    search_vector_field: str | None = None
    sort_fields: dict[str, str] = {}

    @property
    def is_search(self) -> bool:
        """True when the rows are narrowed by a free-text search."""
        if not self.is_bound or not self.is_valid():
            return False
        return bool((self.form.cleaned_data.get("q") or "").strip())

    def filter_search(self, queryset, name, value):
        return search(
            queryset,
            value,
            name_fields=self.search_name_fields,
            text_fields=self.search_text_fields,
            vector_field=self.search_vector_field,
        )

    @property
    def qs(self):
        queryset = super().qs
        sort = self.data.get("sort", "") if self.data else ""
        field = self.sort_fields.get(sort.lstrip("-"))
        if field:
            descending = sort.startswith("-")
            expression = (
                F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
            )
            # The primary key last keeps pages stable when the column has equal values.
            queryset = queryset.order_by(expression, "-pk" if descending else "pk")
        return queryset
