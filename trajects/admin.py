from django.contrib import admin

from kvo.admin import ReadOnlyAdminMixin

from .models import (
    Aanwezigheid,
    Document,
    DocumentVersie,
    FaseWijziging,
    Gebied,
    Lidmaatschap,
    Organisatie,
    Overleg,
    Partner,
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


@admin.register(Gebied)
class GebiedAdmin(admin.ModelAdmin):
    list_display = ["naam", "soort", "gemeente"]
    list_filter = ["soort", "gemeente"]
    search_fields = ["naam", "gemeente", "straten"]
    list_select_related = True


class PartnerInline(admin.TabularInline):
    model = Partner
    extra = 0
    autocomplete_fields = ["organisatie"]


class LidmaatschapInline(admin.TabularInline):
    model = Lidmaatschap
    extra = 0
    autocomplete_fields = ["user", "organisatie"]


class FaseWijzigingInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = FaseWijziging
    extra = 0
    fields = ["tijdstip", "van", "naar", "door", "toelichting"]
    readonly_fields = fields


@admin.register(Traject)
class TrajectAdmin(admin.ModelAdmin):
    list_display = ["naam", "gebied", "schemaversie", "fase", "startdatum", "beoogde_auditdatum"]
    list_filter = ["fase", "schemaversie", "gebied__soort"]
    search_fields = ["naam", "gebied__naam", "gebied__gemeente"]
    list_select_related = ["gebied"]
    readonly_fields = ["fase"]
    autocomplete_fields = ["gebied", "procesbegeleider"]
    inlines = [PartnerInline, LidmaatschapInline, FaseWijzigingInline]


@admin.register(FaseWijziging)
class FaseWijzigingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["traject", "van", "naar", "door", "tijdstip"]
    list_filter = ["naar"]
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


@admin.register(Uitnodiging)
class UitnodigingAdmin(admin.ModelAdmin):
    list_display = ["email", "traject", "organisatie", "rol", "aangemaakt", "geaccepteerd"]
    list_filter = ["rol", "geaccepteerd", "ingetrokken"]
    search_fields = ["email", "naam", "traject__naam"]
    list_select_related = ["traject", "organisatie"]
    readonly_fields = ["nonce", "aangemaakt", "verstuurd", "geaccepteerd", "uitgenodigd_door"]


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
