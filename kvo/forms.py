from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.files.uploadedfile import UploadedFile
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class CrispyMixin:
    """crispy renders the form (templates/form.html shows it) with one submit button."""

    submit_label = _("Opslaan")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class DateInput(forms.DateInput):
    """The browser's date picker (ISO value, shown in the user's locale)."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class LoginForm(AuthenticationForm):
    """Django's login form with a message that fits email login (case does not matter)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Voer een juist e-mailadres en wachtwoord in."),
    }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several files in one field. The form only collects them: kvo.photos.verify_photos checks
    each as a photo in the service, before anything is stored."""

    widget = MultipleFileInput

    def __init__(self, *, max_files: int | None = None, **kwargs: Any) -> None:
        self.max_files = max_files
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        if self.max_files is not None and len(files) > self.max_files:
            raise forms.ValidationError(
                gettext("Upload maximaal %(max)d foto's tegelijk.") % {"max": self.max_files},
                code="te_veel",
            )
        return [super(PhotosField, self).clean(f, initial) for f in files]


class CodeForm(forms.Form):
    """A code from the authenticator app (6 digits) or a recovery code."""

    code = forms.CharField(
        label=_("Code"), max_length=24, strip=True,
        help_text=_("De 6 cijfers uit uw authenticator-app, of een van uw herstelcodes."),
        widget=forms.TextInput(attrs={
            "autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false",
            "autofocus": True,
        }),
    )


class AppCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code uit de app"), max_length=10, strip=True,
        widget=forms.TextInput(attrs={
            "autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*",
        }),
    )


class WachtwoordHerstelForm(PasswordResetForm):
    """Django's password-reset form, mailing through the outbox: the request never waits for
    the mail server, and the token is made when the mail goes out."""

    def send_mail(
        self, subject_template_name: str, email_template_name: str, context: dict[str, Any],
        from_email: str | None, to_email: str, html_email_template_name: str | None = None,
    ) -> None:
        from .outbox import bericht_maken

        bericht_maken(
            soort="kvo.wachtwoord_herstel", aan=to_email, object_id=context["user"].pk,
            taal=translation.get_language() or settings.LANGUAGE_CODE,
        )
