"""`{% adres_zoeken schouw %}`: the address search of the capture and edit pages of a finding
(PDOK, schouwen.views.adressen), or nothing when PDOK_LOCATIESERVER_URL is empty."""

from django import template

from kvo import pdok

register = template.Library()


@register.inclusion_tag("schouwen/_adres_zoeken.html")
def adres_zoeken(schouw):
    return {"schouw": schouw, "actief": pdok.actief()}
