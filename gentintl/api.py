"""What every endpoint of the read API shares: list and detail views, the audit of refused
requests, the payload's conventions (natural keys, dates at their precision, personal
fields), the root and the documentation page. Who may read and how often is in
gentintl.permissions, the token in gentintl.authentication, pages in gentintl.pagination.

Each app keeps its own serializers (`serializers.py`) and endpoints (`api.py`); an endpoint
takes the `<Model>FilterSet` of its dashboard list, so `?status=dormant&sort=city` means
the same on the page and in the API. Writing stays in the admin: every endpoint answers
GET (and HEAD, OPTIONS) only.
"""

from django.contrib.auth.decorators import login_required
from django.urls import path
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_field
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import exceptions, filters, generics, permissions, serializers, views
from rest_framework.response import Response
from rest_framework.reverse import reverse

from gentintl import personal
from gentintl.audit import audit
from gentintl.dates import DatePrecision


# ------------------------------------------------------------------ views
def exception_handler(exc, context):
    """DRF's answer, plus an audit line for a refused or throttled request, as the pages
    write one for each refusal (gentintl.audit.permission_denied)."""
    response = views.exception_handler(exc, context)
    request = context.get("request")
    if isinstance(exc, exceptions.PermissionDenied):
        audit("access_refused", request=request, path=request.path, method=request.method)
    elif isinstance(exc, exceptions.Throttled):
        audit("api_throttled", request=request, path=request.path)
    return response


class SortParameter(filters.BaseFilterBackend):
    """Describes the list's `sort` in the schema. The FilterSet sorts (GentFilterSet.qs),
    as on the page; this backend leaves the rows as they are."""

    def filter_queryset(self, request, queryset, view):
        return queryset

    def get_schema_operation_parameters(self, view):
        keys = sorted(view.filterset_class.sort_fields)
        return [
            {
                "name": "sort",
                "in": "query",
                "required": False,
                "description": "Column to sort by; a leading minus sorts descending.",
                "schema": {"type": "string", "enum": [*keys, *(f"-{key}" for key in keys)]},
            }
        ]


class ListView(generics.ListAPIView):
    """A dashboard list as JSON: the page's FilterSet (`filterset_class`), its free-text
    `q` and its `sort`, a queryset that reads related rows in a fixed number of queries."""

    filter_backends = [DjangoFilterBackend, SortParameter]
    filterset_class = None  # each list's own

    # The FilterSet's form checks every parameter (a NUL character is a 400 answer).
    validates_parameters = True


class DetailView(generics.RetrieveAPIView):
    """One record, as its detail page shows it."""


def endpoints(route, name, serializer_class, filterset_class, queryset):
    """The list of one kind of record at `route` and each record at `route<pk>/`, named
    `<name>_list` and `<name>_detail` as the pages are."""
    return [
        path(
            route,
            ListView.as_view(
                queryset=queryset,
                serializer_class=serializer_class,
                filterset_class=filterset_class,
            ),
            name=f"{name}_list",
        ),
        path(
            f"{route}<int:pk>/",
            DetailView.as_view(
                queryset=queryset,
                serializer_class=serializer_class,
            ),
            name=f"{name}_detail",
        ),
    ]


# ------------------------------------------------------------------ payload
@extend_schema_field(
    {
        "type": "string",
        "nullable": True,
        "description": "ISO 8601 at the precision the fact is known: 1971, 2021-07 or 2021-11-10.",
        "example": "2021-07",
    }
)
class PartialDateField(serializers.ReadOnlyField):
    """A date known to a year, a month or a day, written at that precision in ISO 8601
    ("1971", "2021-07", "2021-11-10"): no invented day or month. `source` names the date;
    its precision is the model field of the same name with `_precision` after it."""

    def get_attribute(self, instance):
        value = super().get_attribute(instance)
        precision = getattr(instance, f"{self.source}_precision", "")
        return value, precision

    def to_representation(self, value):
        date, precision = value
        if date is None:
            return None
        if precision == DatePrecision.YEAR:
            return f"{date:%Y}"
        if precision == DatePrecision.MONTH:
            return f"{date:%Y-%m}"
        return date.isoformat()


@extend_schema_field({"type": "string", "format": "uri"})
class WebUrlField(serializers.ReadOnlyField):
    """The absolute address of the record's page in the dashboard."""

    def __init__(self, **kwargs):
        super().__init__(source="get_absolute_url", **kwargs)

    def to_representation(self, value):
        request = self.context.get("request")
        return request.build_absolute_uri(value) if request else value


class ReadSerializer(serializers.ModelSerializer):
    """A serializer for reading; leaves out the model's personal fields (see
    gentintl.personal) for a user who may not see them: absent, not emptied.

    The schema lists them, as not always present."""

    def get_fields(self):
        fields = super().get_fields()
        model = self.Meta.model
        view = self.context.get("view")
        if getattr(view, "swagger_fake_view", False):  # the schema describes every field
            for name in getattr(model, "personal_fields", ()):
                if name in fields:
                    fields[name].required = False
            return fields
        request = self.context.get("request")
        if not personal.may_see(getattr(request, "user", None), model):
            for name in getattr(model, "personal_fields", ()):
                fields.pop(name, None)
        return fields


@extend_schema_field({"type": "string"})
class NameField(serializers.SlugRelatedField):
    """A related row by its name (`slug_field`, which may follow a relation: "city.name")."""


@extend_schema_field({"type": "string", "nullable": True})
class OptionalNameField(NameField):
    """A row by its name through a foreign key that may be empty."""


def names(field_name: str, allow_null=False, **kwargs) -> NameField:
    """Related rows by their name: the natural key a spreadsheet or a report reads."""
    field_class = OptionalNameField if allow_null else NameField
    return field_class(slug_field=field_name, read_only=True, allow_null=allow_null, **kwargs)


# ------------------------------------------------------------------ root and docs
class RootView(views.APIView):
    """The endpoints of the API, and where its schema and documentation are."""

    permission_classes = [permissions.IsAuthenticated]
    endpoints: dict[str, str] = {}  # name in the answer -> URL name in the `api` namespace

    @extend_schema(exclude=True)
    def get(self, request, format=None):
        answer = {
            name: reverse(f"api:{url_name}", request=request, format=format)
            for name, url_name in self.endpoints.items()
        }
        answer["schema"] = reverse("api:schema", request=request)
        answer["docs"] = reverse("api:docs", request=request)
        return Response(answer)


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI, served from this host (drf-spectacular-sidecar) with its start script as
    a file of its own, so the Content-Security-Policy needs no inline script. A page for
    people: the login redirect applies."""

    template_name = "api/swagger_ui.html"

    @classmethod
    def as_view(cls, **initkwargs):
        # DRF exempts its views from LoginRequiredMiddleware (they answer 401 themselves);
        # this one is a page, and sends a person who is not logged in to the login page.
        return login_required(super().as_view(**initkwargs))
