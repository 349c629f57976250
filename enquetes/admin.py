from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Herinnering,
    Herinneringsronde,
    Incidentcijfer,
    Inzending,
    Meting,
    Ontvanger,
    Sjabloon,
    Vraag,
)


class VraagInline(admin.TabularInline):
    model = Vraag
    extra = 0
    fields = ["volgorde", "code", "sectie", "tekst", "soort", "opties", "verplicht"]


@admin.register(Sjabloon)
class SjabloonAdmin(admin.ModelAdmin):
    list_display = ["naam", "traject", "aangemaakt"]
    list_filter = [("traject", admin.EmptyFieldListFilter)]
    search_fields = ["naam", "traject__naam"]
    list_select_related = ["traject"]
    inlines = [VraagInline]


@admin.register(Vraag)
class VraagAdmin(admin.ModelAdmin):
    list_display = ["tekst", "sjabloon", "sectie", "soort", "verplicht", "volgorde"]
    list_filter = ["soort", "verplicht"]
    search_fields = ["tekst", "code", "sjabloon__naam"]
    list_select_related = ["sjabloon"]


@admin.register(Meting)
class MetingAdmin(admin.ModelAdmin):
    list_display = ["naam", "traject", "cyclus", "nummer", "start", "einde", "responsdoel"]
    list_filter = ["start", "cyclus__nummer"]
    search_fields = ["naam", "traject__naam"]
    list_select_related = ["traject", "cyclus"]
    raw_id_fields = ["sjabloon", "cyclus"]


@admin.register(Ontvanger)
class OntvangerAdmin(admin.ModelAdmin):
    # Who answered is not listed: next to live results it would help single out answers.
    list_display = ["bedrijfsnaam", "email", "meting", "uitgenodigd"]
    list_filter = [("uitgenodigd", admin.EmptyFieldListFilter)]
    search_fields = ["bedrijfsnaam", "email", "adres", "meting__naam"]
    list_select_related = ["meting__traject"]
    readonly_fields = ["uitgenodigd"]
    exclude = ["beantwoord"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Sent reminders and anonymous answers are records, never edited by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Herinneringsronde)
class HerinneringsrondeAdmin(ReadOnlyAdmin):
    list_display = ["meting", "nummer", "aangemaakt", "door"]
    list_filter = ["aangemaakt"]
    search_fields = ["meting__naam", "meting__traject__naam"]
    list_select_related = ["meting__traject", "door"]


@admin.register(Herinnering)
class HerinneringAdmin(ReadOnlyAdmin):
    list_display = ["ronde", "ontvanger"]
    list_filter = ["ronde__meting__traject"]
    search_fields = ["ontvanger__bedrijfsnaam", "ontvanger__email"]
    list_select_related = ["ronde__meting__traject", "ontvanger"]


@admin.register(Inzending)
class InzendingAdmin(ReadOnlyAdmin):
    list_display = ["id", "meting"]
    list_filter = ["meting__traject"]
    search_fields = ["meting__naam"]
    list_select_related = ["meting__traject"]


@admin.register(Incidentcijfer)
class IncidentcijferAdmin(SimpleHistoryAdmin):
    """Corrections are kept in the history; a figure is withdrawn, never deleted."""

    list_display = ["traject", "bron", "jaar", "soort", "aantal", "ingetrokken"]
    list_filter = ["bron", "jaar", ("ingetrokken", admin.EmptyFieldListFilter)]
    search_fields = ["soort", "traject__naam"]
    list_select_related = ["traject"]
    readonly_fields = ["ingetrokken"]

    def has_delete_permission(self, request, obj=None):
        return False
