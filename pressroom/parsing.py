"""Parse press releases scraped from the city's press room (persruimte.stad.gent).

Plain Python (standard library, ``phonenumbers`` and ``partnerships.phones``) apart
from Django's ``gettext`` for its messages, so the parser can be tested on its own, and
reused by the seed loader and by the page where staff paste the text of a release.

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

Only the URL (which carries the release number) and the lead are required. What a parsed
release is lives in `pressroom.parsed`; the contact bullets and the press office (step 2
and 3) are read by `pressroom.contact_parsing`.
Errors are raised as :class:`ParseError` with a message naming the line, translated into
the active language when it is raised (English msgids, Dutch in the app).
"""

from __future__ import annotations

import re
from pathlib import Path

from django.utils.translation import gettext

from pressroom.contact_parsing import NAME, bullet, parse_contacts, parse_press_office
from pressroom.parsed import (
    ContactBlock,
    Lines,
    ParsedRelease,
    ParseError,
    Phone,
    Quote,
    RelatedNews,
    default_source_name,
    url_example,
)

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

# --------------------------------------------------------------------------- #
# Small public helpers
# --------------------------------------------------------------------------- #


def slug_to_words(slug: str) -> str:
    """Turn a slug into words, e.g. for suggesting a title.

    "stad-gent-herorienteert-banden" -> "stad gent herorienteert banden".
    """
    return " ".join(part for part in slug.strip().split("-") if part)


_QUOTE_RE = re.compile(
    rf"""^(?P<text>.*\S[.!?…]['"”’»)]*)   # quote text, ending a sentence
    (?P<speaker>{NAME}),[ ]+             # glued attribution: the speaker's name
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

_URL_LINE_RE = re.compile(
    r"^(?:Kopieer link\s*)?(?P<url>https?://(?:www\.)?persruimte\.stad\.gent/\S*?)"
    r"(?:Gerelateerde onderwerpen(?P<after>.*))?$"
)
_URL_PATH_RE = re.compile(r"^(?P<number>\d+)-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)$")
_CONTACT_HEADING = "contacteer ons"
_COPY_LINK = "kopieer link"
_TOPICS_HEADING = "gerelateerde onderwerpen"
_NEWS_HEADING = "gerelateerd nieuws"


def _find_url(lines: Lines) -> tuple[int, re.Match[str]]:
    found: tuple[int, re.Match[str]] | None = None
    for index, line in enumerate(lines.items):
        match = _URL_LINE_RE.match(line)
        if match is None:
            continue
        if found is not None and found[1]["url"].rstrip("/") != match["url"].rstrip("/"):
            raise lines.error(
                gettext(
                    "More than one link to the press room found ('%(first)s' on line "
                    "%(line)s and '%(second)s')."
                )
                % {"first": found[1]["url"], "line": found[0] + 1, "second": match["url"]},
                index,
            )
        if found is None:
            found = (index, match)
    if found is None:
        raise lines.error(
            gettext("No link to the press room found (expected: %(example)s).")
            % {"example": url_example()}
        )
    return found


def _number_and_slug(lines: Lines, index: int, url: str) -> tuple[int, str, str]:
    url = re.split(r"[?#]", url, maxsplit=1)[0].rstrip("/")
    path = url.split("persruimte.stad.gent/", 1)[1]
    match = _URL_PATH_RE.match(path)
    if match is None:
        if not re.match(r"^\d+", path):
            raise lines.error(
                gettext("The link '%(url)s' holds no press release number (expected: %(example)s).")
                % {"url": url, "example": url_example()},
                index,
            )
        raise lines.error(
            gettext("The link '%(url)s' does not have the expected form (expected: %(example)s).")
            % {"url": url, "example": url_example()},
            index,
        )
    return int(match["number"]), match["slug"], url


def _parse_related_news(lines: Lines, start: int) -> tuple[RelatedNews, ...]:
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
    lines: Lines, url_index: int, after: str | None
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
                    # Translators: 'Gerelateerd nieuws' is a heading of the press room's
                    # (Dutch) page: keep it as it stands there.
                    gettext("Unexpected text after 'Gerelateerd nieuws': '%(text)s'.")
                    % {"text": rest},
                    url_index,
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
                    # Translators: 'Gerelateerde onderwerpen' and 'Gerelateerd nieuws' are
                    # headings of the press room's (Dutch) page: keep them as they stand.
                    gettext(
                        "Unexpected text after the link: '%(text)s' (expected: 'Gerelateerde "
                        "onderwerpen' or 'Gerelateerd nieuws')."
                    )
                    % {"text": line},
                    index,
                )
            topic_lines.append(line)
        index += 1
    topics = tuple(dict.fromkeys(bullet(line) or line for line in topic_lines))
    news = _parse_related_news(lines, news_start) if news_start is not None else ()
    return topics, news


def parse_release(text: str, *, source_name: str | None = None) -> ParsedRelease:
    """Parse the page text of one press release; `source_name` (default: "pasted text",
    translated) names it in the errors."""
    if source_name is None:
        source_name = default_source_name()
    lines = Lines(text, source_name)
    if not any(lines.items):
        raise ParseError(gettext("The text is empty."), source_name=source_name)

    url_index, url_match = _find_url(lines)
    number, slug, url = _number_and_slug(lines, url_index, url_match["url"])

    copy_index = lines.find(_COPY_LINK, 0, url_index)
    heading_index = lines.find(_CONTACT_HEADING, 0, url_index)
    footer = min(i for i in (url_index, copy_index, heading_index) if i is not None)

    press_office = None
    if heading_index is not None:
        stop = copy_index if copy_index is not None and copy_index > heading_index else url_index
        press_office = parse_press_office(lines, heading_index, stop)

    contacts, body_end = parse_contacts(lines, 0, footer)

    lead_index = next((i for i in range(body_end) if lines[i]), None)
    if lead_index is None:
        first = next(i for i, line in enumerate(lines.items) if line)
        raise lines.error(
            gettext("No lead found: the text must start with the lead paragraph."), first
        )
    if bullet(lines[lead_index]) is not None:
        raise lines.error(
            gettext("No lead found: the first line is a bullet, not a lead paragraph."),
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
            # Translators: 'Gerelateerde onderwerpen' is a heading of the press room's
            # (Dutch) page: keep it as it stands there.
            gettext(
                "The text ends with the address '%(url)s', without 'Gerelateerde "
                "onderwerpen' after it: the text may have been cut off and the address "
                "may be incomplete. Copy the whole page again."
            )
            % {"url": url}
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
            gettext("The file is not valid UTF-8 text."), source_name=path.name, line=line
        ) from None
    return parse_release(text, source_name=path.name)
