from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchouwenConfig(AppConfig):
    name = "schouwen"
    verbose_name = _("Schouwen")

    def ready(self):
        from trajects import demo, navigation, samenvatting, thuis
        from trajects.meldingen import soort_registreren

        # mails, readiness: imported to register the mail kinds and readiness checks.
        from . import mails, readiness, tijdlijn  # noqa: F401
        from . import thuis as schouwen_thuis
        from .demo import load_schouwen

        navigation.register_tab(_("Schouwen"), "schouwen:lijst", 10,
                                sectie=navigation.ANALYSE, ook=("schouwen:*",))
        navigation.register_tab(_("Kaart"), "schouwen:kaart", 20, sectie=navigation.ANALYSE)
        demo.register_step(10, load_schouwen)
        tijdlijn.registreren()
        samenvatting.annotaties.add(schouwen_thuis.annotaties)
        thuis.vandaag.add(schouwen_thuis.taken)
        thuis.blokken.add(schouwen_thuis.mijn_werk)
        soort_registreren("schouwen.na_sluiting", _(
            "%(door)s legde een bevinding vast die binnenkwam nadat de schouw “%(schouw)s” was "
            "gesloten: aanvaarden of afwijzen."))
        soort_registreren("schouwen.na_sluiting_besluit", _na_sluiting_besluit)


def _na_sluiting_besluit(gegevens):
    if gegevens["aanvaard"]:
        return _("Uw bevinding “%(bevinding)s”, binnengekomen na het sluiten van de schouw "
                 "“%(schouw)s”, is aanvaard.") % gegevens
    return _("Uw bevinding “%(bevinding)s”, binnengekomen na het sluiten van de schouw "
             "“%(schouw)s”, is afgewezen door de coördinator.") % gegevens
