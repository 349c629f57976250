from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrajectsConfig(AppConfig):
    name = "trajects"
    verbose_name = _("Trajecten")

    def ready(self):
        from kvo.tweestap import registreer_rol

        from .models import Lidmaatschap, Rol

        # MFA_REQUIRED_ROLES may name "coordinator": coordinates at least one trajectory now.
        registreer_rol("coordinator", lambda user: Lidmaatschap.objects.actief().filter(
            user=user, rol=Rol.COORDINATOR).exists())
