from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrajectsConfig(AppConfig):
    name = "trajects"
    verbose_name = _("Trajecten")

    def ready(self):
        from django.urls import reverse

        from kvo import navigation
        from kvo.navigation import hoofdmenu, plek
        from kvo.tweestap import registreer_rol

        # mails: imported to register the mail kinds with the outbox.
        from . import mails, tijdlijn  # noqa: F401
        from .meldingen import ongelezen_aantal, soort_registreren
        from .models import Lidmaatschap, Rol
        from .navigation import traject_plek
        from .thuis import blokken, gevraagde_documenten, overleggen_taken, vandaag

        hoofdmenu.add(_("Mijn trajecten"), "trajects:dashboard", 0)
        hoofdmenu.add(_("Organisaties"), "trajects:organisaties", 20,
                      ook=("trajects:organisatie-*", "trajects:gebied-nieuw"))
        plek.set(traject_plek)
        navigation.meldingen.set(
            lambda user: (ongelezen_aantal(user), reverse("trajects:meldingen"))
        )
        soort_registreren("trajects.uitnodiging_geaccepteerd", _(
            "%(naam)s heeft de uitnodiging voor %(traject)s geaccepteerd (%(organisatie)s)."
        ))
        tijdlijn.register_soort(tijdlijn.overleggen_soort())
        vandaag.add(overleggen_taken)
        blokken.add(gevraagde_documenten)
        # MFA_REQUIRED_ROLES may name "coordinator": coordinates at least one trajectory now.
        registreer_rol("coordinator", lambda user: Lidmaatschap.objects.actief().filter(
            user=user, rol=Rol.COORDINATOR).exists())
