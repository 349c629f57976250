"""The main menu and the one page header of every page (see kvo/navigation.py)."""

import logging
from typing import Any

from django import template
from django.conf import settings
from django.db import DatabaseError
from django.shortcuts import resolve_url
from django.template.base import FilterExpression, NodeList, Parser, Token, token_kwargs
from django.template.context import Context
from django.utils.safestring import SafeString

from kvo import navigation
from kvo.navigation import hoofdmenu as menu

register = template.Library()
logger = logging.getLogger(__name__)


@register.simple_tag
def startpagina() -> str:
    """The page a signed-in user starts on (LOGIN_REDIRECT_URL): the brand link and the way
    back from error pages, without the shared templates naming an app's URL."""
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@register.inclusion_tag("includes/hoofdmenu.html", takes_context=True)
def hoofdmenu(context: Context) -> dict[str, Any]:
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    huidige = menu.huidige(match.view_name) if match else None
    return {"items": list(menu), "huidige": huidige, "user": context.get("user")}


@register.inclusion_tag("includes/meldingenbel.html", takes_context=True)
def meldingenbel(context: Context) -> dict[str, Any]:
    """The bell in the header: unread notifications since the last visit (see
    kvo/navigation.py)."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return {}
    try:
        antwoord = navigation.meldingen(user)
    except DatabaseError:  # a count must never break the page (e.g. an error page)
        logger.warning("Meldingenbel: aantal niet te lezen", exc_info=True)
        return {}
    if antwoord is None:
        return {}
    aantal, url = antwoord
    return {"aantal": aantal, "url": url}


class PaginakopNode(template.Node):
    def __init__(self, titel: FilterExpression, ouders: list[FilterExpression],
                 opties: dict[str, FilterExpression], acties: NodeList) -> None:
        self.titel, self.ouders, self.opties, self.acties = titel, ouders, opties, acties

    def render(self, context: Context) -> SafeString:
        ouders = [ouder.resolve(context) for ouder in self.ouders]
        plek = navigation.plek_voor(context.get("request"), context, ouders)
        acties = self.acties.render(context)  # safe markup; empty when only whitespace
        opties = {naam: waarde.resolve(context) for naam, waarde in self.opties.items()}
        assert context.template is not None
        kop = context.template.engine.get_template("includes/paginakop.html")
        return kop.render(context.new({
            "titel": self.titel.resolve(context),
            "kruimels": plek.kruimels,
            "navigatie_template": plek.navigatie_template,
            "navigatie": plek.navigatie,
            "acties": acties if acties.strip() else "",
            **opties,
        }))


PAGINAKOP_OPTIES = {"ondertitel"}


@register.tag
def paginakop(parser: Parser, token: Token) -> PaginakopNode:
    """`{% paginakop titel [ouder …] [ondertitel=…] %}actions{% endpaginakop %}`: breadcrumbs,
    the navigation of the page's part of the app, the h1 and the page's actions (the tag's
    content: buttons, links, small forms).

    Each `ouder` is a crumb between the page's place and the page itself: an object with
    get_absolute_url() (a schouw above its finding) or the URL name of a main-menu page
    ("trajects:organisaties")."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("paginakop needs a title")
    titel = parser.compile_filter(bits[1])
    ouders, rest = [], bits[2:]
    while rest and "=" not in rest[0]:
        ouders.append(parser.compile_filter(rest.pop(0)))
    opties = token_kwargs(rest, parser)
    if rest or set(opties) - PAGINAKOP_OPTIES:
        raise template.TemplateSyntaxError(
            f"paginakop takes a title, parents and {', '.join(sorted(PAGINAKOP_OPTIES))}=")
    acties = parser.parse(("endpaginakop",))
    parser.delete_first_token()
    return PaginakopNode(titel, ouders, opties, acties)
