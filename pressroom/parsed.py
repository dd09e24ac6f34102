"""What a parsed press release is: its parts as data classes, the error a page that
cannot be read raises, and the page's lines with their numbers (for that error)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext

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


def default_source_name() -> str:
    """What an error calls a text that comes from no file (in the active language)."""
    return gettext("pasted text")


def url_example() -> str:
    """The shape of a release's address, for the errors about it."""
    # Translators: the press room's address with its two parts as placeholders in <>.
    return gettext("https://persruimte.stad.gent/<number>-<slug>")


class ParseError(ValueError):
    """A press release that cannot be read.

    The message is translated when the error is raised (in the active language) and
    is prefixed with the source's name and the line in that same language.
    """

    def __init__(self, message: str, *, source_name: str, line: int | None = None) -> None:
        self.message = message
        self.source_name = source_name
        self.line = line
        if line is None:
            self._text = f"{source_name}: {message}"
        else:
            self._text = gettext("%(source)s, line %(line)s: %(message)s") % {
                "source": source_name,
                "line": line,
                "message": message,
            }
        super().__init__(self._text)

    def __str__(self) -> str:
        return self._text


class Lines:
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
