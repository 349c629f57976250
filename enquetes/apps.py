from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnquetesConfig(AppConfig):
    name = "enquetes"
    verbose_name = _("Enquêtes en incidentcijfers")

    def ready(self):
        from trajects import demo, navigation

        # mails, readiness: imported to register the mail kinds and readiness checks.
        from . import mails, readiness, tijdlijn  # noqa: F401
        from .demo import load_enquetes

        navigation.register_tab(_("Enquêtes"), "enquetes:overzicht", 30,
                                sectie=navigation.ANALYSE, ook=("enquetes:*",))
        navigation.register_tab(_("Incidentcijfers"), "enquetes:incidenten", 40,
                                sectie=navigation.ANALYSE, ook=("enquetes:incident*",))
        demo.register_step(20, load_enquetes)
        tijdlijn.registreren()
