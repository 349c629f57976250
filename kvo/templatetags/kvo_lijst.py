"""Sortable column heads for the lists of kvo/lists.py."""

from django import template
from django.template.context import Context
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from kvo.lists import PAGE_PARAM, SORT_PARAM

register = template.Library()


@register.simple_tag(takes_context=True)
def sorteerkop(context: Context, key: str, label: str, scope: str = "col") -> SafeString:
    """A `<th>` whose link sorts the list by `key` (again: the other way round), keeping the
    filters and starting at the first page; `aria-sort` on the column in force."""
    request = context["request"]
    huidige = context.get("sortering", "")
    oplopend = huidige == key
    aflopend = huidige == f"-{key}"
    params = request.GET.copy()
    params.pop(context.get("page_param", PAGE_PARAM), None)
    params[SORT_PARAM] = f"-{key}" if oplopend else key
    if oplopend:
        aria, teken, uitleg = "ascending", "▲", _("oplopend gesorteerd")
    elif aflopend:
        aria, teken, uitleg = "descending", "▼", _("aflopend gesorteerd")
    else:
        return format_html('<th scope="{}"><a href="?{}">{}</a></th>', scope,
                           params.urlencode(), label)
    return format_html(
        '<th scope="{}" aria-sort="{}"><a href="?{}">{} <span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">({})</span></a></th>',
        scope, aria, params.urlencode(), label, teken, uitleg,
    )
