"""Saved views: a filtered list kept under a name. Made on the list page, found on the home
page, renamed, shared or removed on the user's page of views."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from gentintl import personal
from gentintl.lists import DashboardListView
from gentintl.models import SavedView


class SavedViewForm(forms.ModelForm):
    class Meta:
        model = SavedView
        fields = ["name", "is_shared"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = SavedView.objects.filter(user=self.instance.user, name=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("You already have a view with this name."))
        return name

    def clean(self):
        cleaned = super().clean()
        view_class = list_view_class(self.instance.list_name)
        if (
            cleaned.get("is_shared")
            and view_class
            and names_people(view_class, self.instance.query)
        ):
            self.add_error(
                "is_shared",
                _(
                    "This view searches or filters contacts by name, e-mail address, phone "
                    "number or address: shared, it would show them to colleagues who may not "
                    "see them. Keep it for yourself."
                ),
            )
        return cleaned


def list_view_class(list_name: str):
    """The dashboard list view that `list_name` (a URL name) names, or None."""
    try:
        view_class = getattr(resolve(reverse(list_name)).func, "view_class", None)
    except (NoReverseMatch, Resolver404):
        return None
    if view_class is None or not issubclass(view_class, DashboardListView):
        return None
    return view_class


def may_open(user, view_class) -> bool:
    opts = view_class.model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def names_people(view_class, query: str) -> bool:
    """Whether the query narrows a list with personal data by a search text (a name, an
    address, a number) or by a personal field."""
    model = view_class.model
    if not getattr(model, "personal_fields", ()):
        return False
    filters = view_class.filterset_class.base_filters
    for key, values in QueryDict(query).lists():
        if not any(value.strip() for value in values):
            continue
        if key == "q":
            return True
        found = filters.get(key)
        if found is not None and personal.personal_model(model, found.field_name or key):
            return True
    return False


def visible_to(user) -> list[SavedView]:
    """The user's own views and the shared views of others, of lists the user may open."""
    views = SavedView.objects.filter(Q(user=user) | Q(is_shared=True)).select_related("user")
    shown = []
    for view in views:
        view_class = list_view_class(view.list_name)
        if view_class is not None and may_open(user, view_class):
            shown.append(view)
    return shown


def say_errors(request, form, text: str) -> None:
    """Each error of `form` as a message, in `text` ("... %(error)s")."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, text % {"error": error})


class SavedViewCreateView(View):
    """Save the list the form was sent from, with its filters (POST from a list page)."""

    def post(self, request):
        list_name = request.POST.get("list_name", "")
        view_class = list_view_class(list_name)
        if view_class is None:
            raise Http404
        if not may_open(request.user, view_class):
            raise PermissionDenied
        query = QueryDict(request.POST.get("query", ""), mutable=True)
        query.pop("page", None)
        view = SavedView(user=request.user, list_name=list_name, query=query.urlencode()[:2000])
        form = SavedViewForm(request.POST, instance=view)
        if form.is_valid():
            form.save()
            messages.success(request, _("View “%(name)s” saved.") % {"name": view.name})
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(
                        request, _("The view was not saved: %(error)s") % {"error": error}
                    )
        return redirect(view.get_absolute_url())


class SavedViewListView(TemplateView):
    """The user's views, to rename, share or remove, and the shared views of others."""

    template_name = "saved_views.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        views = visible_to(self.request.user)
        context["own"] = [
            {"view": v, "form": SavedViewForm(instance=v, prefix=f"view-{v.pk}")}
            for v in views
            if v.user_id == self.request.user.pk
        ]
        context["shared"] = [v for v in views if v.user_id != self.request.user.pk]
        return context


class SavedViewChangeView(View):
    """Rename or share one's own view (POST)."""

    def post(self, request, pk):
        view = get_object_or_404(SavedView, pk=pk, user=request.user)
        form = SavedViewForm(request.POST, instance=view, prefix=f"view-{view.pk}")
        if form.is_valid():
            form.save()
            messages.success(request, _("View “%(name)s” changed.") % {"name": view.name})
        else:
            say_errors(request, form, _("Nothing was changed: %(error)s"))
        return redirect("savedview_list")


class SavedViewDeleteView(View):
    """Remove one's own view (POST)."""

    def post(self, request, pk):
        view = get_object_or_404(SavedView, pk=pk, user=request.user)
        view.delete()
        messages.success(request, _("View “%(name)s” removed.") % {"name": view.name})
        return redirect("savedview_list")
