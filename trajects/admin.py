import json

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kvo.admin import ReadOnlyAdminMixin

from . import services
from .models import (
    Aanwezigheid,
    Cyclus,
    Document,
    DocumentVersie,
    FaseWijziging,
    Gebied,
    Lidmaatschap,
    LidmaatschapWijziging,
    Melding,
    Organisatie,
    Overleg,
    Partner,
    Toezicht,
    Toezichthouder,
    Traject,
    Uitnodiging,
)


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = ["naam", "soort", "contactpersoon", "email", "aangemaakt_door"]
    list_filter = ["soort"]
    search_fields = ["naam", "contactpersoon", "email"]
    list_select_related = ["aangemaakt_door"]
    readonly_fields = ["aangemaakt_door"]


class GebiedAdminForm(forms.ModelForm):
    """The area in admin: its outline and streets also as an uploaded GeoJSON file."""

    grens_bestand = forms.FileField(
        label=_("grens uit een bestand"), required=False,
        help_text=_("Een .geojson-bestand; vervangt de grens hierboven."),
    )
    stratenkaart_bestand = forms.FileField(
        label=_("straten uit een bestand"), required=False,
        help_text=_("Een .geojson-bestand; vervangt de straten hierboven."),
    )

    class Meta:
        model = Gebied
        fields = [
            "naam", "soort", "gemeente", "straten", "latitude", "longitude", "grens",
            "stratenkaart",
        ]

    def clean(self):
        cleaned = super().clean()
        for veld in ("grens", "stratenkaart"):
            bestand = cleaned.get(f"{veld}_bestand")
            if not bestand:
                continue
            if bestand.size > GEOJSON_MAX_BYTES:
                self.add_error(f"{veld}_bestand", _("Het bestand is groter dan 5 MB."))
                continue
            try:
                cleaned[veld] = json.loads(bestand.read().decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                self.add_error(f"{veld}_bestand", _("Dit is geen JSON-bestand."))
                continue
            # The model's clean() checks it as GeoJSON (the error shows at the field above).
        return cleaned


GEOJSON_MAX_BYTES = 5 * 1024 * 1024


@admin.register(Gebied)
class GebiedAdmin(admin.ModelAdmin):
    form = GebiedAdminForm
    list_display = ["naam", "soort", "gemeente"]
    list_filter = ["soort", "gemeente"]
    search_fields = ["naam", "gemeente", "straten"]
    list_select_related = True


class ToezichtInline(admin.TabularInline):
    model = Toezicht
    extra = 0
    autocomplete_fields = ["gebied"]


class ToezichthouderInline(admin.TabularInline):
    model = Toezichthouder
    extra = 0
    autocomplete_fields = ["user"]


# Staff give an organisation oversight of areas and name its people on the organisation's page.
OrganisatieAdmin.inlines = [ToezichtInline, ToezichthouderInline]


@admin.register(Toezicht)
class ToezichtAdmin(admin.ModelAdmin):
    """Which areas an organisation oversees (the regional overview); its toezichthouders read
    every trajectory there."""

    list_display = ["organisatie", "gebied", "sinds"]
    list_filter = ["organisatie"]
    search_fields = ["organisatie__naam", "gebied__naam", "gebied__gemeente"]
    autocomplete_fields = ["organisatie", "gebied"]
    list_select_related = True


@admin.register(Toezichthouder)
class ToezichthouderAdmin(admin.ModelAdmin):
    list_display = ["user", "organisatie", "geldig_tot"]
    list_filter = ["organisatie"]
    search_fields = ["user__naam", "user__email", "organisatie__naam"]
    autocomplete_fields = ["user", "organisatie"]
    list_select_related = True


class PartnerInline(admin.TabularInline):
    model = Partner
    extra = 0
    autocomplete_fields = ["organisatie"]


class LidmaatschapInline(ReadOnlyAdminMixin, admin.TabularInline):
    """Shown here; changed on the membership's own admin page, which logs every change."""

    model = Lidmaatschap
    extra = 0
    fields = ["user", "organisatie", "rol", "werkgroeprol", "geldig_tot"]
    readonly_fields = fields
    show_change_link = True


class CyclusInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Cyclus
    extra = 0
    fields = ["nummer", "gestart", "gestart_door", "overgenomen"]
    readonly_fields = fields


class FaseWijzigingInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = FaseWijziging
    extra = 0
    fields = ["tijdstip", "van", "naar", "gebeurtenis", "door", "toelichting"]
    readonly_fields = fields


@admin.register(Traject)
class TrajectAdmin(admin.ModelAdmin):
    list_display = ["naam", "gebied", "schemaversie", "fase", "startdatum"]
    list_filter = ["fase", "schemaversie", "gebied__soort"]
    search_fields = ["naam", "gebied__naam", "gebied__gemeente"]
    list_select_related = ["gebied"]
    readonly_fields = ["fase"]
    autocomplete_fields = ["gebied", "procesbegeleider"]
    inlines = [PartnerInline, LidmaatschapInline, CyclusInline, FaseWijzigingInline]


@admin.register(FaseWijziging)
class FaseWijzigingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["traject", "van", "naar", "gebeurtenis", "door", "tijdstip"]
    list_filter = ["naar", "gebeurtenis"]
    search_fields = ["traject__naam", "toelichting"]
    list_select_related = ["traject", "door"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["organisatie", "traject", "rol", "contactpersoon", "email", "sinds"]
    list_filter = ["organisatie__soort"]
    search_fields = ["organisatie__naam", "traject__naam", "rol", "contactpersoon", "email"]
    list_select_related = ["organisatie", "traject"]
    autocomplete_fields = ["organisatie", "traject"]


@admin.register(Lidmaatschap)
class LidmaatschapAdmin(admin.ModelAdmin):
    list_display = ["user", "traject", "organisatie", "rol", "werkgroeprol", "geldig_tot"]
    list_filter = ["rol", "werkgroeprol", "organisatie__soort"]
    search_fields = ["user__email", "user__naam", "traject__naam", "organisatie__naam"]
    list_select_related = ["user", "traject", "organisatie"]
    autocomplete_fields = ["user", "traject", "organisatie"]

    def get_readonly_fields(self, request, obj=None):
        return ["user", "traject"] if obj else []

    def save_model(self, request, obj, form, change):
        """Every change is logged, as on the werkgroep page."""
        gegevens = form.cleaned_data
        aanleiding = LidmaatschapWijziging.Aanleiding.BEHEER
        if change:
            services.lidmaatschap_wijzigen(
                lid=obj, door=request.user, aanleiding=aanleiding,
                organisatie=gegevens["organisatie"], rol=gegevens["rol"],
                werkgroeprol=gegevens["werkgroeprol"], geldig_tot=gegevens["geldig_tot"],
            )
        else:
            lid = services.lidmaatschap_toekennen(
                traject=obj.traject, user=obj.user, door=request.user, aanleiding=aanleiding,
                organisatie=gegevens["organisatie"], rol=gegevens["rol"],
                werkgroeprol=gegevens["werkgroeprol"], geldig_tot=gegevens["geldig_tot"],
            )
            obj.pk = lid.pk


@admin.register(LidmaatschapWijziging)
class LidmaatschapWijzigingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["lidmaatschap", "aanleiding", "naar_rol", "naar_geldig_tot", "door", "tijdstip"]
    list_filter = ["aanleiding", "naar_rol"]
    search_fields = ["lidmaatschap__user__email", "lidmaatschap__traject__naam", "omschrijving"]
    list_select_related = ["lidmaatschap__user", "lidmaatschap__traject", "door"]
    date_hierarchy = "tijdstip"


@admin.register(Cyclus)
class CyclusAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["traject", "nummer", "gestart", "gestart_door"]
    list_filter = ["nummer"]
    search_fields = ["traject__naam"]
    list_select_related = ["traject", "gestart_door"]


@admin.register(Uitnodiging)
class UitnodigingAdmin(admin.ModelAdmin):
    list_display = ["email", "traject", "organisatie", "rol", "aangemaakt", "geaccepteerd"]
    list_filter = ["rol", "geaccepteerd", "ingetrokken"]
    search_fields = ["email", "naam", "traject__naam"]
    list_select_related = ["traject", "organisatie"]
    readonly_fields = ["nonce", "aangemaakt", "bericht", "geaccepteerd", "uitgenodigd_door"]


class DocumentVersieInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = DocumentVersie
    extra = 0
    fields = ["nummer", "bestandsnaam", "content_type", "grootte", "geupload_door", "geupload"]
    readonly_fields = fields


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["titel", "soort", "traject", "organisatie", "aangemaakt"]
    list_filter = ["soort"]
    search_fields = ["titel", "traject__naam"]
    list_select_related = ["traject", "organisatie"]
    inlines = [DocumentVersieInline]


@admin.register(DocumentVersie)
class DocumentVersieAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["document", "nummer", "bestandsnaam", "grootte", "geupload_door", "geupload"]
    list_filter = ["content_type", "document__soort"]
    search_fields = ["document__titel", "bestandsnaam", "sha256"]
    list_select_related = ["document", "geupload_door"]


class AanwezigheidInline(admin.TabularInline):
    model = Aanwezigheid
    extra = 0


@admin.register(Overleg)
class OverlegAdmin(admin.ModelAdmin):
    list_display = ["traject", "datum", "onderwerp", "locatie"]
    list_filter = ["traject"]
    search_fields = ["traject__naam", "onderwerp", "notulen"]
    list_select_related = ["traject"]
    date_hierarchy = "datum"
    inlines = [AanwezigheidInline]


@admin.register(Aanwezigheid)
class AanwezigheidAdmin(admin.ModelAdmin):
    list_display = ["overleg", "lidmaatschap", "aanwezig"]
    list_filter = ["aanwezig"]
    search_fields = ["lidmaatschap__user__email", "overleg__traject__naam"]
    list_select_related = ["overleg__traject", "lidmaatschap__user"]


@admin.register(Melding)
class MeldingAdmin(admin.ModelAdmin):
    """Notifications are written by the events that raise them; staff look, never edit (they
    go with their user or trajectory, so deleting stays possible)."""

    list_display = ["ontvanger", "traject", "soort", "tekst", "aangemaakt", "gelezen"]
    list_filter = ["soort", ("gelezen", admin.EmptyFieldListFilter), "aangemaakt"]
    search_fields = ["ontvanger__email", "ontvanger__naam", "traject__naam", "sleutel"]
    list_select_related = ["ontvanger", "traject"]
    date_hierarchy = "aangemaakt"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("tekst"))
    def tekst(self, obj):
        return obj.tekst
