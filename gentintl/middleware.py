"""Request middleware of the project."""

import time

from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _


class DutchByDefaultMiddleware:
    """Speak Dutch unless the user chose English with the language switch.

    Django would otherwise follow the browser's Accept-Language header, and many staff
    browsers are set to English. The switch stores its choice in a cookie, which
    LocaleMiddleware still honours.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class SessionRefreshMiddleware:
    """Expire sessions after inactivity without writing the session on every request.

    The session's expiry is pushed forward at most once every `REFRESH_SECONDS`, so an
    idle session still ends `SESSION_COOKIE_AGE` after its last use (give or take those
    few minutes), while ordinary page views cost no session write.
    """

    REFRESH_SECONDS = 300
    KEY = "_refreshed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= self.REFRESH_SECONDS:
                session[self.KEY] = now
        return response


class PrivatePagesMiddleware:
    """No browser or proxy keeps a copy of what a logged-in user is shown.

    Every page and export behind the login holds data meant for that user, personal data
    often (contacts' phones and e-mail): `Cache-Control: no-store, private`, as the admin
    sends. Static files are answered before this middleware runs and stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response


def has_nul(parameters) -> bool:
    """True when a name or a value of a QueryDict holds a NUL character."""
    return any(
        "\x00" in name or any("\x00" in v for v in values) for name, values in parameters.lists()
    )


class NulParameterMiddleware:
    """Answer a query string with a NUL character with a Dutch page (400), not a 500.

    PostgreSQL can neither store nor compare a text that holds NUL, and raises; the
    admin's changelists, its autocomplete and other pages turn URL parameters into
    queries as they are. The dashboard's lists, exports and autocompletes check their own
    parameters (a form error on the list, no suggestions) and say so with
    `validates_parameters`; they are left to answer themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        view_class = getattr(view_func, "view_class", None)
        if getattr(view_class, "validates_parameters", False) or not has_nul(request.GET):
            return None
        return render(
            request,
            "400.html",
            {"reason": _("The address holds a character that cannot be searched for.")},
            status=400,
        )
