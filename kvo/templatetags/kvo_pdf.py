from django import template
from django.db.models.fields.files import FieldFile

from kvo.pdf import media_src

register = template.Library()


@register.filter
def pdf_src(field_file: FieldFile | None) -> str:
    """`<img src="{{ foto.miniatuur|pdf_src }}">` in a PDF template: the stored file, read
    through the storage API by kvo.pdf's URL fetcher."""
    return media_src(field_file) if field_file else ""
