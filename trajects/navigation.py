"""The navigation of a trajectory's pages: a few sections (Overzicht, Werkgroep, Analyse, Plan,
Audit), each with its own pages (tabs). The current section is always shown: as tabs with the
section's pages under them on a wide screen, as a menu on a phone
(templates/includes/traject_nav.html).

Higher apps add their pages in AppConfig.ready():

    register_tab(_("Schouwen"), "schouwen:lijst", 10, sectie=ANALYSE, ook=("schouwen:*",))

The URL takes the trajectory's pk as its only argument. `ook` names the other pages (URL names,
`*` as wildcard) on which this tab is the current one, so a schouw's own page keeps "Schouwen"
and "Analyse" marked. A section's link goes to its first tab; a section without tabs is left
out. A new section: `register_sectie(code, label, order)`.
"""

import functools
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext_lazy as _

from kvo.navigation import Kruimel, Plek, hoofdmenu
from kvo.registry import Link, Links

OVERZICHT = "overzicht"
WERKGROEP = "werkgroep"
ANALYSE = "analyse"
PLAN = "plan"
AUDIT = "audit"


@dataclass(frozen=True)
class Sectie:
    code: str
    label: Any
    order: int


_secties: dict[str, Sectie] = {
    s.code: s for s in (
        Sectie(OVERZICHT, _("Overzicht"), 0),
        Sectie(WERKGROEP, _("Werkgroep"), 10),
        Sectie(ANALYSE, _("Analyse"), 20),
        Sectie(PLAN, _("Plan"), 30),
        Sectie(AUDIT, _("Audit"), 40),
    )
}

_tabs = Links(
    Link(_("Overzicht"), "trajects:detail", 0, OVERZICHT,
         ("trajects:bewerken", "trajects:fase")),
    Link(_("Tijdlijn"), "trajects:tijdlijn", 10, OVERZICHT),
    Link(_("Partners"), "trajects:partners", 10, WERKGROEP, ("trajects:partner-*",)),
    Link(_("Leden"), "trajects:leden", 20, WERKGROEP,
         ("trajects:leden-*", "trajects:lid-*", "trajects:uitnodig*")),
    Link(_("Overleggen"), "trajects:overleggen", 30, WERKGROEP, ("trajects:overleg-*",)),
    Link(_("Documenten"), "trajects:documenten", 40, WERKGROEP, ("trajects:document-*",)),
    Link(_("Gereedheid"), "trajects:gereedheid", 10, AUDIT),
)


def register_sectie(code: str, label: Any, order: int) -> None:
    _secties.setdefault(code, Sectie(code, label, order))


def register_tab(label: Any, url_name: str, order: int, *, sectie: str,
                 ook: tuple[str, ...] = ()) -> None:
    if sectie not in _secties:
        raise ValueError(f"register_tab({url_name!r}): unknown section {sectie!r}")
    _tabs.add(label, url_name, order, groep=sectie, ook=ook)


def sectie_volgorde(code: str) -> int:
    """The order of the section `code` (unknown sections last)."""
    sectie = _secties.get(code)
    return sectie.order if sectie else 1000


@functools.lru_cache(maxsize=256)
def _sectie_van_view(view_name: str) -> Sectie | None:
    tab = _tabs.huidige(view_name)
    return _secties.get(tab.groep) if tab else None


def sectie_van_url(url: str) -> Sectie | None:
    """The section of the trajectory page at `url` (a readiness outcome's "fix it here"), or
    None for no URL or a page outside the sections."""
    if not url:
        return None
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    return _sectie_van_view(match.view_name)


def tabs() -> list[Link]:
    return list(_tabs)


@dataclass
class TabItem:
    label: Any
    url: str
    actief: bool = False
    is_pagina: bool = False  # the current page is this tab's own page


@dataclass
class SectieItem:
    code: str
    label: Any
    tabs: list[TabItem] = field(default_factory=list)
    actief: bool = False

    @property
    def url(self) -> str:
        return self.tabs[0].url


@dataclass
class Navigatie:
    traject: Any
    secties: list[SectieItem]

    @property
    def sectie(self) -> SectieItem | None:
        return next((s for s in self.secties if s.actief), None)

    @property
    def tab(self) -> TabItem | None:
        sectie = self.sectie
        return next((t for t in sectie.tabs if t.actief), None) if sectie else None


def navigatie(traject: Any, view_name: str) -> Navigatie:
    """The sections and tabs of `traject`, with the ones of the page `view_name` marked."""
    huidige = _tabs.huidige(view_name)
    secties = {code: SectieItem(code, s.label)
               for code, s in sorted(_secties.items(), key=lambda item: item[1].order)}
    for tab in _tabs:
        item = TabItem(
            tab.label, reverse(tab.url_name, args=[traject.pk]), actief=tab is huidige,
            is_pagina=tab is huidige and view_name == tab.url_name,
        )
        secties[tab.groep].tabs.append(item)
        if item.actief:
            secties[tab.groep].actief = True
    return Navigatie(traject, [s for s in secties.values() if s.tabs])


def traject_plek(request: Any, context: Any) -> Plek | None:
    """The place of a trajectory's page (the `kvo.navigation.plek` hook): crumbs from the home
    page through the trajectory and the current tab, and the trajectory's navigation."""
    traject = context.get("traject")
    match = getattr(request, "resolver_match", None)
    # Only a member's page under the trajectory's own URL: a public page that happens to know
    # the trajectory (an entrepreneur's link) shows no way into it.
    if (traject is None or match is None or not request.user.is_authenticated
            or match.kwargs.get("pk") != getattr(traject, "pk", None)):
        return None
    nav = navigatie(traject, match.view_name)
    thuis = hoofdmenu.get("trajects:dashboard")
    kruimels = [Kruimel(thuis.label if thuis else _("Mijn trajecten"),
                        reverse("trajects:dashboard"))]
    detail = reverse("trajects:detail", args=[traject.pk])
    if match.view_name != "trajects:detail":
        kruimels.append(Kruimel(str(traject), detail))
    tab = nav.tab
    if tab is not None and not tab.is_pagina and tab.url != detail:
        kruimels.append(Kruimel(tab.label, tab.url))
    return Plek(kruimels=kruimels, navigatie_template="includes/traject_nav.html",
                navigatie=nav)
