"""HTML pages as PDF, through WeasyPrint, with no request leaving the machine.

WeasyPrint fetches a page's stylesheets, fonts and images itself. `StaticFilesFetcher`
answers those under STATIC_URL from the static files (the finders in development, the
collected STATIC_ROOT in production) and refuses every other address: a PDF is made from
the project's own files only, never from the network.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Python's table lacks the web fonts on some systems.
mimetypes.add_type("font/woff2", ".woff2")


def static_file(url: str) -> Path | None:
    """The file behind a static URL (`/static/css/x.css`, on this host), or None."""
    parts = urlsplit(url)
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if parts.scheme not in ("http", "https") or not parts.path.startswith(prefix):
        return None
    name = unquote(parts.path.removeprefix(prefix))
    if not name or ".." in Path(name).parts:
        return None
    found = finders.find(name)
    if found:
        return Path(found)
    if settings.STATIC_ROOT and staticfiles_storage.exists(name):
        return Path(staticfiles_storage.path(name))
    return None


class StaticFilesFetcher(URLFetcher):
    """Serves WeasyPrint the static files of this project; any other URL is refused."""

    def __init__(self, host: str):
        super().__init__()
        self.host = host

    def fetch(self, url, headers=None):
        path = static_file(url) if urlsplit(url).netloc == self.host else None
        if path is None:
            raise ValueError(f"Only this site's static files are fetched, not {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def render_pdf(html: str, base_url: str) -> bytes:
    """The PDF of `html`, whose relative links resolve against `base_url` (this site)."""
    fetcher = StaticFilesFetcher(urlsplit(base_url).netloc)
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return document.write_pdf(font_config=FontConfiguration())
