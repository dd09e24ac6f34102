"""Admin pieces every app shares: partial dates in one box, the lost-update guard, dates
shown at their precision, links between related records, spreadsheet import and export,
and the log of imports with undo."""

import html
import logging

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    connection,
    models,
    transaction,
)
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gentintl import exporting, personal
from gentintl.audit import audit
from gentintl.columns import columns_for
from gentintl.confirming import (
    awaited_run,
    data_marker,
    outcome_message,
    restored_plan,
    stored_plan,
    unchanged_since,
)
from gentintl.dates import format_partial_date
from gentintl.forms import GentModelForm, PartialDateField
from gentintl.importing import UPDATE, apply_plan, plan_import
from gentintl.models import ImportRun, ImportStatus
from gentintl.reading import ENCODINGS, FORMATS, ReadError, max_bytes, read_sheet
from gentintl.suspicions import find_warnings
from gentintl.undo import UndoError, undo_changes

logger = logging.getLogger(__name__)

admin.site.site_header = gettext_lazy("gentintl – International Relations and Networks")
admin.site.site_title = gettext_lazy("gentintl administration")
admin.site.index_title = gettext_lazy("Edit the records")


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
    """A tabular inline shows each field's label once, in the column header: every field
    of every row also gets it as its accessible name, the delete box included."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for field in form.fields.values():
            widget = getattr(field.widget, "widget", field.widget)  # inside the "+" wrapper
            if not widget.is_hidden and field.label:
                widget.attrs.setdefault("aria-label", str(field.label))


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


PREVIEW_ROWS = 500
COUNT_FIELDS = ["new_count", "updated_count", "unchanged_count", "error_count"]


def preview_rows(rows) -> str:
    """The preview table's rows as HTML, every text escaped. Built here rather than in the
    template: at 500 rows of a dozen changes each, the template engine took a third of a
    second."""
    new_word, updated_word, escape = _("new"), _("updated"), html.escape
    # Strike-through and underline are lost on a screen reader: it reads "was … becomes …".
    was = f'<span class="visually-hidden">{escape(_("was"))}</span> '
    becomes = (
        ' <span aria-hidden="true">→</span> '
        f'<span class="visually-hidden">{escape(_("becomes"))}</span> '
    )
    parts = []
    for row in rows:
        is_update = row.status == UPDATE
        parts.append(
            f'<tr class="row-{escape(row.status)}"><td>{row.number}</td>'
            f"<td>{updated_word if is_update else new_word}</td><td>{escape(str(row.key))}</td>"
            '<td><ul class="changes">'
        )
        for column, old, new in row.changes:
            before = f"{was}<del>{escape(str(old or '—'))}</del>{becomes}" if is_update else ""
            parts.append(
                f"<li><strong>{escape(str(column))}</strong>: {before}"
                f"<ins>{escape(str(new or '—'))}</ins></li>"
            )
        parts.append("</ul></td></tr>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


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


def lock_imports_of(content_type) -> None:
    """Serialise imports of one model until the transaction ends (PostgreSQL).

    Two editors confirming overlapping files one after the other: the second sees the
    first one's rows in its fresh plan. SQLite serialises all writes by itself.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [4801, content_type.pk])


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
        ImportRun.objects.purge_expired()
        form = ImportForm(request.POST or None, request.FILES or None)
        if not form.is_valid():
            return self.render_import(request, {"form": form})
        upload = form.cleaned_data["file"]
        data = upload.read()
        run = ImportRun.objects.create(
            content_type=ContentType.objects.get_for_model(self.model),
            user=request.user,
            file_name=upload.name[:255],
            file_data=data,
            encoding=form.cleaned_data["encoding"],
        )
        marker = data_marker(self.resource_class())  # before planning: see confirming.py
        try:
            plan, sheet, problem = self.plan(run)
        except Exception:
            # Whatever went wrong, the file (personal data, often) is not kept a moment
            # longer, and the editor gets a page that says so instead of a server error.
            logger.exception("Import preview failed for run %s", run.pk)
            plan, sheet, problem = (
                None,
                None,
                _(
                    "The file could not be read because of an unexpected error; nothing was "
                    "imported and the file was not kept. Save it as XLSX or CSV UTF-8 and try "
                    "again."
                ),
            )
        if problem:
            run.finish(ImportStatus.REFUSED, problem)
            form.add_error("file", problem)
            return self.render_import(request, {"form": form})
        self.record_counts(run, plan)
        if not plan.is_valid:
            run.finish(ImportStatus.REFUSED, _("The file has errors; nothing was imported."))
        else:
            run.digest = plan.digest()
            run.plan = stored_plan(plan, marker)
            if run.plan:
                run.plan["warnings"] = len(plan.cell_warnings)  # confirm asks to accept them
            # The file was stored when the run was created: not written a second time.
            run.save(update_fields=[*COUNT_FIELDS, "digest", "plan"])
        return self.render_preview(request, run, plan, sheet)

    def plan(self, run):
        try:
            sheet = read_sheet(bytes(run.file_data), run.file_name, run.encoding)
        except ReadError as error:
            return None, None, str(error)
        resource = self.resource_class()
        plan = plan_import(resource, sheet)
        columns = {c.name: c for c in columns_for(resource).values()}
        plan.cell_warnings = find_warnings(plan, columns, sheet.encoding)
        return plan, sheet, ""

    def record_counts(self, run, plan):
        """Set the run's COUNT_FIELDS from the plan."""
        counts = plan.counts
        run.new_count, run.updated_count = counts["new"], counts["update"]
        # Every error the preview lists: those of the file as a whole and of its rows.
        run.unchanged_count = counts["skip"]
        run.error_count = len(plan.file_errors) + len(plan.errors)

    def render_preview(self, request, run, plan, sheet, notice=""):
        shown = [row for row in plan.rows if row.status != "skip"][:PREVIEW_ROWS]
        errors = plan.errors
        return self.render_import(
            request,
            {
                "run": run,
                "plan": plan,
                "sheet": sheet,
                "counts": plan.counts,
                "rows": shown,
                "rows_html": preview_rows(shown),
                "errors": errors[:PREVIEW_ROWS],
                "more_errors": len(errors) - len(errors[:PREVIEW_ROWS]),
                "error_total": len(errors),
                "more_rows": len([r for r in plan.rows if r.status != "skip"]) - len(shown),
                "notice": notice,
            },
            "import_preview.html",
        )

    def import_decision_view(self, request, run_id, action):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method != "POST" or action not in ("confirm", "cancel"):
            return redirect(f"admin:{self.url_name('import')}")
        content_type = ContentType.objects.get_for_model(self.model)
        # Whose run it is, without reading its file and plan (decide reads them once).
        get_object_or_404(
            ImportRun.objects.only("pk"), pk=run_id, user=request.user, content_type=content_type
        )
        ImportRun.objects.purge_expired()
        if action == "cancel":
            return self.cancel(request, run_id)
        try:
            claimed = ImportRun.objects.claim(
                run_id, ImportStatus.RUNNING, confirmed_at=timezone.now()
            )
        except OperationalError:
            claimed = False  # SQLite still busy after its timeout: say what the run is doing
        if not claimed:
            return self.answer_decided(request, run_id)
        try:
            return self.decide(request, run_id, content_type)
        except (OperationalError, InterfaceError):
            # The connection broke mid-import: the transaction never committed, so nothing
            # of the file was written. Start afresh and tell the editor so, without a trace.
            connection.close()
            ImportRun.objects.filter(pk=run_id, status=ImportStatus.RUNNING).update(
                status=ImportStatus.REFUSED, message=_("The database connection was lost.")
            )
            messages.error(
                request,
                _(
                    "The connection to the database was lost during the import; nothing was "
                    "imported. Try again in a moment."
                ),
            )
            return redirect(f"admin:{self.url_name('import')}")
        except BaseException:
            # Nothing was written: the preview can be confirmed again.
            ImportRun.objects.filter(pk=run_id, status=ImportStatus.RUNNING).update(
                status=ImportStatus.PENDING
            )
            raise

    def cancel(self, request, run_id):
        if ImportRun.objects.claim(
            run_id,
            ImportStatus.ABANDONED,
            message=_("Cancelled after the preview."),
            file_data=b"",
            plan={},
        ):
            messages.info(request, _("Import cancelled; nothing was imported."))
            return redirect(f"admin:{self.url_name('import')}")
        return self.answer_decided(request, run_id)

    def answer_decided(self, request, run_id):
        """The answer to a decision on a preview another request already took: what that
        request did, once it is done."""
        run = awaited_run(run_id)
        level = messages.ERROR if run.status == ImportStatus.REFUSED else messages.WARNING
        messages.add_message(request, level, outcome_message(run, request.user))
        if run.status in (ImportStatus.DONE, ImportStatus.UNDONE):
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        return redirect(f"admin:{self.url_name('import')}")

    def decide(self, request, run_id, content_type):
        """Import a preview this request claimed; one import per model at once."""
        with transaction.atomic():
            # The file is read only if the plan must be made again.
            run = ImportRun.objects.defer("file_data").get(pk=run_id)
            lock_imports_of(content_type)
            resource, plan = self.resource_class(), None
            if run.plan and unchanged_since(resource, run.plan["marker"]):
                # Nothing the preview's plan read has changed: write it as it was shown.
                plan, sheet, problem = restored_plan(self.model, run.plan), None, ""
            if plan is None:
                marker = data_marker(resource)  # before planning: see confirming.py
                plan, sheet, problem = self.plan(run)
            if problem or not plan.is_valid:
                run.finish(ImportStatus.REFUSED, problem or _("The file has errors."))
                messages.error(request, _("The file has errors; nothing was imported."))
                return redirect(f"admin:{self.url_name('import')}")
            if sheet is not None and plan.digest() != run.digest:
                self.record_counts(run, plan)
                run.status = ImportStatus.PENDING  # the new preview awaits its own confirm
                run.confirmed_at = None
                run.digest = plan.digest()
                run.plan = stored_plan(plan, marker)
                run.save()
                notice = _(
                    "The records changed since the preview. Check the new preview and confirm "
                    "again."
                )
                return self.render_preview(request, run, plan, sheet, notice)
            warned = plan.cell_warnings if sheet is not None else run.plan.get("warnings")
            if warned and not request.POST.get("accept_warnings"):
                if sheet is None:
                    plan, sheet, problem = self.plan(run)
                # Give the claim back: the same preview awaits a confirm with the box ticked.
                run.status, run.confirmed_at = ImportStatus.PENDING, None
                run.save(update_fields=["status", "confirmed_at"])
                notice = _(
                    "Nothing was imported: read the warnings and tick the box to import anyway, "
                    "or correct the file and upload it again."
                )
                return self.render_preview(request, run, plan, sheet, notice)
            try:
                with transaction.atomic():
                    changes = apply_plan(plan, user=request.user, reason=run.reason)
                    # What follows from the import (a partnership's status step), undone with it.
                    changes["followed"] = resource.after_write(
                        {
                            r.instance.pk: set(r.changed_attnames)
                            for r in plan.rows
                            if r.status == UPDATE
                        },
                        user=request.user,
                        reason=run.reason,
                    )
                    changes["followed_at"] = timezone.now().isoformat()
            except (OperationalError, InterfaceError):
                raise
            except DatabaseError as error:
                run.finish(ImportStatus.REFUSED, str(error))
                messages.error(
                    request,
                    _("The database refused the import (%(error)s); nothing was imported.")
                    % {"error": error},
                )
                return redirect(f"admin:{self.url_name('import')}")
            self.record_counts(run, plan)
            run.changes = changes
            run.confirmed_at = timezone.now()
            run.finish(ImportStatus.DONE)
        audit(
            "import",
            request=request,
            model=content_type.model,
            run=run.pk,
            file=run.file_name,
            new=run.new_count,
            updated=run.updated_count,
        )
        messages.success(
            request,
            _("Imported %(file)s: %(new)s new, %(updated)s updated, %(unchanged)s unchanged.")
            % {
                "file": run.file_name,
                "new": formats.number_format(run.new_count, force_grouping=True),
                "updated": formats.number_format(run.updated_count, force_grouping=True),
                "unchanged": formats.number_format(run.unchanged_count, force_grouping=True),
            },
        )
        opts = self.model._meta
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")

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
            undo_changes(
                model,
                run.changes,
                user=request.user,
                reason=f"Ongedaan: {run.reason}"[:100],
                imported_at=run.confirmed_at,
            )
        except UndoError as error:
            messages.error(request, _("Nothing was undone: %(error)s") % {"error": error})
            return redirect(change_url)
        run.status = ImportStatus.UNDONE
        run.undone_at = timezone.now()
        run.undone_by = request.user
        run.save()
        messages.success(request, _("The import %(run)s was undone.") % {"run": run})
        return redirect(change_url)
