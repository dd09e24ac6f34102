"""Parse press releases scraped from the city's press room (persruimte.stad.gent).

Pure Python (standard library, ``phonenumbers`` and ``partnerships.phones``): no Django
imports, so the parser can be used and tested on its own, and reused by the seed loader
and by the page where staff paste the text of a release.

The page text has one paragraph per line, in this order:

1. the lead (first line) and the body paragraphs; a quote paragraph has its
   attribution glued to its end ("...door andere steden.Mathias De Clercq,
   burgemeester");
2. the press contacts as "- " bullets; a bullet holding only a name belongs
   to the next bullet, which holds the details;
3. an optional "Contacteer ons" block with the press office;
4. "Kopieer link", then the release URL glued to "Gerelateerde onderwerpen";
5. the related topics, then "Gerelateerd nieuws" with (title, summary) pairs
   that the page repeats several times.

Only the URL (which carries the release number) and the lead are required.
Errors are raised as :class:`ParseError` with a Dutch message naming the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import phonenumbers

from partnerships.phones import normalise_phone

__all__ = [
    "ContactBlock",
    "ParseError",
    "ParsedRelease",
    "Phone",
    "Quote",
    "RelatedNews",
    "parse_file",
    "parse_release",
    "slug_to_words",
    "split_quote",
]

DEFAULT_SOURCE_NAME = "geplakte tekst"
URL_EXAMPLE = "https://persruimte.stad.gent/<nummer>-<slug>"

MOBILE = "mobile"
LANDLINE = "landline"


# --------------------------------------------------------------------------- #
# Data classes
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class Phone:
    """A phone number as written in the release and in E.164 form."""

    kind: str  # "mobile" | "landline"
    as_written: str  # digits and spacing as in the text, without the "gsm"/"tel." label
    e164: str  # e.g. "+32477382937"


@dataclass(frozen=True)
class ContactBlock:
    """A press contact (or the press office of the "Contacteer ons" block)."""

    name: str
    affiliation: str  # text between the name and the address/phones/e-mail
    address: str  # "" if none
    phones: tuple[Phone, ...]
    email: str  # "" if none
    line: int  # 1-based line where the contact's name stands


@dataclass(frozen=True)
class Quote:
    """A quote paragraph: its text and the speaker's name and function."""

    text: str
    speaker: str
    speaker_function: str
    paragraph: int  # index into ParsedRelease.body


@dataclass(frozen=True)
class RelatedNews:
    """An item of the "Gerelateerd nieuws" block."""

    title: str
    summary: str  # "" if the page text was cut off after the title


@dataclass(frozen=True)
class ParsedRelease:
    """Everything the parser read from one press release."""

    source_name: str
    number: int
    slug: str
    url: str
    lead: str
    # Paragraphs after the lead; a quote paragraph appears as its quote text only.
    body: tuple[str, ...]
    quotes: tuple[Quote, ...]
    contacts: tuple[ContactBlock, ...]
    press_office: ContactBlock | None
    topics: tuple[str, ...]
    related_news: tuple[RelatedNews, ...]
    # What the text leaves in doubt (e.g. an address that may be cut off): shown in a
    # preview; nothing with a warning is saved.
    warnings: tuple[str, ...] = ()

    def text(self) -> str:
        """The lead, the body and the quotes, one per line, for searching mentions.

        The quote texts are already part of the body, so the quotes contribute
        their attribution ("Mathias De Clercq, burgemeester") rather than their
        text a second time.
        """
        parts = [self.lead, *self.body]
        parts.extend(f"{quote.speaker}, {quote.speaker_function}" for quote in self.quotes)
        return "\n".join(parts)


class ParseError(ValueError):
    """A press release that cannot be read; the message is in Dutch."""

    def __init__(self, message: str, *, source_name: str, line: int | None = None) -> None:
        self.message = message
        self.source_name = source_name
        self.line = line
        super().__init__(self._format())

    def _format(self) -> str:
        if self.line is None:
            return f"{self.source_name}: {self.message}"
        return f"{self.source_name}, regel {self.line}: {self.message}"

    def __str__(self) -> str:
        return self._format()


# --------------------------------------------------------------------------- #
# Small public helpers
# --------------------------------------------------------------------------- #


def slug_to_words(slug: str) -> str:
    """Turn a slug into words, e.g. for suggesting a title.

    "stad-gent-herorienteert-banden" -> "stad gent herorienteert banden".
    """
    return " ".join(part for part in slug.strip().split("-") if part)


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
_NAME = rf"{_NOT_GIVEN}{_GIVEN}(?:\s+{_GIVEN})?\s+(?:{_PARTICLE}\s+)*{_SURNAME}"
_NAME_RE = re.compile(rf"^{_NAME}$")

