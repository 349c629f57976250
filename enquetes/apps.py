from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnquetesConfig(AppConfig):
    name = "enquetes"
    verbose_name = _("Enquêtes en incidentcijfers")

    def ready(self):
        from trajects import demo, navigation

        from . import mails, readiness  # noqa: F401 - register mail kinds, readiness checks
        from .demo import load_enquetes

        navigation.register_tab(_("Enquêtes"), "enquetes:overzicht", 30,
                                sectie=navigation.ANALYSE, ook=("enquetes:*",))
        navigation.register_tab(_("Incidentcijfers"), "enquetes:incidenten", 40,
                                sectie=navigation.ANALYSE, ook=("enquetes:incident*",))
        demo.register_step(20, load_enquetes)
