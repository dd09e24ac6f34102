"""The press contacts of a release page: the "- " bullets after the body (a bullet with
only a name belongs to the next one, which holds the details) and the press office of
the "Contacteer ons" block, with their phone numbers and e-mail addresses."""

from __future__ import annotations

import re

import phonenumbers
from django.utils.translation import gettext

from partnerships.phones import normalise_phone
from pressroom.parsed import LANDLINE, MOBILE, ContactBlock, Lines, Phone

# Names: "Mathias De Clercq", "Anne-Marie Van den Bossche", "Sofie D'Hondt".
_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_GIVEN = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)*"
_SURNAME = (
    rf"(?:[{_UPPER}]['’])?"  # D'Hondt
    rf"[{_UPPER}][{_LOWER}]+(?:[{_UPPER}][{_LOWER}]+)*"  # Clercq, McCarthy
    rf"(?:-[{_UPPER}][{_LOWER}]+)*"  # Smet-Peeters
)
_PARTICLE = (
    r"(?:[Vv]an|[Vv]ande|[Vv]anden|[Vv]ander|[Dd]e|[Dd]en|[Dd]er|[Tt]er|[Tt]en|'t"
    r"|[Ll]e|[Ll]a|[Dd]u|[Dd]es|[Dd]i|[Dd]a|[Vv]on|[Oo]p)"
)
# Words that start a Dutch sentence or name an organisation, never a given name.
_NOT_GIVEN = r"(?!(?:De|Het|Een|Van|Den|Der|Stad|Dienst|Gent)\b)"
NAME = rf"{_NOT_GIVEN}{_GIVEN}(?:\s+{_GIVEN})?\s+(?:{_PARTICLE}\s+)*{_SURNAME}"
_NAME_RE = re.compile(rf"^{NAME}$")
_BULLET_RE = re.compile(r"^[-•]\s+(?P<content>\S.*)$")
_FILLER_RE = re.compile(r"^[-•–]$")

