from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


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
