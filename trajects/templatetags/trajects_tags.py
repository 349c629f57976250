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


@register.inclusion_tag("includes/waarschuwingen.html")
def waarschuwingen(trajecten):
    """The standing warnings (trajects/meldingen.py) of one trajectory or of a list of them,
    as banners; with a list, each names its trajectory."""
    from trajects.meldingen import waarschuwingen_voor

    lijst = [trajecten] if hasattr(trajecten, "pk") else list(trajecten)
    per_traject = waarschuwingen_voor(traject.pk for traject in lijst)
    return {"banners": [
        waarschuwing for traject in lijst for waarschuwing in per_traject.get(traject.pk, [])
    ]}


@register.inclusion_tag("includes/gereedheidsbalk.html")
def gereedheidsbalk(gereedheid, uitgebreid=False):
    """Readiness as a bar with one segment per requirement, grouped by section, and the count
    per group: `{% gereedheidsbalk gereedheid %}` (a `trajects.readiness.Gereedheid`);
    `uitgebreid=True` shows the groups as a list instead of behind "Per onderdeel"."""
    return {"g": gereedheid, "uitgebreid": uitgebreid}
