"""Belgian phone numbers: `normalise_phone` turns a number as written into E.164.

Numbers written nationally are Belgian ("09 266 54 00", "0477/38.29.37"); numbers written
internationally may be from anywhere ("+31 6 12345678"). phonenumbers decides; the fast
path below answers first for the common formats.

`phonenumbers.parse` plus `is_valid_number` costs about 40 µs a number, most of it spent
on formats and corner cases that ordinary numbers never need. `fast_e164` handles the
common ones: a Belgian number written nationally or any number written internationally
("+32 477 38 29 37", "0032 9 266 54 00") with spaces, dots, slashes or dashes between the
digits. It checks the national number against the same metadata patterns
`is_valid_number` uses (the general pattern and the fixed-line or mobile one) and answers
only when phonenumbers would give the same number; for anything else it returns None and
the caller asks phonenumbers. tests/partnerships/test_phones.py compares both over many
formats and number ranges.
"""

import functools
import re

import phonenumbers
from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, PhoneMetadata

DEFAULT_REGION = "BE"
# Digits with single separators between them; parentheses, letters and other spaces are
# left to phonenumbers.
_SHAPE_RE = re.compile(r"\+?[0-9]+(?:[ ./-]+[0-9]+)*")
_SEPARATORS = str.maketrans("", "", " ./-")


def _matches(number: str, desc) -> bool:
    """phonenumbers' `_is_number_matching_desc`: a possible length and the pattern."""
    if desc is None or not desc.national_number_pattern:
        return False
    if desc.possible_length and len(number) not in desc.possible_length:
        return False
    return _pattern(desc.national_number_pattern).fullmatch(number) is not None


@functools.cache
def _pattern(text: str) -> re.Pattern:
    return re.compile(text)


@functools.cache
def _metadata(country_code: int):
    """The metadata of a country code that belongs to one region only, else None."""
    regions = COUNTRY_CODE_TO_REGION_CODE.get(country_code, ())
    if len(regions) != 1 or regions[0] == phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY:
        return None
    return PhoneMetadata.metadata_for_region(regions[0])


def _valid(country_code: int, national: str) -> bool:
    metadata = _metadata(country_code)
    if metadata is None or national.startswith("0"):
        return False
    prefix = metadata.national_prefix_for_parsing
    if prefix and _pattern(prefix).match(national):
        return False  # phonenumbers might strip a national prefix: let it decide
    return _matches(national, metadata.general_desc) and (
        _matches(national, metadata.fixed_line) or _matches(national, metadata.mobile)
    )


def fast_e164(value: str) -> str | None:
    """The E.164 form of a common, valid number, or None to ask phonenumbers."""
    if len(value) > 40 or not _SHAPE_RE.fullmatch(value):
        return None
    digits = value.translate(_SEPARATORS)
    if digits.startswith("+") or digits.startswith("00"):
        digits = digits[1:] if digits.startswith("+") else digits[2:]
        if digits.startswith("0"):
            return None
        for size in (1, 2, 3):  # country codes never start with another one
            country_code = int(digits[:size]) if len(digits) > size else 0
            if country_code in COUNTRY_CODE_TO_REGION_CODE:
                national = digits[size:]
                break
        else:
            return None
    elif digits.startswith("0"):
        country_code = PhoneMetadata.metadata_for_region(DEFAULT_REGION).country_code
        national = digits[1:]
    else:
        return None
    if not _valid(country_code, national):
        return None
    return f"+{country_code}{national}"


_PHONE_CHARS_RE = re.compile(r"^\+?[0-9 \u00a0\u202f./()-]+$")
_DIGIT_RE = re.compile("[0-9]")


# An import checks each number twice (the column, then the model's clean()): the second
# check is a cache hit. Small on purpose: it holds personal data only briefly.
@functools.lru_cache(maxsize=1024)
def normalise_phone(as_written: str) -> str:
    """Turn a Belgian national or an international number into E.164.

    "0477 38 29 37" -> "+32477382937", "09 266 54 00" -> "+3292665400".
    Raises ValueError with a Dutch message if the number is not valid.
    """
    value = as_written.strip()
    if not value:
        raise ValueError("Het telefoonnummer is leeg.")
    # The common formats first: what fast_e164 accepts (digits and single separators)
    # passes the check below.
    fast = fast_e164(value)
    if fast is not None:
        return fast
    # Only digits and separators are left, so a digit is one of 0-9.
    if not _PHONE_CHARS_RE.match(value) or not _DIGIT_RE.search(value):
        raise ValueError(f"Ongeldig telefoonnummer: '{value}'.")
    try:
        number = phonenumbers.parse(value, "BE")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"Ongeldig telefoonnummer: '{value}'.") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValueError(f"Ongeldig telefoonnummer: '{value}'.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
