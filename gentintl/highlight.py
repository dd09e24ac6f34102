"""The words of a search marked in a text, accents and case ignored as the search ignores
them: "liege" marks "Liège". The text is escaped; only the <mark> elements are markup."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from gentintl.search import normalise

# Characters around the first match that a fragment keeps.
BEFORE, AFTER = 60, 140


def terms(query: str) -> list[str]:
    """The words of a search as the search box reads them (quotes and a leading minus are
    syntax), normalised, longest first so that a longer word wins an overlap."""
    words = {normalise(w.strip("\"'")) for w in query.split() if not w.startswith("-")}
    return sorted((w for w in words if w), key=len, reverse=True)


# A character that `normalise` may change otherwise than by lower case.
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def folded(text: str) -> tuple[str, list[int]]:
    """`text` normalised character by character, and for each character of the result
    the index in `text` it comes from ("ß" gives two, a combining accent none). Runs of
    ASCII, nearly all of a text, are only put in lower case: a press release's body is
    thousands of characters, and normalising each one alone cost more than the search's
    query."""
    pieces, origin, at = [], [], 0
    for match in _NOT_ASCII.finditer(text):
        index = match.start()
        pieces.append(text[at:index].lower())
        origin.extend(range(at, index))
        plain = normalise(match.group())
        pieces.append(plain)
        origin.extend([index] * len(plain))
        at = index + 1
    pieces.append(text[at:].lower())
    origin.extend(range(at, len(text)))
    return "".join(pieces), origin


def spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where the words occur in `text`, as (start, end) in `text` itself, merged."""
    folded_text, origin = folded(text)
    found = []
    for word in words:
        for match in re.finditer(re.escape(word), folded_text):
            found.append((origin[match.start()], origin[match.end() - 1] + 1))
    merged = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def marked(text: str, words: list[str], found=None) -> SafeString:
    """`text`, escaped, with each occurrence of the words in <mark>."""
    found = spans(text, words) if found is None else found
    out, at = [], 0
    for start, end in found:
        out += [escape(text[at:start]), "<mark>", escape(text[start:end]), "</mark>"]
        at = end
    out.append(escape(text[at:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece of text is escaped above


def fragment(text: str, words: list[str]) -> SafeString | None:
    """The part of `text` around the first occurrence of the words, marked; None when
    none occurs in it."""
    found = spans(text, words)
    if not found:
        return None
    first = found[0][0]
    start = max(0, first - BEFORE)
    end = min(len(text), first + AFTER)
    # Cut at spaces, so that no word is shown in part.
    if start > 0:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", found[0][1], end)
        end = space if space != -1 else end
    inside = [(s - start, e - start) for s, e in found if s >= start and e <= end]
    shown = marked(text[start:end], words, inside)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(escape(prefix) + shown + escape(suffix))  # noqa: S308 - escaped
