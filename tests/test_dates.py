import datetime

import pytest
from django.utils import translation

from gentintl.dates import format_partial_date, parse_partial_date, partial_date_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1971", (datetime.date(1971, 1, 1), "year")),
        ("02/2024", (datetime.date(2024, 2, 1), "month")),
        ("10/11/2021", (datetime.date(2021, 11, 10), "day")),
        ("2021-11-10", (datetime.date(2021, 11, 10), "day")),
        ("2021-07", (datetime.date(2021, 7, 1), "month")),
        ("", None),
    ],
)
def test_parse_partial_date(text, expected):
    """A year or a month is its first day, whether it starts or ends something."""
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2021", "juli", "2021/13", "10-11-2021-1"])
def test_invalid_dates_get_a_dutch_message(text):
    with pytest.raises(ValueError, match="Ongeldige datum"):
        parse_partial_date(text)


def test_dates_show_at_their_precision_in_dutch():
    with translation.override("nl-be"):
        assert format_partial_date(datetime.date(1971, 1, 1), "year") == "1971"
        assert format_partial_date(datetime.date(2021, 7, 1), "month") == "juli 2021"
        assert format_partial_date(datetime.date(2021, 11, 10), "day") == "10 november 2021"
        assert format_partial_date(None, "") == ""


def test_spreadsheet_form_round_trips():
    for text in ("1971", "07/2021", "10/11/2021"):
        assert partial_date_text(*parse_partial_date(text)) == text
