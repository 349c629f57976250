import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trajects.models import Organisatie

from .models import OPEN_STATUSSEN, Actiepunt, Bron, Prioriteit, Status


class ActiepuntFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=Status.choices, widget=forms.CheckboxSelectMultiple
    )
    organisatie = django_filters.ModelChoiceFilter(
        label=_("Organisatie"), queryset=Organisatie.objects.none(), empty_label=_("Alle")
    )
    bron = django_filters.ChoiceFilter(label=_("Bron"), choices=Bron.choices, empty_label=_("Alle"))
    prioriteit = django_filters.ChoiceFilter(
        label=_("Prioriteit"), choices=Prioriteit.choices, empty_label=_("Alle")
    )
    te_laat = django_filters.BooleanFilter(
        label=_("Alleen te laat"), method="filter_te_laat", widget=forms.CheckboxInput
    )
    zoek = django_filters.CharFilter(label=_("Zoeken"), method="filter_zoek")
    # By number, as in every list's cycle filter (?cyclus=<nummer>).
    cyclus = django_filters.ChoiceFilter(
        label=_("Cyclus van het knelpunt"), field_name="doel__knelpunt__cyclus__nummer",
        empty_label=_("Alle cycli"),
    )

    class Meta:
        model = Actiepunt
        fields = ["status", "organisatie", "bron", "prioriteit"]

    def __init__(self, *args, traject=None, **kwargs):
        super().__init__(*args, **kwargs)
        if traject is not None:
            self.filters["organisatie"].queryset = Organisatie.objects.filter(
                partnerschappen__traject=traject
            )
            self.filters["cyclus"].extra["choices"] = [
                (c.nummer, str(c)) for c in traject.cycli.all()
            ]
        else:
            self.filters.pop("organisatie")
            self.filters.pop("cyclus")

    def filter_te_laat(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(status__in=OPEN_STATUSSEN, deadline__lt=timezone.localdate())

    def filter_zoek(self, queryset, name, value):
        if not value.strip():
            return queryset
        return queryset.filter(titel__icontains=value.strip())
