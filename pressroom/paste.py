"""Paste the text of a press-room page, preview what it holds, then save it."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerships.models import Contact
from pressroom.models import Language, PressRelease
from pressroom.parsing import ParseError, parse_release, slug_to_words
from pressroom.releases import find_mentions
from pressroom.services import LoadError, press_release_save_parsed


class PasteReleaseForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Text of the press-room page"),
        widget=forms.Textarea(attrs={"rows": 20, "cols": 100}),
        max_length=200_000,
        help_text=gettext_lazy(
            "Select all text on the release's page (persruimte.stad.gent), copy it and "
            "paste it here."
        ),
    )
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=300,
        required=False,
        help_text=gettext_lazy(
            "The title is not in the pasted text: type it (a suggestion "
            "from the address is filled in after the preview)."
        ),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language"), choices=Language.choices, initial=Language.DUTCH
    )

    def clean_text(self):
        try:
            self.parsed = parse_release(self.cleaned_data["text"])
        except ParseError as error:
            raise forms.ValidationError(str(error)) from None
        return self.cleaned_data["text"]


def release_changes(existing: PressRelease, parsed, title: str, language: str) -> list:
    """What saving `parsed` would change in `existing`, as (label, now, after) per field;
    the contacts it would rename by e-mail address come last."""
    after = {
        "slug": parsed.slug,
        "url": parsed.url,
        "title": title or existing.title,
        "lead": parsed.lead,
        "body": "\n\n".join(parsed.body),
        "language": language,
    }
    changes = []
    for name, value in after.items():
        field = PressRelease._meta.get_field(name)
        if getattr(existing, name) != value:
            changes.append((field.verbose_name, getattr(existing, name), value))
    topics = sorted(existing.topics.values_list("name", flat=True))
    if topics != sorted(parsed.topics):
        changes.append((_("topics"), ", ".join(topics), ", ".join(sorted(parsed.topics))))
    blocks = [b for b in (*parsed.contacts, parsed.press_office) if b is not None and b.email]
    names = {b.email.casefold(): b.name for b in blocks}
    for contact in Contact.objects.filter(email__in=[b.email for b in blocks]):
        new_name = names.get(contact.email.casefold())
        if new_name and new_name != contact.name:
            label = _("name of contact %(email)s") % {"email": contact.email}
            changes.append((label, contact.name, new_name))
    return changes


def refusals(existing: PressRelease | None, parsed) -> list[str]:
    """Why `parsed` must not be saved: what the parser doubts, an address cut short."""
    problems = list(parsed.warnings)
    if existing is not None and parsed.slug != existing.slug:
        if existing.slug.startswith(parsed.slug):
            problems.append(
                _(
                    "The address in the text (%(new)s) is the start of the stored one "
                    "(%(old)s): it looks cut off. Copy the whole page again."
                )
                % {"new": parsed.url, "old": existing.url}
            )
    return problems


class PasteReleaseAdminMixin:
    """An admin page that turns pasted press-room text into a saved release."""

    change_list_template = "admin/pressroom/pressrelease/change_list.html"

    def get_urls(self):
        return [
            path(
                "paste/",
                self.admin_site.admin_view(self.paste_view),
                name="pressroom_pressrelease_paste",
            ),
        ] + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "has_paste": self.has_add_permission(request)}
        return super().changelist_view(request, extra_context)

    def paste_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = PasteReleaseForm(request.POST or None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Paste a press release"),
            "form": form,
        }
        if request.method == "POST" and form.is_valid():
            parsed = form.parsed
            title = form.cleaned_data["title"].strip()
            existing = PressRelease.objects.filter(number=parsed.number).first()
            problems = refusals(existing, parsed)
            if "save" in request.POST and problems:
                form.add_error(None, _("Nothing was saved: %(error)s") % {"error": problems[0]})
            elif "save" in request.POST and title:
                try:
                    release = press_release_save_parsed(
                        parsed=parsed, title=title, language=form.cleaned_data["language"]
                    )
                except LoadError as error:
                    form.add_error(None, _("Nothing was saved: %(error)s") % {"error": error})
                else:
                    messages.success(
                        request, _("Press release %(release)s saved.") % {"release": release}
                    )
                    return redirect("admin:pressroom_pressrelease_change", release.pk)
            elif "save" in request.POST:
                form.add_error("title", _("Type the title of the release."))
            if not title:
                data = request.POST.copy()
                # An update keeps the stored title unless one is typed.
                data["title"] = (
                    existing.title if existing else slug_to_words(parsed.slug).capitalize()
                )
                form = PasteReleaseForm(data)
                form.is_valid()
                context["form"] = form
            context.update(
                {
                    "parsed": parsed,
                    "mentions": find_mentions(parsed.text()),
                    "existing": existing,
                    "problems": problems,
                    "changes": release_changes(
                        existing, parsed, form["title"].value(), form["language"].value()
                    )
                    if existing
                    else [],
                }
            )
        return TemplateResponse(request, "admin/pressroom/pressrelease_paste.html", context)
