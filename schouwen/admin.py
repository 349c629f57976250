from django.contrib import admin

from .models import (
    Bevinding,
    Categorie,
    ChecklistAntwoord,
    Checklistitem,
    Checklistsjabloon,
    Checklistthema,
    Foto,
    Schouw,
    Schouwdeelnemer,
    Schouwrapport,
)


@admin.register(Categorie)
class CategorieAdmin(admin.ModelAdmin):
    list_display = ["naam", "thema", "verantwoordelijke_soort", "actief", "volgorde"]
    list_filter = ["actief", "thema", "verantwoordelijke_soort"]
    list_editable = ["actief", "volgorde"]
    search_fields = ["naam", "toelichting"]
    list_select_related = True


class ChecklistthemaInline(admin.TabularInline):
    model = Checklistthema
    extra = 0
    show_change_link = True


@admin.register(Checklistsjabloon)
class ChecklistsjabloonAdmin(admin.ModelAdmin):
    list_display = ["naam", "gebiedsoort", "actief"]
    list_filter = ["gebiedsoort", "actief"]
    search_fields = ["naam"]
    list_select_related = True
    inlines = [ChecklistthemaInline]


class ChecklistitemInline(admin.TabularInline):
    model = Checklistitem
    extra = 1


@admin.register(Checklistthema)
class ChecklistthemaAdmin(admin.ModelAdmin):
    list_display = ["naam", "sjabloon", "volgorde"]
    list_filter = ["sjabloon"]
    search_fields = ["naam", "items__tekst"]
    list_select_related = ["sjabloon"]
    inlines = [ChecklistitemInline]


class SchouwdeelnemerInline(admin.TabularInline):
    model = Schouwdeelnemer
    extra = 0
    raw_id_fields = ["lidmaatschap"]


@admin.register(Schouw)
class SchouwAdmin(admin.ModelAdmin):
    list_display = ["titel", "traject", "cyclus", "begin", "dagdeel", "soort", "status"]
    list_filter = ["status", "dagdeel", "soort", "cyclus__nummer"]
    search_fields = ["titel", "traject__naam", "route"]
    list_select_related = ["traject", "cyclus"]
    raw_id_fields = ["cyclus"]
    date_hierarchy = "begin"
    readonly_fields = ["status", "afgerond_op", "uid", "volgnummer"]
    inlines = [SchouwdeelnemerInline]


class FotoInline(admin.TabularInline):
    model = Foto
    extra = 0
    fields = ["bestandsnaam", "breedte", "hoogte", "latitude", "longitude", "geupload"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Bevinding)
class BevindingAdmin(admin.ModelAdmin):
    list_display = ["omschrijving", "schouw", "categorie", "ernst", "organisatie", "status",
                    "na_sluiting"]
    list_filter = ["status", "na_sluiting", "ernst", "categorie"]
    search_fields = ["omschrijving", "straat", "melding", "schouw__titel"]
    list_select_related = ["schouw", "categorie", "organisatie"]
    raw_id_fields = ["schouw", "dubbel_van", "vastgelegd_door", "checklistitem"]
    # The coordinator decides on the schouw's page (with a notification to who captured it).
    readonly_fields = ["status", "na_sluiting", "beslist_door", "beslist_op"]
    inlines = [FotoInline]

    def get_queryset(self, request):
        # Also the captures that arrived after their schouw closed (Bevinding.objects hides
        # those waiting or refused).
        return Bevinding.alle.select_related(*self.list_select_related)


@admin.register(ChecklistAntwoord)
class ChecklistAntwoordAdmin(admin.ModelAdmin):
    list_display = ["item", "schouw", "in_orde", "door", "tijdstip"]
    list_filter = ["in_orde"]
    search_fields = ["item__tekst", "schouw__titel"]
    list_select_related = ["item", "schouw", "door"]
    raw_id_fields = ["schouw", "item", "door"]


@admin.register(Schouwrapport)
class SchouwrapportAdmin(admin.ModelAdmin):
    list_display = ["schouw", "status", "aangevraagd", "klaar"]
    list_filter = ["status"]
    search_fields = ["schouw__titel", "sha256"]
    list_select_related = ["schouw"]
    readonly_fields = ["schouw", "status", "bestand", "sha256", "aangevraagd_door",
                       "aangevraagd", "klaar"]

    def has_add_permission(self, request):
        return False