_PHONE_LABEL_RE = re.compile(
    r"^(?P<label>gsm|mobiel|mob\.?|tel(?:efoon)?\.?|t(?=\s*:))(?![^\W\d_])\s*:?\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_BARE_PHONE_RE = re.compile(r"^(?:\+|00|0)[0-9][0-9 \u00a0./()-]{6,}$")
_EMAIL_LABEL_RE = re.compile(
    r"^(?:e-?mail|mail)(?![^\W\d_])\s*:?\s*(?P<value>.*)$|^e\s*:\s*(?P<short>.*)$",
    re.IGNORECASE,
)
_EMAIL_RE = re.compile(
    r"^[A-Za-z0-9._%+'-]+"  # local part
    r"@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"  # domain
)
_STREET_RE = re.compile(r"^\D+\s\d+[A-Za-z]?(?:\s*(?:bus|/)\s*\w+)?$")
_POSTCODE_RE = re.compile(r"^\d{4}\s+\S")


def _is_address_like(segment: str) -> bool:
    return bool(_STREET_RE.match(segment) or _POSTCODE_RE.match(segment))


def _phone(lines: Lines, index: int, value: str, label: str, name: str | None) -> Phone:
    """The phone number of press contact `name` (None: of the press office)."""
    as_written = " ".join(value.split())
    try:
        e164 = normalise_phone(as_written)
    except ValueError:
        if name is None:
            message = gettext(
                "Invalid phone number '%(number)s' for the press office (Contacteer ons)."
            )
        else:
            message = gettext("Invalid phone number '%(number)s' for press contact %(name)s.")
        raise lines.error(message % {"number": as_written, "name": name}, index) from None
    number = phonenumbers.parse(e164)
    number_type = phonenumbers.number_type(number)
    if number_type == phonenumbers.PhoneNumberType.MOBILE:
        kind = MOBILE
    elif number_type == phonenumbers.PhoneNumberType.FIXED_LINE:
        kind = LANDLINE
    else:
        kind = MOBILE if label.casefold().startswith(("gsm", "mob")) else LANDLINE
    return Phone(kind=kind, as_written=as_written, e164=e164)


def _email(lines: Lines, index: int, value: str, name: str | None) -> str:
    """The e-mail address of press contact `name` (None: of the press office)."""
    value = value.strip()
    if not _EMAIL_RE.match(value):
        if name is None:
            message = gettext(
                "Invalid e-mail address '%(address)s' for the press office (Contacteer ons)."
            )
        else:
            message = gettext("Invalid e-mail address '%(address)s' for press contact %(name)s.")
        raise lines.error(message % {"address": value, "name": name}, index)
    return value


def _classify(segment: str) -> tuple[str, str, str]:
    """("phone", label, value), ("email", "", value) or ("other", "", segment)."""
    match = _PHONE_LABEL_RE.match(segment)
    if match:
        return "phone", match["label"], match["value"]
    match = _EMAIL_LABEL_RE.match(segment)
    if match:
        value = match["value"] if match["value"] is not None else match["short"]
        return "email", "", value
    if "@" in segment:
        return "email", "", segment
    if _BARE_PHONE_RE.match(segment):
        return "phone", "", segment
    return "other", "", segment


def _segments(content: str) -> list[str]:
    return [segment.strip() for segment in content.split(",")]


def _is_detailbullet(content: str) -> bool:
    return any(_classify(segment)[0] != "other" for segment in _segments(content))


def _is_name_only(content: str) -> bool:
    return "," not in content and bool(_NAME_RE.match(content))


def bullet(line: str) -> str | None:
    match = _BULLET_RE.match(line)
    return match["content"].strip() if match else None


def _parse_contact(lines: Lines, detail_index: int, name_index: int | None) -> ContactBlock:
    segments = _segments(bullet(lines[detail_index]) or "")
    if name_index is not None:
        name = bullet(lines[name_index]) or ""
    else:
        name = segments.pop(0)
        if not name or _classify(name)[0] != "other":
            raise lines.error(
                gettext("Press contact without a name: '%(text)s'.")
                % {"text": bullet(lines[detail_index])},
                detail_index,
            )
    others: list[str] = []
    phones: list[Phone] = []
    email = ""
    for segment in segments:
        if not segment:
            continue
        kind, label, value = _classify(segment)
        if kind == "phone":
            phones.append(_phone(lines, detail_index, value, label, name))
        elif kind == "email":
            if email:
                raise lines.error(
                    gettext("More than one e-mail address for press contact %(name)s.")
                    % {"name": name},
                    detail_index,
                )
            email = _email(lines, detail_index, value, name)
        else:
            others.append(segment)
    affiliation, address = _split_affiliation(others)
    return ContactBlock(
        name=name,
        affiliation=affiliation,
        address=address,
        phones=tuple(phones),
        email=email,
        line=(name_index if name_index is not None else detail_index) + 1,
    )


def _split_affiliation(others: list[str]) -> tuple[str, str]:
    """Split the segments that are neither phone nor e-mail.

    The first segment is the affiliation ("kabinet burgemeester"); the rest is
    the address when it holds a street with a number or a postcode ("stadhuis,
    Botermarkt 1, 9000 Gent"), and otherwise still part of the affiliation.
    """
    if not others:
        return "", ""
    if _is_address_like(others[0]):
        return "", ", ".join(others)
    rest = others[1:]
    if any(_is_address_like(segment) for segment in rest):
        return others[0], ", ".join(rest)
    return ", ".join(others), ""


def parse_contacts(lines: Lines, floor: int, stop: int) -> tuple[tuple[ContactBlock, ...], int]:
    """Read the contact bullets that end right before line ``stop``.

    Walks backwards from ``stop`` over bullets that carry a phone number or an
    e-mail address (joining a name-only bullet to the detail bullet after it)
    and returns the contacts in page order and the index of the first one.
    """
    contacts: list[ContactBlock] = []
    start = stop
    index = lines.previous_filled(stop, floor)
    while index is not None:
        content = bullet(lines[index])
        if content is None:
            break
        if not _is_detailbullet(content):
            if _is_name_only(content):
                raise lines.error(
                    gettext("Press contact '%(name)s' without a phone number or e-mail address.")
                    % {"name": content},
                    index,
                )
            break
        previous = lines.previous_filled(index, floor)
        previous_content = bullet(lines[previous]) if previous is not None else None
        if previous_content is not None and _is_name_only(previous_content):
            contacts.append(_parse_contact(lines, index, previous))
            start = previous
        else:
            contacts.append(_parse_contact(lines, index, None))
            start = index
        index = lines.previous_filled(start, floor)
    contacts.reverse()
    return tuple(contacts), start


def parse_press_office(lines: Lines, heading: int, stop: int) -> ContactBlock | None:
    name = ""
    name_index: int | None = None
    address: list[str] = []
    phones: list[Phone] = []
    email = ""
    for index in range(heading + 1, stop):
        line = lines[index]
        if not line or _FILLER_RE.match(line):
            continue
        content = bullet(line) or line
        kind, label, value = _classify(content)
        if kind == "phone":
            phones.append(_phone(lines, index, value, label, None))
        elif kind == "email":
            if email:
                raise lines.error(
                    gettext("More than one e-mail address for the press office (Contacteer ons)."),
                    index,
                )
            email = _email(lines, index, value, None)
        elif not name:
            name, name_index = content, index
        else:
            address.append(content)
    if name_index is None:
        if phones or email:
            raise lines.error(gettext("The 'Contacteer ons' block holds no name."), heading)
        return None
    if _is_address_like(name):
        # The team line is missing: the address would become the press office's name
        # and rename the contact with that e-mail address.
        raise lines.error(
            gettext(
                "The 'Contacteer ons' block starts with an address ('%(address)s') instead "
                "of the name of the press office: the line with the name is missing."
            )
            % {"address": name},
            name_index,
        )
    return ContactBlock(
        name=name,
        affiliation="",
        address=", ".join(address),
        phones=tuple(phones),
        email=email,
        line=name_index + 1,
    )
