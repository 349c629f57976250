from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActiepuntenConfig(AppConfig):
    name = "actiepunten"
    verbose_name = _("Actiepunten")

    def ready(self):
        from trajects import demo, navigation

        from . import demo as actiepunten_demo
        from . import readiness  # noqa: F401  (registers the readiness check)

        navigation.register_tab(_("Plan van aanpak"), "actiepunten:matrix", 50)
        demo.register_step(30, actiepunten_demo.load_actiepunten)
