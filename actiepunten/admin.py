from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from kvo.admin import ReadOnlyAdminMixin

from .models import (
    Actiepunt,
    Bewijsfoto,
    Doel,
    Herinnering,
    HerinneringInstelling,
    Knelpunt,
    Opmerking,
)


class DoelInline(admin.TabularInline):
    model = Doel
    extra = 0


@admin.register(Knelpunt)
class KnelpuntAdmin(SimpleHistoryAdmin):
    list_display = ["titel", "traject", "cyclus", "bron", "volgorde"]
    list_filter = ["bron", "cyclus__nummer", "traject"]
    search_fields = ["titel", "omschrijving", "traject__naam"]
    list_select_related = ["traject", "cyclus"]
    raw_id_fields = ["cyclus"]
    inlines = [DoelInline]


@admin.register(Doel)
class DoelAdmin(SimpleHistoryAdmin):
    list_display = ["omschrijving", "knelpunt", "volgorde"]
    list_filter = ["knelpunt__traject"]
    search_fields = ["omschrijving", "knelpunt__titel"]
    list_select_related = ["knelpunt__traject"]


@admin.register(Actiepunt)
class ActiepuntAdmin(SimpleHistoryAdmin):
    """Edits here are recorded in the item's history like edits on the site.
    The history itself cannot be changed: simple_history's history view is read-only."""

    list_display = ["titel", "traject", "organisatie", "verantwoordelijke", "deadline", "status"]
    list_filter = ["status", "bron", "prioriteit", "traject"]
    search_fields = ["titel", "omschrijving", "extern_email", "traject__naam"]
    list_select_related = ["traject", "organisatie", "verantwoordelijke"]
    raw_id_fields = ["doel", "verantwoordelijke", "bevindingen"]
    readonly_fields = ["status", "gereed_op", "versie"]
    history_list_display = ["status", "deadline"]


@admin.register(Opmerking)
class OpmerkingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["actiepunt", "auteur", "extern_email", "tijdstip"]
    list_filter = ["actiepunt__traject"]
    search_fields = ["tekst", "actiepunt__titel", "extern_email"]
    list_select_related = ["actiepunt", "auteur"]


@admin.register(Herinnering)
class HerinneringAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The reminder log, with the beat schedule that fills it (defined in kvo/settings.py)."""

    list_display = ["soort", "ontvanger", "peildatum", "actiepunt", "traject", "aangemaakt",
                    "overgeslagen", "mailstatus"]
    list_filter = ["soort", "overgeslagen", "bericht__status"]
    search_fields = ["ontvanger", "actiepunt__titel", "traject__naam"]
    list_select_related = ["actiepunt", "traject", "bericht"]
    date_hierarchy = "aangemaakt"
    change_list_template = "admin/actiepunten/herinnering/change_list.html"

    @admin.display(description=_("mail"), ordering="bericht__status")
    def mailstatus(self, obj):
        return obj.bericht.get_status_display() if obj.bericht else "–"

    def changelist_view(self, request, extra_context=None):
        planning = [
            {"naam": naam, "taak": entry["task"], "schema": str(entry["schedule"])}
            for naam, entry in settings.CELERY_BEAT_SCHEDULE.items()
        ]
        return super().changelist_view(request, {**(extra_context or {}), "planning": planning})


@admin.register(HerinneringInstelling)
class HerinneringInstellingAdmin(admin.ModelAdmin):
    list_display = ["user", "deadlines", "te_laat", "escalatie", "overzicht", "overleggen",
                    "schouwen"]
    list_filter = ["deadlines", "te_laat", "escalatie", "overzicht", "overleggen", "schouwen"]
    search_fields = ["user__email", "user__naam"]
    list_select_related = ["user"]


@admin.register(Bewijsfoto)
class BewijsfotoAdmin(admin.ModelAdmin):
    list_display = ["bestandsnaam", "actiepunt", "geupload_door", "extern_email", "geupload"]
    list_filter = ["actiepunt__traject"]
    search_fields = ["bestandsnaam", "actiepunt__titel", "extern_email"]
    list_select_related = ["actiepunt", "geupload_door"]
    readonly_fields = ["bestand", "scherm", "miniatuur", "breedte", "hoogte"]
