"""No lost update: every edit of a shared object carries the version it was made from.

- A model inherits `VersieModel`: a `versie` number that every save of an existing row raises.
- Its edit form mixes in `VersieFormMixin`: a hidden `versie` field with the version shown.
- The view saves through `opslaan_of_conflict(form)`. When someone else saved in between, nothing
  is saved; the form comes back with status 409, the user's own input still in the fields and the
  saved version next to it (`form.conflict`, shown by templates/includes/versieconflict.html), and
  a new `versie` so that saving again deliberately keeps the user's choice.
- Bulk actions send `versie-<pk>` per row (`versies_uit`); a row that changed since the page was
  shown is skipped and listed, never overwritten.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.http import QueryDict
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

VEROUDERD = gettext_lazy(
    "Iemand anders heeft dit intussen gewijzigd. Uw wijzigingen zijn nog niet opgeslagen: "
    "hieronder staat de opgeslagen versie naast de uwe. Neem over wat u wilt houden en sla "
    "opnieuw op."
)

M = TypeVar("M", bound=models.Model)
# What a bulk action did: (done, stale, refused with the reason), see per_versie.
Uitkomst = tuple[list[M], list[M], list[tuple[M, str]]]

if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class VerouderdeVersie(ValidationError):
    """The row was saved by someone else after the form was made (HTTP 409)."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or VEROUDERD, code="verouderd")


