"""Dates known to a year, a month or a day.

The source documents often give only a year ("in 1971") or a month ("in juli"). Such a
date is stored as a `DateField` plus a precision column. Every such date, a start or an
end alike, is stored as the first day of the period it names ("2018" is 01/01/2018,
"07/2021" is 01/07/2021): the precision decides how much of it is shown, and queries that
compare it with a day read it as the whole period (see `period_ends_on_or_after`).
"""

import calendar
import datetime

from django.db import models
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    YEAR = "year", _("year")
    MONTH = "month", _("month")
    DAY = "day", _("day")


def format_partial_date(value: datetime.date | None, precision: str | None) -> str:
    """Show `value` at its precision in the active language ("1971", "juli 2021")."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return formats.date_format(value, "F Y")
    return formats.date_format(value, "j F Y")


def period_start(value: datetime.date, precision: str) -> datetime.date:
    """First day of the year or month that `value` names."""
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value


def period_end(value: datetime.date, precision: str) -> datetime.date:
    """Last day of the year or month that `value` names."""
    if precision == DatePrecision.YEAR:
        return value.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        return value.replace(day=calendar.monthrange(value.year, value.month)[1])
    return value


def parse_partial_date(text: str) -> tuple[datetime.date, str] | None:
    """Read "1971", "07/2021", "2021-07", "10/11/2021" or "2021-11-10".

    Returns (date, precision), the date being the period's first day, or None for empty
    text. Raises ValueError with a Dutch message.
    """
    text = (text or "").strip()
    if not text:
        return None
    value: datetime.date
    try:
        if text.isdigit() and len(text) == 4:
            value, precision = datetime.date(int(text), 1, 1), DatePrecision.YEAR
        elif "/" in text and text.count("/") == 1:
            month, year = text.split("/")
            value, precision = datetime.date(int(year), int(month), 1), DatePrecision.MONTH
        elif "/" in text:
            day, month, year = text.split("/")
            value, precision = datetime.date(int(year), int(month), int(day)), DatePrecision.DAY
        elif text.count("-") == 1:
            year, month = text.split("-")
            value, precision = datetime.date(int(year), int(month), 1), DatePrecision.MONTH
        else:
            value = datetime.date.fromisoformat(text[:10])
            precision = DatePrecision.DAY
    except ValueError:
        raise ValueError(
            f"Ongeldige datum '{text}': gebruik jjjj, mm/jjjj, dd/mm/jjjj of jjjj-mm-dd."
        ) from None
    return value, precision


def partial_date_text(value: datetime.date | None, precision: str | None) -> str:
    """The spreadsheet form of a partial date: "1971", "07/2021" or "10/11/2021"."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.month:02d}/{value.year:04d}"
    return value.strftime("%d/%m/%Y")


def precision_field(verbose_name):
    """The column that says how much of its partner date field is known."""
    return models.CharField(
        verbose_name, max_length=5, choices=DatePrecision, blank=True, default=""
    )


def date_order_check(start: str, end: str, name: str) -> models.CheckConstraint:
    """A database check that `end`, read as its whole year or month, does not end before
    `start` when both are known: an end in "2018" may follow a start on 03/05/2018."""
    same_year = {f"{end}__year": F(f"{start}__year")}
    return models.CheckConstraint(
        condition=Q(**{f"{start}__isnull": True})
        | Q(**{f"{end}__isnull": True})
        | Q(**{f"{end}__gte": F(start)})
        | Q(**{f"{end}_precision": DatePrecision.YEAR, f"{end}__year__gte": F(f"{start}__year")})
        | Q(**{f"{end}_precision": DatePrecision.MONTH, f"{end}__year__gt": F(f"{start}__year")})
        | Q(
            **{f"{end}_precision": DatePrecision.MONTH, f"{end}__month__gte": F(f"{start}__month")},
            **same_year,
        ),
        name=f"%(app_label)s_%(class)s_{name}",
        violation_error_message=_("The end date lies before the start date."),
    )


def precision_matches_date(field: str) -> models.CheckConstraint:
    """A date has a precision and a precision has a date; a year is stored as its
    1 January, a month as its first day."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True, f"{field}_precision": ""})
        | (Q(**{f"{field}__isnull": False}) & ~Q(**{f"{field}_precision": ""}))
        & period_start_check(field),
        name=f"%(app_label)s_%(class)s_{field}_precision",
        violation_error_message=_("A date needs its precision and a precision needs its date."),
    )


def period_ends_on_or_after(field: str, day: datetime.date) -> Q:
    """Rows whose date `field`, read as its whole year or month, ends on or after `day`.

    The stored date is its period's first day, so the period reaches `day` exactly when
    it is not before the first day of the period of the same precision holding `day`.
    """
    condition = Q()
    for precision in DatePrecision:
        first = period_start(day, precision)
        condition |= Q(**{f"{field}_precision": precision, f"{field}__gte": first})
    return condition


def period_ends_before(field: str, day: datetime.date) -> Q:
    """Rows whose date `field`, read as its whole year or month, is over before `day`."""
    return Q(**{f"{field}__isnull": False}) & ~period_ends_on_or_after(field, day)


def period_overlaps(
    field: str, start: datetime.date | None = None, end: datetime.date | None = None
) -> Q:
    """Rows whose date `field` (a day, a month or a year) shares a day with start..end.

    "2018" overlaps 01/06/2018..30/06/2018: the year may hold the day that is sought.
    """
    condition = Q(**{f"{field}__isnull": False})
    if start is not None:
        condition &= period_ends_on_or_after(field, start)
    if end is not None:
        condition &= Q(**{f"{field}__lte": end})
    return condition


def period_start_check(field: str) -> Q:
    """A known precision, a year stored as its 1 January and a month as its first day."""
    return (
        Q(**{f"{field}_precision": DatePrecision.DAY})
        | Q(**{f"{field}_precision": DatePrecision.MONTH, f"{field}__day": 1})
        | Q(**{f"{field}_precision": DatePrecision.YEAR, f"{field}__month": 1, f"{field}__day": 1})
    )


def today() -> datetime.date:
    """Today in Ghent. The dashboard asks here, so tests can set the date."""
    return timezone.localdate()
