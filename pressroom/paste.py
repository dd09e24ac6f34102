"""Paste the text of a press-room page, preview what it holds, then save it."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pressroom.models import Language, PressRelease
from pressroom.services import SeedError, press_release_save_parsed
from seeds.loaders import find_mentions
from seeds.parsing import ParseError, parse_release, slug_to_words


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
            if "save" in request.POST and title:
                try:
                    release = press_release_save_parsed(
                        parsed=parsed, title=title, language=form.cleaned_data["language"]
                    )
                except SeedError as error:
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
                data["title"] = slug_to_words(parsed.slug).capitalize()
                form = PasteReleaseForm(data)
                form.is_valid()
                context["form"] = form
            context.update(
                {
                    "parsed": parsed,
                    "mentions": find_mentions(parsed.text()),
                    "existing": PressRelease.objects.filter(number=parsed.number).first(),
                }
            )
        return TemplateResponse(request, "admin/pressroom/pressrelease_paste.html", context)
