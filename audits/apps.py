from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = _("Audits en certificaten")

    def ready(self):
        from trajects.demo import register_step
        from trajects.navigation import register_tab

        from . import demo, eisen  # noqa: F401  (registers the requirement computations)

        register_tab(_("Schema-eisen"), "audits:eisen", 95)
        register_tab(_("Audit"), "audits:overzicht", 98)
        register_step(40, demo.load_audits)
