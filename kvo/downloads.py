"""Responses that hand a private file (an upload, a photo, a generated PDF or export) to a browser.

Every file leaves the app through one of these two functions, so every download carries the same
headers:

- `Content-Disposition`: attachment (save it) or inline (show it: photos);
- `X-Content-Type-Options: nosniff`: the browser keeps to our content type;
- `Cache-Control: private, no-store`: no copy stays behind in a shared or browser cache, so a
  member whose access ended cannot open it from there;
- inline files also get `Content-Security-Policy: default-src 'none'; sandbox`: a file opened
  on its own runs nothing and loads nothing, whatever it contains.

The view checks access first (kvo.access); these only build the response.
"""

from typing import TypeVar

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header

INLINE_CSP = "default-src 'none'; sandbox"

Response = TypeVar("Response", bound=HttpResponseBase)


def file_response(
    field_file: FieldFile, *, content_type: str, filename: str = "", inline: bool = False
) -> FileResponse:
    """Stream a stored file; 404 when the file is missing from the storage."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=not inline, content_type=content_type,
        filename=filename or (field_file.name or "").rsplit("/", 1)[-1],
    )
    return _private(response, inline=inline)


def content_response(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    """Send bytes made for this request (an export) as a download."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    return _private(response, inline=False)


def _private(response: Response, *, inline: bool) -> Response:
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if inline:
        response["Content-Security-Policy"] = INLINE_CSP
    return response
