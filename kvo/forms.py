from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's login form with a message that fits email login (case does not matter)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Voer een juist e-mailadres en wachtwoord in."),
    }
