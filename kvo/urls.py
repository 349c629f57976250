from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from . import views
from .forms import LoginForm, WachtwoordHerstelForm
from .ratelimits import per_account, per_address

admin.site.site_header = _("KVO-trajectbeheer: beheer")
admin.site.site_title = _("KVO-trajectbeheer")

handler500 = "kvo.views.server_error"

urlpatterns = [
    path("beheer/", admin.site.urls),
    # The language switch is also on the login page, so anonymous users may use it.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("inloggen/", auth_views.LoginView.as_view(
        authentication_form=LoginForm, redirect_authenticated_user=True), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("wachtwoord/wijzigen/", auth_views.PasswordChangeView.as_view(),
         name="password_change"),
    path("wachtwoord/gewijzigd/", auth_views.PasswordChangeDoneView.as_view(),
         name="password_change_done"),
    # Reset mails are limited per account (no mailbox flooded) and per client address; they go
    # through the outbox (WachtwoordHerstelForm).
    path("wachtwoord/vergeten/", per_address("RATELIMIT_WACHTWOORD_ADRES", method="POST")(
        per_account("RATELIMIT_WACHTWOORD_ACCOUNT")(auth_views.PasswordResetView.as_view(
            form_class=WachtwoordHerstelForm))),
        name="password_reset"),
    path("wachtwoord/vergeten/verstuurd/", auth_views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("wachtwoord/herstel/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("wachtwoord/herstel/klaar/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("inloggen/code/", views.tweestap_code, name="tweestap-code"),
    path("beveiliging/", views.beveiliging, name="beveiliging"),
    path("beveiliging/instellen/", views.tweestap_instellen, name="tweestap-instellen"),
    path("beveiliging/uitschakelen/", views.beveiliging_uitschakelen,
         name="beveiliging-uitschakelen"),
    path("beveiliging/herstelcodes/", views.beveiliging_herstelcodes,
         name="beveiliging-herstelcodes"),
    path("gezondheid/", login_not_required(views.health), name="health"),
    path("", include("trajects.urls")),
    path("schouwen/", include("schouwen.urls")),
    path("actiepunten/", include("actiepunten.urls")),
    path("enquetes/", include("enquetes.urls")),
    path("audits/", include("audits.urls")),
    path("werkplek/", include("werkplek.urls")),
]

