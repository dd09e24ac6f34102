"""Request middleware of the project."""


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
