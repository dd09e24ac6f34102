"""The site-wide search as its page shows it: a group per kind of record, each result
with its title and a fragment marked (gentintl.highlight), a line of detail and the link
to its page. The query itself is gentintl.site_search."""

import dataclasses
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext

from gentintl import highlight, site_search
from gentintl.site_search import KINDS, MAX_LENGTH, Kind, find
from partnerships.models import City, Partnership
from pressroom.models import PressRelease, Quote


@dataclasses.dataclass
class Hit:
    """One result as the page lists it."""

    title: str  # marked (SafeString)
    url: str
    detail: str = ""
    fragment: str = ""  # marked (SafeString)


@dataclasses.dataclass
class Group:
    """The results of one kind: its best few and how many there are."""

    key: str
    label: str
    total: int  # site_search.MOST + 1 when there are more
    hits: list[Hit]
    list_url: str = ""

    @property
    def count_display(self) -> str:
        """The count as a person reads it: "12", "1.000", "more than 1.000"."""
        if self.total > site_search.MOST:
            limit = number_format(site_search.MOST, force_grouping=True)
            return gettext("more than %(count)s") % {"count": limit}
        return number_format(self.total, force_grouping=True)


def note_text(kind: Kind, value: str) -> str:
    """A choice's label (a kind, a country) instead of its stored value."""
    name = kind.show.get("note")
    field = kind.model._meta.get_field(name) if name and "__" not in name else None
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return value or ""


def admin_url(user, model, pk) -> str:
    """The record's admin page, for staff who may open it there (view or change)."""
    opts = model._meta
    perms = (f"{opts.app_label}.{code}_{opts.model_name}" for code in ("view", "change"))
    if user.is_staff and any(user.has_perm(perm) for perm in perms):
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])
    return ""


def hit_url(kind: Kind, row: dict, user) -> str:
    """The page of the record: its detail page; a quote's press release; a city's
    partnership, or else its admin page (cities have no page of their own)."""
    if kind.model is City:
        if row["hit_ref"] and user.has_perm("partnerships.view_partnership"):
            return reverse("partnerships:partnership_detail", args=[row["hit_ref"]])
        return admin_url(user, City, row["hit_id"])
    if kind.model in (PressRelease, Quote):
        url = reverse("pressroom:pressrelease_detail", args=[row["hit_ref"], row["hit_ref2"]])
        return f"{url}#quote-{row['hit_id']}" if kind.model is Quote else url
    opts = kind.model._meta
    return reverse(f"{opts.app_label}:{opts.model_name}_detail", args=[row["hit_id"]])


def hit_detail(kind: Kind, row: dict) -> str:
    """The short line under a result's title: its kind, city, programme..."""
    parts = [note_text(kind, row["hit_note"])]
    if kind.model not in (City, Partnership, PressRelease, Quote):
        parts.append(row["hit_ref2"])
    if kind.model is PressRelease:
        parts.append(gettext("press release %(number)s") % {"number": row["hit_ref"]})
    return " · ".join(p for p in parts if p)


def list_url(kind: Kind, query: str) -> str:
    """The kind's own list, searching the same text, when it has one."""
    if kind.model in (City, Quote):
        return ""
    opts = kind.model._meta
    return f"{reverse(f'{opts.app_label}:{opts.model_name}_list')}?{urlencode({'q': query})}"


def results(query: str, user) -> list[Group]:
    """The search's answer as the page shows it: a group per kind with matches."""
    query = query.strip()[:MAX_LENGTH]
    words = highlight.terms(query)
    groups = []
    by_key = {kind.key: kind for kind in KINDS}
    for key, rows in find(query, user).items():
        kind = by_key[key]
        hits = []
        for row in rows:
            texts = [row["hit_text"] or "", row["hit_more"] or ""]
            shown = next((f for f in map(lambda t: highlight.fragment(t, words), texts) if f), "")
            if not shown and texts[0]:
                shown = Truncator(texts[0]).chars(highlight.BEFORE + highlight.AFTER)
            title = row["hit_title"] or ""
            if kind.model in (City, Partnership) and row["hit_ref2"] not in ("", title):
                title = f"{title} ({row['hit_ref2']})"  # the local name: Luik (Liège)
            hits.append(
                Hit(
                    title=highlight.marked(title, words),
                    url=hit_url(kind, row, user),
                    detail=hit_detail(kind, row),
                    fragment=shown,
                )
            )
        groups.append(
            Group(
                key=key,
                label=capfirst(kind.model._meta.verbose_name_plural),
                total=rows[0]["hit_total"],
                hits=hits,
                list_url=list_url(kind, query),
            )
        )
    return groups
