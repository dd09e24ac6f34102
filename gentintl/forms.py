"""Form pieces the admin of every app shares: partial dates and the lost-update guard."""

from django import forms
from django.utils import formats, timezone
from django.utils.html import format_html, strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gentintl.dates import parse_partial_date, partial_date_text


class PartialDateField(forms.CharField):
    """One box for a date known to a year, a month or a day; cleans to (date, precision)."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", gettext_lazy("A year (1971), a month (07/2021) or a day (10/11/2021).")
        )
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"size": 12, "placeholder": "dd/mm/jjjj"})
        )
        kwargs["max_length"] = 20
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        try:
            return parse_partial_date(text)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class HelpBesideBoundField(forms.BoundField):
    """A field whose help text the admin writes without the id its `aria-describedby` names
    (a tabular inline's column header, the password summary): the widget carries that help
    text beside it, hidden, under that id, so the reference resolves without JavaScript."""

    def as_widget(self, widget=None, attrs=None, only_initial=False):
        rendered = super().as_widget(widget, attrs, only_initial)
        if only_initial or not self.help_text or not self.auto_id or self.is_hidden:
            return rendered
        return format_html(
            '{}<span id="{}_helptext" hidden>{}</span>',
            rendered,
            self.auto_id,
            strip_tags(str(self.help_text)),
        )


class VersionField(forms.CharField):
    """The version of the record the editor opened: a token sent back with the form, never
    an edit, so a form whose only difference is its version has not changed."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data) -> bool:
        return False


def version_of(instance) -> str:
    """A token that changes whenever the record is saved: its latest history id."""
    if instance.pk is None:
        return ""
    if hasattr(type(instance), "history"):
        latest = (
            type(instance)
            .history.filter(**{type(instance)._meta.pk.attname: instance.pk})
            .order_by("-history_id")
            .values_list("history_id", flat=True)
            .first()
        )
        return str(latest or "")
    updated_at = getattr(instance, "updated_at", None)
    return updated_at.isoformat() if updated_at else ""


def last_change(instance) -> tuple[str, str]:
    """Who last saved the record, and when, as text in Ghent's time ("14/07/2025 16:05")."""
    if not hasattr(type(instance), "history"):
        return _("another user"), ""
    record = (
        type(instance)
        .history.filter(**{type(instance)._meta.pk.attname: instance.pk})
        .select_related("history_user")
        .order_by("-history_id")
        .first()
    )
    if record is None:
        return _("another user"), ""
    user = record.history_user
    name = (user.get_full_name() or user.get_username()) if user else _("an import or a script")
    when = timezone.localtime(record.history_date)
    return name, formats.date_format(when, "d/m/Y H:i")


class GentModelForm(forms.ModelForm):
    """A model form with partial dates in one box, refusing to overwrite a newer version."""

    version = VersionField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, PartialDateField) and self.instance.pk:
                self.initial[name] = partial_date_text(
                    getattr(self.instance, name), getattr(self.instance, f"{name}_precision")
                )
        self.fields["version"].initial = version_of(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        for name, field in self.fields.items():
            if isinstance(field, PartialDateField) and name in cleaned_data:
                date, precision = cleaned_data[name] or (None, "")
                cleaned_data[name] = date
                setattr(self.instance, f"{name}_precision", precision)
        if self.instance.pk is not None and self.has_changed():
            submitted = self.data.get(self.add_prefix("version"), "")
            current = version_of(self.instance)
            if submitted != current:
                who, when = last_change(self.instance)
                raise forms.ValidationError(
                    _(
                        "%(who)s changed this record (%(when)s) after you opened it. "
                        "Your changes were not saved: reload the page to see theirs, "
                        "then make your changes again."
                    )
                    % {"who": who, "when": when},
                    code="stale",
                )
        return cleaned_data
