from importlib import import_module

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig, apps
from django.contrib.admin.apps import SimpleAdminConfig
from django.utils.functional import Promise as StrPromise
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as OtpStaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as OtpTotpConfig


class KvoConfig(AppConfig):
    default = True  # the module also holds AdminConfig
    name = "kvo"
    verbose_name = _("Kern")

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started

        from . import checks, logs, mails  # noqa: F401  (checks and the reset mail register)

        # The request id (kvo/logs.py) lives from the start to the end of each request.
        request_started.connect(logs.request_started, dispatch_uid="kvo-request-id")
        request_finished.connect(logs.request_finished, dispatch_uid="kvo-request-id")


# Third-party apps under a Dutch name (their admin sections); their English strings are in
# locale/nl (docs/i18n.md).
class AxesConfig(AxesAppConfig):
    name = "axes"
    verbose_name = _("Inlogpogingen")


def _modelnamen(config: AppConfig, model: str, enkelvoud: StrPromise, meervoud: StrPromise) -> None:
    """Give a third-party model whose names are plain English strings (not translatable) a
    translated name in the admin. Only the display names: `original_attrs`, which migrations
    read, stay the library's, so no migration of theirs changes."""
    meta = config.get_model(model)._meta
    meta.verbose_name = enkelvoud  # type: ignore[assignment]  # lazy: read in the reader's language
    meta.verbose_name_plural = meervoud  # type: ignore[assignment]


class TotpConfig(OtpTotpConfig):
    name = "django_otp.plugins.otp_totp"
    verbose_name = _("Inloggen in twee stappen: authenticator-apps")

    def ready(self) -> None:
        super().ready()
        _modelnamen(self, "TOTPDevice", _("authenticator-app"), _("authenticator-apps"))


class StaticConfig(OtpStaticConfig):
    name = "django_otp.plugins.otp_static"
    verbose_name = _("Inloggen in twee stappen: herstelcodes")

    def ready(self) -> None:
        super().ready()
        _modelnamen(self, "StaticDevice", _("set herstelcodes"), _("sets herstelcodes"))


class AdminConfig(SimpleAdminConfig):
    """Django admin, autodiscovering every app's admin module except django-leaflet's.

    django-leaflet's admin module needs GeoDjango (GDAL); we use only its static files, map
    widget script and template tags with plain latitude/longitude fields.
    """

    skip = {"leaflet"}

    def ready(self) -> None:
        super().ready()
        for app_config in apps.get_app_configs():
            if app_config.label in self.skip:
                continue
            if module_has_submodule(app_config.module, "admin"):
                import_module(f"{app_config.name}.admin")
