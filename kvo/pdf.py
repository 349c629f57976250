"""PDF reports through WeasyPrint, reading static files and stored media only.

    pdf_bytes = render_pdf("pdf/schouwrapport.html", context)

Templates under templates/pdf/ refer to static files with `{% get_static_prefix %}css/x.css`
(not `{% static %}`: in production its hashed names need collectstatic's manifest, which a worker
or `load_demo` before collectstatic does not have) and to private media (photos) with
`{{ foto.miniatuur|pdf_src }}` ({% load kvo_pdf %}): a MEDIA_URL path to the stored name,
whatever the storage. The URL fetcher serves exactly those two (static files from disk, media
through the storage API: the local folder or the S3 bucket alike), plus inline `data:` URLs;
every other URL (http, https, file, …) is refused, so a report never makes a network request of
its own and a crafted URL cannot read files outside static files and media.

Call this from a Celery task and store the bytes (see style.md): never render a PDF in a request.
"""

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousOperation
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative URLs in the HTML resolve against this fake origin; the fetcher maps it back.
BASE_URL = "https://kvo.invalid/"


class BlockedURL(ValueError):
    pass


def media_src(field_file: FieldFile) -> str:
    """The URL by which a PDF template refers to a stored file (see StorageURLFetcher)."""
    return settings.MEDIA_URL + quote(field_file.name or "")


def _inside(root: str | Path, relative: str | Path) -> Path | None:
    root = Path(root).resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


def _local_path(url_path: str) -> Path | None:
    """The static file on disk that a STATIC_URL path stands for, or None."""
    relative = url_path[len(settings.STATIC_URL):]
    try:
        found = finders.find(relative)
    except SuspiciousOperation:
        return None
    if found:
        return _inside(Path(found).parent, Path(found).name)
    return _inside(settings.STATIC_ROOT, relative)


def _url_path(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("", "https") or parts.netloc not in ("", urlsplit(BASE_URL).netloc):
        return None
    path = unquote(parts.path)
    if ".." in path.split("/") or "\\" in path:
        return None
    return path


def read_url(url: str) -> tuple[bytes, str] | None:
    """(bytes, file name) of the static file or stored media that `url` stands for, or None."""
    path = _url_path(url)
    if path is None:
        return None
    if path.startswith(settings.STATIC_URL):
        found = _local_path(path)
        return (found.read_bytes(), found.name) if found else None
    if path.startswith(settings.MEDIA_URL):
        name = path[len(settings.MEDIA_URL):]
        try:
            with default_storage.open(name, "rb") as handle:
                return handle.read(), name
        except (FileNotFoundError, SuspiciousOperation):
            return None
    return None


class StorageURLFetcher(URLFetcher):
    """WeasyPrint URL fetcher that reads static files and stored media and nothing else.

    A refused URL raises BlockedURL; WeasyPrint logs it and leaves the resource out.
    """

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        found = read_url(url)
        if found is None:
            raise BlockedURL(f"PDF: URL blocked (only static files and media): {url[:200]}")
        content, name = found
        mime_type, _encoding = mimetypes.guess_type(name)
        return URLFetcherResponse(
            url, content, {"Content-Type": mime_type or "application/octet-stream"}
        )


def render_html(template_name: str, context: dict[str, Any], *, language: str = "nl") -> str:
    with translation.override(language):
        return render_to_string(template_name, context)


# Reports go into public bodies' archives and are read with screen readers: PDF/A-2a (archival,
# with the "accessible" conformance level: tagged structure, Unicode text). The document language
# comes from the template's <html lang>, the title from its <title>.
PDF_VARIANT = "pdf/a-2a"


def html_to_pdf(html: str) -> bytes:
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StorageURLFetcher()).write_pdf(
        pdf_variant=PDF_VARIANT, pdf_tags=True
    )


def render_pdf(template_name: str, context: dict[str, Any], *, language: str = "nl") -> bytes:
    """Render `template_name` with `context` and return the PDF bytes."""
    return html_to_pdf(render_html(template_name, context, language=language))
