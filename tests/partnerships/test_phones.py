"""Phone numbers to E.164; the Belgian adapter answers exactly as phonenumbers does, or not
at all."""

import random

import phonenumbers
import pytest
from django.utils import translation
from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, PhoneNumberType

from partnerships.phones import belgian_e164, normalise_phone


def by_phonenumbers(value: str) -> str | None:
    """What normalise_phone answers without the adapter: E.164, or None if invalid."""
    try:
        number = phonenumbers.parse(value, "BE")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def written(rng: random.Random, prefix: str, digits: str) -> str:
    """`digits` cut into random groups with random separators, after `prefix`."""
    groups, rest = [], digits
    while rest:
        size = rng.randint(1, 4)
        groups.append(rest[:size])
        rest = rest[size:]
    separator = rng.choice([" ", ".", "/", "-", "  ", " / ", ""])
    text = separator.join(groups)
    if rng.random() < 0.3:
        text = rng.choice([" ", "-", ".", "/"]) + text + rng.choice(["", " ", "-", "."])
    return prefix + (rng.choice(["", " "]) if prefix else "") + text


def samples():
    rng = random.Random(7)
    # Belgian numbers written nationally: every two-digit zone, every plausible length.
    for zone in range(10, 100):
        for length in range(6, 12):
            for _ in range(40 if length in (8, 9) else 8):
                national = str(zone) + "".join(rng.choice("0123456789") for _ in range(length - 2))
                yield written(rng, "0", national)
                yield written(rng, rng.choice(["+32", "0032", "+320", "00320"]), national)
    # Every country's example numbers of every type, and random ones in its code.
    types = [getattr(PhoneNumberType, name) for name in ("FIXED_LINE", "MOBILE", "TOLL_FREE")]
    for country_code, regions in COUNTRY_CODE_TO_REGION_CODE.items():
        for region in regions:
            for kind in types:
                example = phonenumbers.example_number_for_type(region, kind)
                if example is None:
                    continue
                national = phonenumbers.national_significant_number(example)
                yield written(rng, f"+{country_code}", national)
                yield written(rng, f"00{country_code}", national)
                if region == "BE":
                    yield written(rng, "0", national)
        for _ in range(20):
            length = rng.randint(4, 13)
            national = "".join(rng.choice("0123456789") for _ in range(length))
            yield written(rng, rng.choice(["+", "00"]) + str(country_code), national)
    # Odd shapes the adapter must leave alone or get right.
    yield from ["0", "00", "+", "+0032 9 266 54 00", "(09) 266 54 00", "09 266 54 00 "]
    yield from ["+32 (0)9 266", "+32 0 9 266 54 00"]
    yield from ["09\u00a0266\u00a054\u00a000", "09\u202f266", "0477--38--29--37", "0032", "+32"]


def test_the_adapter_gives_exactly_what_phonenumbers_gives():
    answered = 0
    for value in samples():
        fast = belgian_e164(value)
        if fast is None:
            continue
        answered += 1
        assert fast == by_phonenumbers(value), value
    assert answered > 2000  # the test proves something only if the adapter answers


@pytest.mark.parametrize(
    ("as_written", "e164"),
    [
        ("09 266 54 00", "+3292665400"),
        ("0477/38.29.37", "+32477382937"),
        ("+32 477 38 29 37", "+32477382937"),
        ("0032 9 266 54 00", "+3292665400"),
    ],
)
def test_common_belgian_formats_take_the_adapter(as_written, e164):
    assert belgian_e164(as_written) == normalise_phone(as_written) == e164


@pytest.mark.parametrize(
    "as_written",
    ["+32 (0)9 266 54 00", "+32 09 266 54 00", "+44 20 7946 0958", "+31 6 12345678", "9 266 54 00"],
)
def test_other_formats_are_left_to_phonenumbers(as_written):
    assert belgian_e164(as_written) is None
    assert normalise_phone(as_written) == by_phonenumbers(as_written)


@pytest.mark.parametrize(
    ("as_written", "e164"),
    [
        ("0477 38 29 37", "+32477382937"),
        ("047747 12 94", "+32477471294"),
        ("09 266 54 00", "+3292665400"),
        ("09 266 52 37", "+3292665237"),
        ("09/266.54.00", "+3292665400"),
        ("+32 9 266 54 00", "+3292665400"),
        ("0032 477 38 29 37", "+32477382937"),
        ("+81 76 220 2075", "+81762202075"),
    ],
)
def test_normalise_phone(as_written: str, e164: str) -> None:
    assert normalise_phone(as_written) == e164


@pytest.mark.parametrize(
    ("as_written", "message"),
    [
        ("", "Het telefoonnummer is leeg."),
        ("0477 38 29", "Ongeldig telefoonnummer: '0477 38 29'."),
        ("123", "Ongeldig telefoonnummer: '123'."),
        ("gsm nummer", "Ongeldig telefoonnummer: 'gsm nummer'."),
        ("09 266 54 00 ext. 3", "Ongeldig telefoonnummer: '09 266 54 00 ext. 3'."),
    ],
)
def test_normalise_phone_rejects_invalid_numbers(as_written: str, message: str) -> None:
    with pytest.raises(ValueError) as excinfo:
        normalise_phone(as_written)
    assert str(excinfo.value) == message


def test_phone_errors_speak_the_active_language() -> None:
    with translation.override("en"), pytest.raises(ValueError) as excinfo:
        normalise_phone("0477 38 29")
    assert str(excinfo.value) == "Invalid phone number: '0477 38 29'."
    with translation.override("nl"), pytest.raises(ValueError) as excinfo:
        normalise_phone("0477 38 29")
    assert str(excinfo.value) == "Ongeldig telefoonnummer: '0477 38 29'."
