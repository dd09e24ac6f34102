"""Dates known to a year, a month or a day.

The source documents often give only a year ("in 1971") or a month ("in juli"). Such a
date is stored as a `DateField` plus a precision column. A start date is stored as the
first day of the period it names, an end date (`valid_until`, `ended_on`...) as the last
day, so that range queries stay correct; the precision decides how much of it is shown.
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


def parse_partial_date(text: str, *, end: bool = False) -> tuple[datetime.date, str] | None:
    """Read "1971", "07/2021", "2021-07", "10/11/2021" or "2021-11-10".

    Returns (date, precision), the date being the period's first day (or last day when
    `end` is true), or None for empty text. Raises ValueError with a Dutch message.
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
    return (period_end(value, precision) if end else value), precision


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
    """A database check that `end` is not before `start` when both are known."""
    return models.CheckConstraint(
        condition=Q(**{f"{start}__isnull": True})
        | Q(**{f"{end}__isnull": True})
        | Q(**{f"{end}__gte": F(start)}),
        name=f"%(app_label)s_%(class)s_{name}",
    )


def precision_matches_date(field: str) -> models.CheckConstraint:
    """A date has a precision and a precision has a date."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True, f"{field}_precision": ""})
        | (Q(**{f"{field}__isnull": False}) & ~Q(**{f"{field}_precision": ""})),
        name=f"%(app_label)s_%(class)s_{field}_precision",
    )


def today() -> datetime.date:
    """Today in Ghent. The dashboard asks here, so tests can set the date."""
    return timezone.localdate()
