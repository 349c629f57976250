"""Tabs of a trajectory's pages (each URL takes the trajectory's pk as its only argument).
Higher apps add theirs in AppConfig.ready() with `register_tab`."""

from django.utils.translation import gettext_lazy as _

from kvo.registry import Link, Links

_tabs = Links(
    Link(_("Overzicht"), "trajects:detail", 0),
    Link(_("Partners"), "trajects:partners", 10),
    Link(_("Werkgroep"), "trajects:leden", 20),
    Link(_("Overleggen"), "trajects:overleggen", 30),
    Link(_("Documenten"), "trajects:documenten", 40),
    Link(_("Gereedheid"), "trajects:gereedheid", 100),
)


def register_tab(label, url_name: str, order: int) -> None:
    _tabs.add(label, url_name, order)


def tabs() -> list[Link]:
    return list(_tabs)