_QUOTE_RE = re.compile(
    rf"""^(?P<text>.*\S[.!?…]['"”’»)]*)   # quote text, ending a sentence
    (?P<speaker>{_NAME}),[ ]+             # glued attribution: the speaker's name
    (?P<function>[^\s.!?,](?:[^.!?]|\.(?=\S)){{0,150}})$  # function, no sentence ending
    """,
    re.VERBOSE,
)


def split_quote(paragraph: str) -> tuple[str, str, str] | None:
    """Split a quote paragraph into (text, speaker, function), or None.

    The attribution must be glued (no space) right after sentence-ending
    punctuation and read "Firstname [particles] Lastname, function", as in
    "...door andere steden.Mathias De Clercq, burgemeester".
    """
    match = _QUOTE_RE.match(paragraph.strip())
    if match is None:
        return None
    function = match["function"].strip()
    if not function:
        return None
    return match["text"].strip(), match["speaker"], function


# --------------------------------------------------------------------------- #
# Line-level patterns
# --------------------------------------------------------------------------- #

_BULLET_RE = re.compile(r"^[-•]\s+(?P<content>\S.*)$")
_FILLER_RE = re.compile(r"^[-•–]$")
_URL_LINE_RE = re.compile(
    r"^(?:Kopieer link\s*)?(?P<url>https?://(?:www\.)?persruimte\.stad\.gent/\S*?)"
    r"(?:Gerelateerde onderwerpen(?P<after>.*))?$"
)
_URL_PATH_RE = re.compile(r"^(?P<number>\d+)-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)$")
_CONTACT_HEADING = "contacteer ons"
_COPY_LINK = "kopieer link"
_TOPICS_HEADING = "gerelateerde onderwerpen"
_NEWS_HEADING = "gerelateerd nieuws"

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


# --------------------------------------------------------------------------- #
# Parsing
# --------------------------------------------------------------------------- #


class _Lines:
    """The text split in stripped lines, with 1-based numbering for errors."""

    def __init__(self, text: str, source_name: str) -> None:
        normalised = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        self.items = [line.strip() for line in normalised.split("\n")]
        self.source_name = source_name

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> str:
        return self.items[index]

    def error(self, message: str, index: int | None = None) -> ParseError:
        line = None if index is None else index + 1
        return ParseError(message, source_name=self.source_name, line=line)

    def find(self, wanted: str, start: int, stop: int) -> int | None:
        """Index of the first line equal to ``wanted`` (case-insensitive)."""
        for index in range(start, stop):
            if self.items[index].casefold() == wanted:
                return index
        return None

    def previous_filled(self, index: int, floor: int) -> int | None:
        """Index of the last non-blank line before ``index`` (not below ``floor``)."""
        index -= 1
        while index >= floor:
            if self.items[index]:
                return index
            index -= 1
        return None


def _find_url(lines: _Lines) -> tuple[int, re.Match[str]]:
    found: tuple[int, re.Match[str]] | None = None
    for index, line in enumerate(lines.items):
        match = _URL_LINE_RE.match(line)
        if match is None:
            continue
        if found is not None and found[1]["url"].rstrip("/") != match["url"].rstrip("/"):
            raise lines.error(
                f"Meer dan één link naar de persruimte gevonden ('{found[1]['url']}' op regel "
                f"{found[0] + 1} en '{match['url']}').",
                index,
            )
        if found is None:
            found = (index, match)
    if found is None:
        raise lines.error(f"Geen link naar de persruimte gevonden (verwacht: {URL_EXAMPLE}).")
    return found


def _number_and_slug(lines: _Lines, index: int, url: str) -> tuple[int, str, str]:
    url = re.split(r"[?#]", url, maxsplit=1)[0].rstrip("/")
    path = url.split("persruimte.stad.gent/", 1)[1]
    match = _URL_PATH_RE.match(path)
    if match is None:
        if not re.match(r"^\d+", path):
            raise lines.error(
                f"De link '{url}' bevat geen nummer van het persbericht (verwacht: {URL_EXAMPLE}).",
                index,
            )
        raise lines.error(
            f"De link '{url}' heeft niet de verwachte vorm (verwacht: {URL_EXAMPLE}).", index
        )
    return int(match["number"]), match["slug"], url


def _phone(lines: _Lines, index: int, value: str, label: str, owner: str) -> Phone:
    as_written = " ".join(value.split())
    try:
        e164 = normalise_phone(as_written)
    except ValueError:
        raise lines.error(
            f"Ongeldig telefoonnummer '{as_written}' bij {owner}.",
            index,
        ) from None
    number = phonenumbers.parse(e164)
    number_type = phonenumbers.number_type(number)
    if number_type == phonenumbers.PhoneNumberType.MOBILE:
        kind = MOBILE
    elif number_type == phonenumbers.PhoneNumberType.FIXED_LINE:
        kind = LANDLINE
    else:
        kind = MOBILE if label.casefold().startswith(("gsm", "mob")) else LANDLINE
    return Phone(kind=kind, as_written=as_written, e164=e164)


