"""The spreadsheet engine in the admin: import (upload, preview, confirm or cancel),
export of the filtered list, templates, and the import log with undo.

The views only turn requests into calls of the engine's front door (`gentintl.spreadsheets`)
and its answers into pages and messages.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gentintl import personal, spreadsheets
from gentintl.audit import audit
from gentintl.spreadsheets import exporting
from gentintl.spreadsheets.models import ImportRun, ImportStatus
from gentintl.spreadsheets.preview_table import PREVIEW_ROWS, preview_rows
from gentintl.spreadsheets.reading import ENCODINGS, FORMATS, max_bytes


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "XLSX (best), CSV saved as UTF-8 (';' or ','), ODS or JSON. A CSV file in another "
            "character set can lose characters such as ń or ł."
        ),
    )
    encoding = forms.ChoiceField(
        label=gettext_lazy("Encoding (CSV only)"),
        choices=[("", gettext_lazy("detect"))] + list(ENCODINGS.items()),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            # Checked before the file is read into memory, let alone parsed.
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB.") % {"limit": max_bytes() // (1024 * 1024)}
            )
        return upload


def permission(model, action: str) -> str:
    codes = {
        "import": getattr(settings, "IMPORT_EXPORT_IMPORT_PERMISSION_CODE", "import"),
        "export": getattr(settings, "IMPORT_EXPORT_EXPORT_PERMISSION_CODE", "export"),
    }
    return f"{model._meta.app_label}.{codes[action]}_{model._meta.model_name}"


class SpreadsheetAdminMixin:
    """Import (upload, preview, confirm), export of the filtered list, and templates."""

    resource_class = None
    change_list_template = "admin/spreadsheets/change_list.html"

    def has_import_permission(self, request) -> bool:
        return request.user.has_perm(permission(self.model, "import"))

    def has_export_permission(self, request) -> bool:
        return request.user.has_perm(permission(self.model, "export"))

    def url_name(self, action: str) -> str:
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}_{action}"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name=self.url_name("import")),
            path(
                "import/<int:run_id>/<str:action>/",
                wrap(self.import_decision_view),
                name=self.url_name("import_decision"),
            ),
            path("export/<str:file_format>/", wrap(self.export_view), name=self.url_name("export")),
            path(
                "template/<str:file_format>/",
                wrap(self.template_view),
                name=self.url_name("template"),
            ),
        ] + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "has_import_permission": self.has_import_permission(request),
            "has_export_permission": self.has_export_permission(request),
            "export_formats": FORMATS,
            "import_url": reverse(f"admin:{self.url_name('import')}"),
        }
        return super().changelist_view(request, extra_context)

    # ----------------------------------------------------------------- import

    def render_import(self, request, context, template="import_form.html"):
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "title": capfirst(_("Import %(name)s") % {"name": opts.verbose_name_plural}),
            "template_formats": ["xlsx", "csv"],
            "template_url_name": f"admin:{self.url_name('template')}",
            "decision_url_name": f"admin:{self.url_name('import_decision')}",
            "explanation": exporting.explain(self.resource_class()),
            **context,
        }
        return TemplateResponse(request, f"admin/spreadsheets/{template}", context)

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if not form.is_valid():
            return self.render_import(request, {"form": form})
        upload = form.cleaned_data["file"]
        preview = spreadsheets.preview(
            self.resource_class(),
            model=self.model,
            user=request.user,
            file_name=upload.name,
            data=upload.read(),
            encoding=form.cleaned_data["encoding"],
        )
        if preview.problem:
            form.add_error("file", preview.problem)
            return self.render_import(request, {"form": form})
        return self.render_preview(request, preview)

    def render_preview(self, request, preview):
        plan = preview.plan
        changed = [row for row in plan.rows if row.status != "skip"]
        shown = changed[:PREVIEW_ROWS]
        errors = plan.errors
        return self.render_import(
            request,
            {
                "run": preview.run,
                "plan": plan,
                "sheet": preview.sheet,
                "counts": plan.counts,
                "rows": shown,
                "rows_html": preview_rows(shown),
                "errors": errors[:PREVIEW_ROWS],
                "more_errors": len(errors) - len(errors[:PREVIEW_ROWS]),
                "error_total": len(errors),
                "more_rows": len(changed) - len(shown),
                "notice": preview.notice,
            },
            "import_preview.html",
        )

    def import_decision_view(self, request, run_id, action):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method != "POST" or action not in ("confirm", "cancel"):
            return redirect(f"admin:{self.url_name('import')}")
        content_type = ContentType.objects.get_for_model(self.model)
        # Whose run it is, without reading its file and plan (confirm reads them once).
        get_object_or_404(
            ImportRun.objects.only("pk"), pk=run_id, user=request.user, content_type=content_type
        )
        if action == "cancel":
            if spreadsheets.cancel(run_id):
                messages.info(request, _("Import cancelled; nothing was imported."))
                return redirect(f"admin:{self.url_name('import')}")
            return self.answer(request, spreadsheets.decided_elsewhere(run_id, request.user))
        outcome = spreadsheets.confirm(
            self.resource_class(),
            run_id,
            user=request.user,
            accept_warnings=bool(request.POST.get("accept_warnings")),
        )
        if outcome.kind == spreadsheets.DONE:
            run = outcome.run
            audit(
                "import",
                request=request,
                model=content_type.model,
                run=run.pk,
                file=run.file_name,
                new=run.new_count,
                updated=run.updated_count,
            )
        return self.answer(request, outcome)

    def answer(self, request, outcome):
        """The page after a confirm or cancel: the preview again, or a message on the list
        (the import succeeded or was decided before) or on the import page."""
        if outcome.preview is not None:
            return self.render_preview(request, outcome.preview)
        run = outcome.run
        if outcome.kind == spreadsheets.DONE:
            messages.success(request, outcome.message)
        elif outcome.kind == spreadsheets.DECIDED:
            level = messages.ERROR if run.status == ImportStatus.REFUSED else messages.WARNING
            messages.add_message(request, level, outcome.message)
        else:
            messages.error(request, outcome.message)
        if run is not None and run.status in (ImportStatus.DONE, ImportStatus.UNDONE):
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        return redirect(f"admin:{self.url_name('import')}")

    # ----------------------------------------------------------------- export

    def download(self, data: bytes, file_format: str, stem: str) -> HttpResponse:
        response = HttpResponse(data, content_type=exporting.CONTENT_TYPES[file_format])
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="{stem}-{stamp}.{file_format}"'
        return response

    def get_export_resource(self, request):
        """The resource whose columns this user may export."""
        return self.resource_class()

    def export_view(self, request, file_format):
        if not self.has_export_permission(request) or not self.has_view_permission(request):
            raise PermissionDenied
        if file_format not in FORMATS:
            raise PermissionDenied
        # The changelist reads its filters from the query string: exactly the list on screen.
        changelist = self.get_changelist_instance(request)
        queryset = changelist.get_queryset(request)
        resource = self.get_export_resource(request)
        names = personal.export_names(resource, request.user)
        headers, rows = exporting.export_rows(resource, queryset, names=names)
        counted = [0]

        def counting(rows):
            for row in rows:
                counted[0] += 1
                yield row

        numeric = exporting.numeric_columns(resource, names=names)
        data = exporting.write(file_format, headers, counting(rows), numeric=numeric)
        audit(
            "export",
            request=request,
            model=self.model._meta.model_name,
            format=file_format,
            rows=counted[0],
            personal_data=personal.exports_personal_data(resource, names),
        )
        return self.download(data, file_format, self.model._meta.model_name)

    def template_view(self, request, file_format):
        if not (self.has_import_permission(request) or self.has_export_permission(request)):
            raise PermissionDenied
        if file_format not in FORMATS:
            file_format = "xlsx"
        resource = self.resource_class()
        headers = [f.column_name for f in resource.get_export_fields()]
        advice = [
            _("File"),
            _(
                "Save this file as XLSX, or as CSV UTF-8: other formats can lose characters "
                "(ń, ł) or change phone numbers and dates."
            ),
        ]
        explanation = [advice, *exporting.explain(resource)]
        data = exporting.write(file_format, headers, [], explanation)
        return self.download(data, file_format, f"{self.model._meta.model_name}-template")


class LogAdmin(admin.ModelAdmin):
    """A log that the app writes and nobody edits, not even a superuser: read only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportRun)
