import django_filters
from django.utils.translation import gettext_lazy as _

from trajects.models import Organisatie

from .models import Bevinding, Categorie, Ernst, Schouw


class BootstrapFilterSet(django_filters.FilterSet):
    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            field.widget.attrs.setdefault("class", "form-select")
        return form


class TriageFilter(BootstrapFilterSet):
    categorie = django_filters.ModelChoiceFilter(
        label=_("Categorie"), queryset=Categorie.objects.all(), empty_label=_("Alle")
    )
    ernst = django_filters.ChoiceFilter(label=_("Ernst"), choices=Ernst.choices,
                                        empty_label=_("Alle"))
    organisatie = django_filters.ModelChoiceFilter(
        label=_("Organisatie"), queryset=Organisatie.objects.none(), empty_label=_("Alle")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Bevinding.Status.choices,
                                         empty_label=_("Alle"))

    class Meta:
        model = Bevinding
        fields = ["categorie", "ernst", "organisatie", "status"]

    def __init__(self, *args, traject, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["organisatie"].queryset = Organisatie.objects.filter(
            partnerschappen__traject=traject
        ).order_by("naam")


class KaartFilter(BootstrapFilterSet):
    schouw = django_filters.ModelChoiceFilter(
        label=_("Schouw"), queryset=Schouw.objects.none(), empty_label=_("Alle schouwen")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Bevinding.Status.choices,
                                         empty_label=_("Alle"))

    class Meta:
        model = Bevinding
        fields = ["schouw", "status"]

    def __init__(self, *args, traject, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["schouw"].queryset = traject.schouwen.all()
