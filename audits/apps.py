from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = _("Audits en certificaten")

    def ready(self):
        from trajects import readiness, samenvatting, thuis
        from trajects.demo import register_step
        from trajects.navigation import AUDIT, register_tab

        # eisen, mails, meldingen: imported to register the requirements, mail kinds and
        # notification kinds.
        from . import demo, eisen, mails, meldingen, tijdlijn  # noqa: F401
        from . import thuis as audits_thuis
        from .models import traject_samenvatting

        # The trajectory's "Gereedheid" tab shows the scheme requirements; the detailed page
        # (with the evidence each requirement asks for) is linked from there and the audit tab.
        readiness.set_evaluator(eisen.uitkomsten)
        register_tab(_("Audits en certificaten"), "audits:overzicht", 0, sectie=AUDIT,
                     ook=("audits:*",))
        register_tab(_("Schema-eisen"), "audits:eisen", 20, sectie=AUDIT)
        samenvatting.annotaties.add(traject_samenvatting)
        samenvatting.annotaties.add(audits_thuis.annotaties)
        thuis.vandaag.add(audits_thuis.taken)
        thuis.blokken.add(audits_thuis.mijn_audits)
        register_step(40, demo.load_audits)
        meldingen.registreren()
        tijdlijn.registreren()
