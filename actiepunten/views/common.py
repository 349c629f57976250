"""What the action-plan page groups share."""

from kvo.downloads import file_response
from kvo.photos import rendition


def _foto_response(foto, maat):
    return file_response(rendition(foto, maat), content_type="image/jpeg", inline=True)
