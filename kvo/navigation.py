"""Finding your way: the main menu, breadcrumbs and the page header of every page.

The main menu (templates/includes/hoofdmenu.html): apps add their items in AppConfig.ready():
`hoofdmenu.add(label, url_name, order)` with a URL that takes no arguments; `ook=` names other
pages on which the item is the current one.

Every page starts with one header, `{% paginakop titel [ouder …] %}actions{% endpaginakop %}`
(kvo/templatetags/kvo_menu.py, templates/includes/paginakop.html): breadcrumbs, the local
navigation of the part of the app the page belongs to, the title and the page's actions.
Which part that is, a higher app says through the `plek` hook: `plek(request, context)` gives
a `Plek` (the crumbs above the page, a navigation template and its data) or None. The trajects
app installs one for every page of a trajectory (trajects/navigation.py).

The bell in the header (`{% meldingenbel %}`): the `meldingen` hook, installed by the app
that keeps notifications (trajects/meldingen.py), gives for a signed-in user the number of
unread notifications and the URL of their page; while none is installed there is no bell.
"""

from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

from .registry import Hook, Links

hoofdmenu = Links()


@dataclass(frozen=True)
class Kruimel:
    label: str | Promise
    url: str


@dataclass
class Plek:
    """Where a page sits: the crumbs above it (the page itself not included) and the local
    navigation to show under them (a template and what it needs), if any."""

    kruimels: list[Kruimel] = field(default_factory=list)
    navigatie_template: str = ""
    navigatie: Any = None


plek = Hook()
# meldingen(user) -> (unread count, URL of the notifications page), or None.
meldingen = Hook()


def ouder_kruimel(ouder: Any) -> Kruimel:
    """A crumb for a page's parent: an object with get_absolute_url(), or the URL name of a
    main-menu page (its label comes from the menu)."""
    if isinstance(ouder, Kruimel):
        return ouder
    if isinstance(ouder, str):
        link = hoofdmenu.get(ouder)
        try:
            url = reverse(ouder)
        except NoReverseMatch as error:
            raise ValueError(f"paginakop: {ouder!r} is no URL without arguments") from error
        return Kruimel(link.label if link else ouder, url)
    return Kruimel(str(ouder), ouder.get_absolute_url())


def plek_voor(request: Any, context: Any, ouders: list[Any]) -> Plek:
    """The page's place: what the installed hook says (or no place), with `ouders` as the
    crumbs between it and the page."""
    gevonden = plek(request, context) if request is not None else None
    resultaat = Plek(
        kruimels=list(gevonden.kruimels) if gevonden else [],
        navigatie_template=gevonden.navigatie_template if gevonden else "",
        navigatie=gevonden.navigatie if gevonden else None,
    )
    resultaat.kruimels += [ouder_kruimel(ouder) for ouder in ouders if ouder]
    return resultaat