class VersieModel(models.Model):
    """A shared object edited by several people. Every save of an existing row raises
    `versie` (admin and model methods too), so any form made before it is stale."""

    versie = models.PositiveIntegerField(_("versie"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            self.versie += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "versie" not in update_fields:
                kwargs["update_fields"] = [*update_fields, "versie"]
        super().save(*args, **kwargs)

    def vergrendel(self, versie: int | None = None) -> None:
        """Lock the row until the transaction ends. With `versie`, refuse when the row was
        saved since that version was read."""
        huidige = (
            type(self)._base_manager.select_for_update().filter(pk=self.pk)
            .values_list("versie", flat=True).first()
        )
        if huidige is None:
            raise ValidationError(_("Dit bestaat niet meer; iemand heeft het verwijderd."),
                                  code="weg")
        if versie is not None and huidige != versie:
            raise VerouderdeVersie()
        self.versie = huidige

    def opslaan(
        self, *, versie: int | None, door: Any = None, reden: str = "", **save_kwargs: Any
    ) -> None:
        """Save the changes made on this instance if `versie` is still the saved version."""
        with transaction.atomic():
            self.vergrendel(versie)
            if door is not None:
                self._history_user = door  # django-simple-history, where the model keeps one
            if reden:
                self._change_reason = reden
            self.save(**save_kwargs)


class VersieFormMixin(_FormBase):
    """For the edit form of a `VersieModel` (a ModelForm of it, or a plain form about it passed
    as `versie_van=`). Carries the version in a hidden field and, after a stale save, the saved
    values next to the user's (`conflict`: label, saved, yours)."""

    def __init__(self, *args: Any, versie_van: VersieModel | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.versie_van = versie_van if versie_van is not None else getattr(self, "instance", None)
        self.conflict: list[dict[str, Any]] | None = None
        if self.versie_van is not None and self.versie_van.pk is not None:
            self.fields["versie"] = forms.IntegerField(
                widget=forms.HiddenInput, min_value=1,
                error_messages={"required": VEROUDERD, "invalid": VEROUDERD},
            )
            if not self.is_bound:
                self.initial["versie"] = self.versie_van.versie

    @property
    def versie(self) -> int | None:
        return self.cleaned_data.get("versie")

    @property
    def status_code(self) -> int:
        return 409 if self.conflict is not None else 200

    def save(self, commit: bool = True) -> Any:
        """ModelForm.save() through the version check (raises VerouderdeVersie)."""
        form: Any = self  # a ModelForm here
        if not commit or form.instance._state.adding:
            return super().save(commit=commit)  # type: ignore[misc]
        with transaction.atomic():
            form.instance.opslaan(versie=self.versie)
            form._save_m2m()
        return form.instance

    def huidige_waarden(self, huidig: models.Model) -> dict[str, Any]:
        """The saved values of this form's fields, as initial data (override for fields that
        are not model fields)."""
        velden = [naam for naam in self.fields if naam != "versie"]
        return model_to_dict(huidig, fields=velden)

    def toon_conflict(self) -> None:
        """After a stale save: compare the saved row with the user's input, keep the input."""
        versie_van: Any = self.versie_van
        huidig = type(versie_van)._base_manager.get(pk=versie_van.pk)
        opgeslagen = self.huidige_waarden(huidig)
        regels = []
        for naam, veld in self.fields.items():
            if naam == "versie" or naam not in opgeslagen or isinstance(veld, forms.FileField):
                continue
            if not veld.has_changed(opgeslagen[naam], self[naam].data):
                continue
            uwe = self.cleaned_data.get(naam, self[naam].data) if hasattr(
                self, "cleaned_data") else self[naam].data
            regels.append({
                "label": veld.label or naam,
                "opgeslagen": weergave(veld, opgeslagen[naam]),
                "uwe": weergave(veld, uwe),
            })
        self.conflict = regels
        data = cast(QueryDict, self.data).copy()
        data[self.add_prefix("versie")] = str(huidig.versie)
        self.data = data
        self.add_error(None, VerouderdeVersie())


def opslaan_of_conflict(form: Any, opslaan: Callable[[], object] | None = None) -> bool:
    """Run `opslaan()` (default `form.save()`) for a valid form. On a stale version, mark the
    form with both versions; on another ValidationError, put it on the form. Then return False
    and the view renders the form again with `status=form.status_code` (409 when stale)."""
    try:
        (opslaan or form.save)()
    except VerouderdeVersie:
        form.toon_conflict()
        return False
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


def weergave(veld: forms.Field, waarde: Any) -> str:
    """A form value as a person reads it (choice labels, names, Dutch dates)."""
    if waarde in (None, "", []):
        return "–"
    if isinstance(veld, forms.ModelMultipleChoiceField):
        pks = [getattr(w, "pk", w) for w in waarde]
        keuzes = cast(models.QuerySet[Any], veld.queryset)
        return ", ".join(str(o) for o in keuzes.filter(pk__in=pks)) or "–"
    if isinstance(veld, forms.ModelChoiceField):
        pk = getattr(waarde, "pk", waarde)
        gevonden = cast(models.QuerySet[Any], veld.queryset).filter(pk=pk).first()
        return str(gevonden) if gevonden is not None else "–"
    if isinstance(veld, forms.BooleanField):
        return _("ja") if waarde else _("nee")
    if isinstance(veld, forms.ChoiceField):
        labels: dict[str, Any] = {}
        for sleutel, label in cast(Iterable[tuple[Any, Any]], veld.choices):
            if isinstance(label, list | tuple):
                labels.update({str(k): v for k, v in label})
            else:
                labels[str(sleutel)] = label
        return str(labels.get(str(waarde), waarde))
    if hasattr(waarde, "tzinfo") and hasattr(waarde, "hour"):
        if timezone.is_aware(waarde):
            waarde = timezone.localtime(waarde)
        return formats.date_format(waarde, "DATETIME_FORMAT")
    if hasattr(waarde, "isoformat") and hasattr(waarde, "year"):
        return formats.date_format(waarde, "DATE_FORMAT")
    return str(waarde)


def versies_uit(data: Mapping[str, Any], pks: Iterable[int]) -> dict[int, int | None]:
    """The version sent for each chosen row (`versie-<pk>` fields of a bulk form); a row
    without one gets None and is treated as stale."""
    versies: dict[int, int | None] = {}
    for pk in pks:
        tekst = data.get(f"versie-{pk}", "")
        versies[pk] = int(tekst) if str(tekst).isdigit() else None
    return versies


def per_versie(
    objecten: Iterable[M], versies: Mapping[int, int | None], actie: Callable[[M, int], object]
) -> Uitkomst[M]:
    """Apply `actie(obj, versie)` to each object in its own savepoint; `actie` must lock and
    compare the version (VersieModel.vergrendel). Returns (done, stale, refused), where refused
    holds (obj, message) for other validation errors. Stale rows are never overwritten."""
    gedaan: list[M] = []
    verouderd: list[M] = []
    geweigerd: list[tuple[M, str]] = []
    with transaction.atomic():
        for obj in objecten:
            versie = versies.get(obj.pk)
            if versie is None:
                verouderd.append(obj)
                continue
            try:
                with transaction.atomic():
                    actie(obj, versie)
            except VerouderdeVersie:
                verouderd.append(obj)
            except ValidationError as error:
                geweigerd.append((obj, error.messages[0]))
            else:
                gedaan.append(obj)
    return gedaan, verouderd, geweigerd
