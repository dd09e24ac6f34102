"""The partnerships app's own spreadsheet widgets: a city named "Name (COUNTRY CODE)", a
partnership by its city, a press release by its number, a phone number that must dial."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gentintl.spreadsheets.widgets import CachedLookupWidget, TextWidget, cell_text
from partnerships.models import City, Partnership
from partnerships.phones import normalise_phone

CITY_KEY = re.compile(r"^(?P<name>.+?)\s*\((?P<country>[A-Za-z]{2})\)$")


def city_key(city: City) -> str:
    return f"{city.name} ({city.country.code})"


class PhoneWidget(TextWidget):
    """A phone number kept as written, refused when it cannot be dialled."""

    may_lose_leading_zero = True  # a spreadsheet program reads "092665000" as a number

    def clean(self, value, row=None, **kwargs):
        value = super().clean(value)
        if value:
            normalise_phone(value)
        return value


class CityWidget(CachedLookupWidget):
    not_found = gettext_noop(
        "City '%(value)s' does not exist: write it as 'Name (COUNTRY CODE)', e.g. 'Luik (BE)'."
    )

    def __init__(self, **kwargs):
        super().__init__(City, **kwargs)

    def get_queryset(self, value, row, *args, **kwargs):
        return City.objects.all()

    def key(self, obj):
        return city_key(obj)

    def clean(self, value, row=None, **kwargs):
        value = cell_text(value)
        if value and not CITY_KEY.match(value):
            matches = [c for c in self.lookup().values() if c.name.casefold() == value.casefold()]
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                raise ValueError(
                    _(
                        "City '%(value)s' exists in several countries: "
                        "add the country, e.g. '%(example)s'."
                    )
                    % {"value": value, "example": city_key(matches[0])}
                )
        return super().clean(value, row, **kwargs)


class PartnershipWidget(CachedLookupWidget):
    not_found = gettext_noop("There is no partnership with '%(value)s'.")
    related_path = "city"

    def __init__(self, **kwargs):
        super().__init__(Partnership, **kwargs)

    def get_queryset(self, value, row, *args, **kwargs):
        return Partnership.objects.select_related("city")

    def key(self, obj):
        return city_key(obj.city)


class PressReleaseWidget(CachedLookupWidget):
    not_found = gettext_noop("Press release number '%(value)s' does not exist.")

    def __init__(self, **kwargs):
        from pressroom.models import PressRelease

        super().__init__(PressRelease, field="number", **kwargs)

    def get_queryset(self, value, row, *args, **kwargs):
        return self.model.objects.only("pk", "number")
