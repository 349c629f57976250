from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchouwenConfig(AppConfig):
    name = "schouwen"
    verbose_name = _("Schouwen")