def _email(lines: _Lines, index: int, value: str, owner: str) -> str:
    value = value.strip()
    if not _EMAIL_RE.match(value):
        raise lines.error(f"Ongeldig e-mailadres '{value}' bij {owner}.", index)
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


def _is_detail_bullet(content: str) -> bool:
    return any(_classify(segment)[0] != "other" for segment in _segments(content))


def _is_name_only(content: str) -> bool:
    return "," not in content and bool(_NAME_RE.match(content))


def _bullet(line: str) -> str | None:
    match = _BULLET_RE.match(line)
    return match["content"].strip() if match else None


def _parse_contact(lines: _Lines, detail_index: int, name_index: int | None) -> ContactBlock:
    segments = _segments(_bullet(lines[detail_index]) or "")
    if name_index is not None:
        name = _bullet(lines[name_index]) or ""
    else:
        name = segments.pop(0)
        if not name or _classify(name)[0] != "other":
            raise lines.error(
                f"Perscontact zonder naam: '{_bullet(lines[detail_index])}'.", detail_index
            )
    owner = f"perscontact {name}"
    others: list[str] = []
    phones: list[Phone] = []
    email = ""
    for segment in segments:
        if not segment:
            continue
        kind, label, value = _classify(segment)
        if kind == "phone":
            phones.append(_phone(lines, detail_index, value, label, owner))
        elif kind == "email":
            if email:
                raise lines.error(f"Meer dan één e-mailadres bij {owner}.", detail_index)
            email = _email(lines, detail_index, value, owner)
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


def _parse_contacts(lines: _Lines, floor: int, stop: int) -> tuple[tuple[ContactBlock, ...], int]:
    """Read the contact bullets that end right before line ``stop``.

    Walks backwards from ``stop`` over bullets that carry a phone number or an
    e-mail address (joining a name-only bullet to the detail bullet after it)
    and returns the contacts in page order and the index of the first one.
    """
    contacts: list[ContactBlock] = []
    start = stop
    index = lines.previous_filled(stop, floor)
    while index is not None:
        content = _bullet(lines[index])
        if content is None:
            break
        if not _is_detail_bullet(content):
            if _is_name_only(content):
                raise lines.error(
                    f"Perscontact '{content}' zonder telefoonnummer of e-mailadres.", index
                )
            break
        previous = lines.previous_filled(index, floor)
        previous_content = _bullet(lines[previous]) if previous is not None else None
        if previous_content is not None and _is_name_only(previous_content):
            contacts.append(_parse_contact(lines, index, previous))
            start = previous
        else:
            contacts.append(_parse_contact(lines, index, None))
            start = index
        index = lines.previous_filled(start, floor)
    contacts.reverse()
    return tuple(contacts), start


