"""PDF reports through WeasyPrint, reading local files only.

    pdf_bytes = render_pdf("pdf/schouwrapport.html", context)

Templates under templates/pdf/ refer to static files with `{% get_static_prefix %}css/x.css`
(not `{% static %}`: in production its hashed names need collectstatic's manifest, which a worker
or `load_demo` before collectstatic does not have) and to private media (photos) with the file
field's `.url` (MEDIA_URL paths). The URL fetcher serves exactly those two from disk, plus
inline `data:` URLs; every other URL (http, https, file, …) is refused, so a report never makes
a network request and a crafted URL cannot read files outside static/media.

Call this from a Celery task and store the bytes (see style.md): never render a PDF in a request.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative URLs in the HTML resolve against this fake origin; the fetcher maps it back to disk.
BASE_URL = "https://kvo.invalid/"


class BlockedURL(ValueError):
    pass


def _inside(root, relative):
    root = Path(root).resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


def local_path(url):
    """The file on disk that `url` (a STATIC_URL or MEDIA_URL path) stands for, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("", "https") or parts.netloc not in ("", urlsplit(BASE_URL).netloc):
        return None
    path = unquote(parts.path)
    if ".." in path.split("/") or "\\" in path:
        return None
    if path.startswith(settings.STATIC_URL):
        relative = path[len(settings.STATIC_URL):]
        try:
            found = finders.find(relative)
        except SuspiciousFileOperation:
            return None
        if found:
            return _inside(Path(found).parent, Path(found).name)
        return _inside(settings.STATIC_ROOT, relative)
    if path.startswith(settings.MEDIA_URL):
        return _inside(settings.MEDIA_ROOT, path[len(settings.MEDIA_URL):])
    return None


class LocalURLFetcher(URLFetcher):
    """WeasyPrint URL fetcher that reads static and media files from disk and nothing else.

    A refused URL raises BlockedURL; WeasyPrint logs it and leaves the resource out.
    """

    def __init__(self):
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = local_path(url)
        if path is None:
            raise BlockedURL(f"PDF: URL blocked (only local static/media files): {url[:200]}")
        mime_type, _encoding = mimetypes.guess_type(path.name)
        return URLFetcherResponse(
            url, path.read_bytes(), {"Content-Type": mime_type or "application/octet-stream"}
        )


def render_html(template_name, context, *, language="nl"):
    with translation.override(language):
        return render_to_string(template_name, context)


def html_to_pdf(html):
    return HTML(string=html, base_url=BASE_URL, url_fetcher=LocalURLFetcher()).write_pdf()


def render_pdf(template_name, context, *, language="nl"):
    """Render `template_name` with `context` and return the PDF bytes."""
    return html_to_pdf(render_html(template_name, context, language=language))
