from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActiepuntenConfig(AppConfig):
    name = "actiepunten"
    verbose_name = _("Actiepunten")

    def ready(self):
        from django.urls import reverse

        from enquetes import registry as enquetes_registry
        from kvo.navigation import hoofdmenu
        from schouwen import registry as schouwen_registry
        from trajects import demo, navigation, samenvatting, thuis
        from trajects.meldingen import soort_registreren

        from . import demo as actiepunten_demo

        # mails, readiness: imported to register the mail kinds and the readiness check.
        from . import mails, readiness, services, tijdlijn  # noqa: F401
        from . import thuis as actiepunten_thuis
        from .models import actiepunten_bij_bevinding

        navigation.register_tab(_("Plan van aanpak"), "actiepunten:matrix", 10,
                                sectie=navigation.PLAN, ook=("actiepunten:*",))
        hoofdmenu.add(_("Mijn actiepunten"), "actiepunten:mijn", 10,
                      ook=("actiepunten:instellingen",))
        demo.register_step(30, actiepunten_demo.load_actiepunten)
        tijdlijn.registreren()
        samenvatting.annotaties.add(actiepunten_thuis.annotaties)
        thuis.vandaag.add(actiepunten_thuis.taken)
        thuis.blokken.add(actiepunten_thuis.mijn_werk)
        schouwen_registry.bevindingen_omzetten.set(
            lambda traject: reverse("actiepunten:van-bevindingen", args=[traject.pk])
        )
        schouwen_registry.actiepunten_maken.set(services.bevindingen_omzetten)
        schouwen_registry.actiepunten_meeverhuizen.set(services.actiepunten_meeverhuizen)
        schouwen_registry.actiepunten_tellen.set(services.open_actiepunten_per_bevinding)
        schouwen_registry.bevinding_koppelingen.add(actiepunten_bij_bevinding)
        soort_registreren("actiepunten.gereed", _(
            "%(wie)s meldt actiepunt „%(titel)s” gereed (%(traject)s)."
        ))
        enquetes_registry.knelpunt_voorstellen.set(
            lambda traject: reverse("actiepunten:knelpunt-nieuw", args=[traject.pk])
        )
