"""Request middleware of the project."""

import time


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