def _parse_press_office(lines: _Lines, heading: int, stop: int) -> ContactBlock | None:
    name = ""
    name_index: int | None = None
    address: list[str] = []
    phones: list[Phone] = []
    email = ""
    owner = "de persdienst (Contacteer ons)"
    for index in range(heading + 1, stop):
        line = lines[index]
        if not line or _FILLER_RE.match(line):
            continue
        content = _bullet(line) or line
        kind, label, value = _classify(content)
        if kind == "phone":
            phones.append(_phone(lines, index, value, label, owner))
        elif kind == "email":
            if email:
                raise lines.error(f"Meer dan één e-mailadres bij {owner}.", index)
            email = _email(lines, index, value, owner)
        elif not name:
            name, name_index = content, index
        else:
            address.append(content)
    if name_index is None:
        if phones or email:
            raise lines.error("Het blok 'Contacteer ons' bevat geen naam.", heading)
        return None
    if _is_address_like(name):
        # The team line is missing: the address would become the press office's name
        # and rename the contact with that e-mail address.
        raise lines.error(
            f"Het blok 'Contacteer ons' begint met een adres ('{name}') in plaats van de "
            "naam van de persdienst: de regel met de naam ontbreekt.",
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


def _parse_related_news(lines: _Lines, start: int) -> tuple[RelatedNews, ...]:
    filled = [lines[index] for index in range(start, len(lines)) if lines[index]]
    items: dict[str, RelatedNews] = {}
    for position in range(0, len(filled), 2):
        title = filled[position]
        if position + 1 < len(filled):
            items.setdefault(title, RelatedNews(title=title, summary=filled[position + 1]))
            continue
        # The page text was cut off after a title: keep it only if it is new
        # (a truncated copy of a title seen before is not new either).
        if not any(seen.startswith(title) for seen in items):
            items[title] = RelatedNews(title=title, summary="")
    return tuple(items.values())


def _parse_tail(
    lines: _Lines, url_index: int, after: str | None
) -> tuple[tuple[str, ...], tuple[RelatedNews, ...]]:
    """Topics and related news, after the URL line."""
    has_topics_heading = after is not None
    news_start: int | None = None
    topic_lines: list[str] = []
    if after:
        after = after.strip()
        if after.casefold().startswith(_NEWS_HEADING):
            news_start = url_index + 1
            rest = after[len(_NEWS_HEADING) :].strip()
            if rest:
                raise lines.error(
                    f"Onverwachte tekst na 'Gerelateerd nieuws': '{rest}'.", url_index
                )
        elif after:
            topic_lines.append(after)
    index = url_index + 1
    while news_start is None and index < len(lines):
        line = lines[index]
        folded = line.casefold()
        if folded == _NEWS_HEADING:
            news_start = index + 1
        elif folded == _TOPICS_HEADING and not has_topics_heading:
            has_topics_heading = True
        elif line:
            if not has_topics_heading:
                raise lines.error(
                    f"Onverwachte tekst na de link: '{line}' (verwacht: 'Gerelateerde "
                    "onderwerpen' of 'Gerelateerd nieuws').",
                    index,
                )
            topic_lines.append(line)
        index += 1
    topics = tuple(dict.fromkeys(_bullet(line) or line for line in topic_lines))
    news = _parse_related_news(lines, news_start) if news_start is not None else ()
    return topics, news


def parse_release(text: str, *, source_name: str = DEFAULT_SOURCE_NAME) -> ParsedRelease:
    """Parse the page text of one press release."""
    lines = _Lines(text, source_name)
    if not any(lines.items):
        raise ParseError("De tekst is leeg.", source_name=source_name)

    url_index, url_match = _find_url(lines)
    number, slug, url = _number_and_slug(lines, url_index, url_match["url"])

    copy_index = lines.find(_COPY_LINK, 0, url_index)
    heading_index = lines.find(_CONTACT_HEADING, 0, url_index)
    footer = min(i for i in (url_index, copy_index, heading_index) if i is not None)

    press_office = None
    if heading_index is not None:
        stop = copy_index if copy_index is not None and copy_index > heading_index else url_index
        press_office = _parse_press_office(lines, heading_index, stop)

    contacts, body_end = _parse_contacts(lines, 0, footer)

    lead_index = next((i for i in range(body_end) if lines[i]), None)
    if lead_index is None:
        first = next(i for i, line in enumerate(lines.items) if line)
        raise lines.error(
            "Geen inleiding gevonden: de tekst moet beginnen met de inleidende alinea.", first
        )
    if _bullet(lines[lead_index]) is not None:
        raise lines.error(
            "Geen inleiding gevonden: de eerste regel is een opsomming, geen inleidende alinea.",
            lead_index,
        )

    body: list[str] = []
    quotes: list[Quote] = []
    for index in range(lead_index + 1, body_end):
        paragraph = lines[index]
        if not paragraph:
            continue
        quote = split_quote(paragraph)
        if quote is not None:
            quote_text, speaker, function = quote
            quotes.append(Quote(quote_text, speaker, function, paragraph=len(body)))
            paragraph = quote_text
        body.append(paragraph)

    topics, related_news = _parse_tail(lines, url_index, url_match["after"])
    warnings = []
    if url_match["after"] is None and not any(lines.items[url_index + 1 :]):
        # On the press room's page the address is glued to "Gerelateerde onderwerpen":
        # a text that ends with the address may have been cut off in the middle of it.
        warnings.append(
            f"De tekst eindigt met het adres '{url}', zonder 'Gerelateerde onderwerpen' "
            "erna: de tekst is mogelijk afgebroken en het adres onvolledig. Kopieer de "
            "hele pagina opnieuw."
        )

    return ParsedRelease(
        source_name=source_name,
        number=number,
        slug=slug,
        url=url,
        lead=lines[lead_index],
        body=tuple(body),
        quotes=tuple(quotes),
        contacts=contacts,
        press_office=press_office,
        topics=topics,
        related_news=related_news,
        warnings=tuple(warnings),
    )


def parse_file(path: str | Path) -> ParsedRelease:
    """Read a UTF-8 text file (a byte order mark is tolerated) and parse it."""
    path = Path(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ParseError(
            "Het bestand is geen geldige UTF-8-tekst.", source_name=path.name, line=line
        ) from None
    return parse_release(text, source_name=path.name)
