"""The user's own page: account, the personal calendar address and the API tokens.

Each secret (a calendar address, an API token) is made here, shown once on the answer to
the POST that made it, and revoked here; each of these is an audit line.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from gentintl.audit import audit
from gentintl.models import ApiToken, CalendarToken


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("What is it for?"),
        max_length=100,
        help_text=gettext_lazy("For example “Power BI report partnerships”."),
        error_messages={"required": gettext_lazy("Say what the token is for.")},
    )


class ProfileView(TemplateView):
    """The profile page and its actions (`action` in the POST)."""

    template_name = "profile.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["calendar_token"] = CalendarToken.objects.filter(user=user).first()
        context["api_tokens"] = list(ApiToken.objects.filter(user=user))
        context.setdefault("api_token_form", ApiTokenForm())
        context["api_url"] = self.request.build_absolute_uri(reverse("api:root"))
        return context

    def post(self, request):
        action = request.POST.get("action")
        if action == "calendar_create":
            token = CalendarToken.issue(request.user)
            audit("calendar_token_created", request=request)
            url = request.build_absolute_uri(reverse("calendar_feed", args=[token]))
            return self.render_to_response(self.get_context_data(calendar_url=url))
        if action == "calendar_revoke":
            CalendarToken.objects.filter(user=request.user).delete()
            audit("calendar_token_revoked", request=request)
            messages.success(request, _("Your calendar address was revoked; it works no more."))
        if action == "api_token_create":
            return self.create_api_token(request)
        if action == "api_token_revoke":
            self.revoke_api_token(request)
        return redirect("profile")

    def create_api_token(self, request):
        form = ApiTokenForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(api_token_form=form), status=400)
        token, secret = ApiToken.issue(request.user, form.cleaned_data["name"])
        audit("api_token_created", request=request, token=token.prefix, name=token.name)
        return self.render_to_response(self.get_context_data(api_token=token, api_secret=secret))

    def revoke_api_token(self, request):
        pk = request.POST.get("token", "")
        token = ApiToken.objects.filter(user=request.user, pk=pk).first() if pk.isdigit() else None
        if token is None:  # not one of this user's tokens, or revoked already
            messages.error(request, _("That token does not exist (any more)."))
            return
        token.delete()
        audit("api_token_revoked", request=request, token=token.prefix, name=token.name)
        messages.success(
            request, _("The token “%(name)s” was revoked; it works no more.") % {"name": token.name}
        )
