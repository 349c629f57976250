from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WerkplekConfig(AppConfig):
    """The workspace across trajectories: the regional overview and the calendar. It reports
    on every other app, so it sits on top of them (imports point down only)."""

    name = "werkplek"
    verbose_name = _("Werkplek")

    def ready(self):
        from kvo.navigation import hoofdmenu
        from trajects import thuis

        from .views.regio import regio_blok

        thuis.blokken.add(regio_blok)
        hoofdmenu.add(_("Agenda"), "werkplek:agenda", 15, ook=("werkplek:agenda-*",))
