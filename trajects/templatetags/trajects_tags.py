from django import template
from django.urls import reverse

from trajects.navigation import tabs

register = template.Library()


@register.inclusion_tag("includes/traject_tabs.html", takes_context=True)
def traject_tabs(context, traject):
    path = context["request"].path
    items = []
    for tab in tabs():
        url = reverse(tab.url_name, args=[traject.pk])
        items.append({"label": tab.label, "url": url, "actief": path == url})
    return {"items": items}