class ImportRunAdmin(LogAdmin):
    list_display = [
        "created_at",
        "content_type",
        "file_name",
        "user",
        "status",
        "new_count",
        "updated_count",
        "unchanged_count",
        "error_count",
    ]
    list_filter = ["status", "content_type"]
    search_fields = ["file_name", "user__username"]
    date_hierarchy = "created_at"
    exclude = ["file_data", "changes", "digest", "plan"]
    readonly_fields = [
        "content_type",
        "user",
        "file_name",
        "encoding",
        "status",
        "created_at",
        "confirmed_at",
        "undone_at",
        "undone_by",
        "new_count",
        "updated_count",
        "unchanged_count",
        "error_count",
        "message",
        "undo_button",
    ]
    actions = None

    @admin.display(description=gettext_lazy("undo"))
    def undo_button(self, obj):
        if obj.status != ImportStatus.DONE:
            return "—"
        url = reverse("admin:gentintl_importrun_undo", args=[quote(obj.pk)])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Undo this import"))

    def get_urls(self):
        return [
            path(
                "<int:run_id>/undo/",
                self.admin_site.admin_view(self.undo_view),
                name="gentintl_importrun_undo",
            ),
        ] + super().get_urls()

    def undo_view(self, request, run_id):
        run = get_object_or_404(ImportRun, pk=run_id)
        model = run.model
        if not request.user.has_perm(permission(model, "import")):
            raise PermissionDenied
        change_url = reverse("admin:gentintl_importrun_change", args=[run.pk])
        if request.method != "POST":
            return TemplateResponse(
                request,
                "admin/spreadsheets/undo_confirm.html",
                {
                    **self.admin_site.each_context(request),
                    "run": run,
                    "opts": self.opts,
                    "title": _("Undo import %(run)s") % {"run": run},
                },
            )
        if run.status != ImportStatus.DONE:
            messages.error(request, _("Only a finished import can be undone."))
            return redirect(change_url)
        try:
            spreadsheets.undo(run, user=request.user)
        except spreadsheets.UndoError as error:
            messages.error(request, _("Nothing was undone: %(error)s") % {"error": error})
            return redirect(change_url)
        messages.success(request, _("The import %(run)s was undone.") % {"run": run})
        return redirect(change_url)
