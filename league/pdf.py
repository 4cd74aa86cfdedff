"""The one WeasyPrint wrapper: every PDF of the portal goes through render_pdf.

WeasyPrint would otherwise fetch whatever a template (or text in it) points at: files on
the server (`file:`) and any address on the network. Our fetcher refuses all of that. A
PDF may load only our own static files, addressed relative to a base URL that is not the
repository (`STATIC_BASE` below), and inline `data:` images; fonts come from the system's
fontconfig (DejaVu Sans) and are embedded in the file.

Every PDF is PDF/A-3a (`PDF_VARIANT`): tagged (a structure tree a screen reader follows,
in reading order), fonts embedded, an sRGB output intent, and XMP metadata. WeasyPrint
takes the title from `<title>`, the author from `<meta name="author">`, the creator from
`<meta name="generator">` and the language from `<html lang>`: `pdf/base.html` sets all
four. PDF/A-3a rather than PDF/UA-1: an issued report is kept for years (an archive's
format), and the "a" level already demands the tags and the language.
"""

import mimetypes
from importlib import resources

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from league.domain import DomainError

# A name no DNS resolves: relative URLs in PDF templates land here, never on disk.
BASE_URL = "https://pdf.invalid/"
STATIC_BASE = BASE_URL + "static/"
PDF_VARIANT = "pdf/a-3a"
OUTPUT_INTENT = "league-srgb"


class ResourceRefused(DomainError):
    """A PDF template asked for a resource outside our static files."""


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LockedFetcher(URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols=("https", "data"), fail_on_errors=True)

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if not url.startswith(STATIC_BASE):
                raise ResourceRefused(f"PDF resource refused: {url[:200]}")
            relative = url.removeprefix(STATIC_BASE).split("?")[0].split("#")[0]
            if not relative or ".." in relative.split("/"):
                raise ResourceRefused(f"PDF resource refused: {url[:200]}")
            path = finders.find(relative)
            if not path:
                raise ResourceRefused(f"No such static file: {relative}")
            content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            with open(path, "rb") as file:
                body = file.read()
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    return LockedFetcher


def url_fetcher():
    """A fetcher that serves only our static files and `data:` URLs; anything else
    (`file:`, `http:`, other hosts) stops the rendering with an error."""
    return _fetcher_class()()


def render_html_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint takes over a second to import, and most requests never need it.
    from weasyprint import HTML
    from weasyprint.css import ColorProfile

    document = HTML(string=html, base_url=STATIC_BASE, url_fetcher=url_fetcher())
    # PDF/A's output intent: WeasyPrint's own sRGB profile, opened and closed here (left to
    # WeasyPrint, the file stays open until the garbage collector finds it).
    with (resources.files("weasyprint.pdf") / "sRGB2014.icc").open("rb") as icc:
        profile = ColorProfile(icc, "sRGB2014.icc", "relative-colorimetric", (["r"], ["g"], ["b"]))
    return document.write_pdf(
        pdf_variant=PDF_VARIANT,
        output_intent=OUTPUT_INTENT,
        color_profiles={OUTPUT_INTENT: profile},
    )


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    """Render a template that extends `pdf/base.html` into PDF bytes (A4, fonts embedded).
    Relative URLs in the template resolve to our static files, nothing else."""
    return render_html_pdf(render_to_string(template_name, context, request=request))
