"""Belgian phone numbers: `normalise_phone` turns a number as written into E.164.

Numbers written nationally are Belgian ("09 266 54 00", "0477/38.29.37"); numbers written
internationally may be from anywhere ("+31 6 12345678"). phonenumbers decides; the
adapter `belgian_e164` answers first for the common Belgian formats.
"""

import functools
import re

import phonenumbers
from django.utils.translation import gettext

DEFAULT_REGION = "BE"
BELGIUM = phonenumbers.country_code_for_region(DEFAULT_REGION)  # 32
# Digits with single separators between them; parentheses, letters and other spaces are
# left to phonenumbers.
_SHAPE_RE = re.compile(r"\+?[0-9]+(?:[ ./-]+[0-9]+)*")
_SEPARATORS = str.maketrans("", "", " ./-")
_INTERNATIONAL = ("+32", "0032")


def belgian_e164(value: str) -> str | None:
    """The E.164 form of a valid Belgian number written nationally ("09 266 54 00") or
    with +32 or 0032, with spaces, dots, slashes or dashes between the digits; None for
    anything else, left to `phonenumbers.parse`.

    `phonenumbers.parse` spends most of its time on formats and corner cases that these
    never need; the number built from its digits and checked with
    `phonenumbers.is_valid_number_for_region` (what `is_valid_number` checks for the one
    region of country code 32) takes under a third of that time. Without this adapter
    the admin flow of 10,000 contacts with a phone and a mobile number each (upload,
    preview, confirm) took 1.72x as long, `phonenumbers.parse` 42% of it (BENCHMARKS.md,
    "Fast paths removed"). tests/partnerships/test_phones.py checks that it answers
    exactly as phonenumbers does over many formats and number ranges.
    """
    if len(value) > 40 or not _SHAPE_RE.fullmatch(value):
        return None
    digits = value.translate(_SEPARATORS)
    for prefix in _INTERNATIONAL:
        if digits.startswith(prefix):
            national = digits[len(prefix) :]
            break
    else:
        if digits[0] != "0" or digits.startswith("00"):
            return None
        national = digits[1:]  # Belgium's national prefix is 0
    # A 0 after the country code is the national prefix written anyway ("+32 (0)9..."),
    # which parse strips or refuses as it sees fit: left to it.
    if not national or national[0] == "0":
        return None
    number = phonenumbers.PhoneNumber(country_code=BELGIUM, national_number=int(national))
    # What is_valid_number checks, for the one region of country code 32.
    if not phonenumbers.is_valid_number_for_region(number, DEFAULT_REGION):
        return None
    return f"+{BELGIUM}{national}"


_PHONE_CHARS_RE = re.compile(r"^\+?[0-9 \u00a0\u202f./()-]+$")
_DIGIT_RE = re.compile("[0-9]")


# An import checks each number twice (the column, then the model's clean()): the second
# check is a cache hit. Small on purpose: it holds personal data only briefly.
@functools.lru_cache(maxsize=1024)
def normalise_phone(as_written: str) -> str:
    """Turn a Belgian national or an international number into E.164.

    "0477 38 29 37" -> "+32477382937", "09 266 54 00" -> "+3292665400".
    Raises ValueError with a message in the active language if the number is not valid
    (an error is not cached: each one is worded when it is raised).
    """
    value = as_written.strip()
    if not value:
        raise ValueError(gettext("The phone number is empty."))
    # The common formats first: what belgian_e164 accepts (digits and single separators)
    # passes the check below.
    fast = belgian_e164(value)
    if fast is not None:
        return fast
    # Only digits and separators are left, so a digit is one of 0-9.
    if not _PHONE_CHARS_RE.match(value) or not _DIGIT_RE.search(value):
        raise ValueError(invalid(value))
    try:
        number = phonenumbers.parse(value, "BE")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(invalid(value)) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValueError(invalid(value))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def invalid(value: str) -> str:
    return gettext("Invalid phone number: '%(number)s'.") % {"number": value}
