"""Tabs of a trajectory's pages. Higher apps add theirs in AppConfig.ready()."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Tab:
    label: str
    url_name: str  # takes the trajectory's pk as its only argument
    order: int


_tabs = [
    Tab(_("Overzicht"), "trajects:detail", 0),
    Tab(_("Partners"), "trajects:partners", 10),
    Tab(_("Werkgroep"), "trajects:leden", 20),
    Tab(_("Overleggen"), "trajects:overleggen", 30),
    Tab(_("Documenten"), "trajects:documenten", 40),
    Tab(_("Gereedheid"), "trajects:gereedheid", 100),
]


def register_tab(label, url_name, order):
    if all(t.url_name != url_name for t in _tabs):
        _tabs.append(Tab(label, url_name, order))


def tabs():
    return sorted(_tabs, key=lambda t: t.order)
