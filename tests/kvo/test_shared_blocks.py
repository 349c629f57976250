"""The small shared blocks every app builds on: append-only history, the read-only admin for it,
the crispy form mixin and the date widgets."""

import datetime

import pytest
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from kvo.admin import ReadOnlyAdminMixin
from kvo.forms import CrispyMixin, DateInput, DateTimeInput
from kvo.models import AppendOnlyModel
from trajects.models import FaseWijziging


@pytest.mark.django_db
def test_append_only_rows_are_added_but_never_changed_or_deleted(world):
    assert issubclass(FaseWijziging, AppendOnlyModel)
    rij = FaseWijziging.objects.create(traject=world.traject, naar="analyse")
    rij.toelichting = "achteraf aangepast"
    with pytest.raises(ValidationError):
        rij.save()
    with pytest.raises(ValidationError):
        rij.delete()
    rij.refresh_from_db()
    assert rij.toelichting == ""


def test_append_only_model_is_abstract():
    assert AppendOnlyModel._meta.abstract


class _HistorieAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


def test_read_only_admin_allows_looking_only():
    model_admin = _HistorieAdmin(FaseWijziging, admin.site)
    request = RequestFactory().get("/")
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


class _Form(CrispyMixin, forms.Form):
    submit_label = "Versturen"
    datum = forms.DateField(widget=DateInput())
    tijd = forms.DateTimeField(widget=DateTimeInput())


def test_crispy_mixin_gives_one_submit_button_with_the_form_label():
    form = _Form()
    [knop] = form.helper.inputs
    assert (knop.name, knop.value) == ("submit", "Versturen")


def test_date_widgets_use_the_browser_pickers_with_iso_values():
    form = _Form(initial={"datum": datetime.date(2026, 7, 1),
                          "tijd": datetime.datetime(2026, 7, 1, 14, 30)})
    html = str(form["datum"]) + str(form["tijd"])
    assert 'type="date"' in html and 'value="2026-07-01"' in html
    assert 'type="datetime-local"' in html and 'value="2026-07-01T14:30"' in html
