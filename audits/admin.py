from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kvo.admin import ReadOnlyAdminMixin

from .models import (
    Audit,
    AuditAuditor,
    AuditOpmerking,
    Certificaat,
    CertificaatHerinnering,
    Dossieraanvraag,
    DossierVersie,
    DossierVerzending,
    Eis,
    Hercontrole,
    Opschoning,
    SchemaVersie,
)


class EisInline(admin.TabularInline):
    model = Eis
    extra = 0
    fields = ["volgorde", "gebiedsoort", "code", "naam", "bewijs", "drempel", "actief"]


@admin.register(SchemaVersie)
class SchemaVersieAdmin(admin.ModelAdmin):
    list_display = ["code", "geldigheid_jaren", "label_eerste", "label_vervolg", "max_sterren"]
    list_filter = ["geldigheid_jaren"]
    search_fields = ["code", "label_eerste", "label_vervolg"]
    list_select_related = True
    inlines = [EisInline]


@admin.register(Eis)
class EisAdmin(admin.ModelAdmin):
    list_display = ["naam", "schemaversie", "gebiedsoort", "code", "drempel", "volgorde", "actief"]
    list_filter = ["schemaversie", "gebiedsoort", "actief", "code"]
    search_fields = ["naam", "code", "bewijs"]
    list_select_related = ["schemaversie"]


class AuditAuditorInline(admin.TabularInline):
    model = AuditAuditor
    extra = 0
    autocomplete_fields = ["user"]


class AuditOpmerkingInline(admin.TabularInline):
    model = AuditOpmerking
    extra = 0
    autocomplete_fields = ["vastgelegd_door"]
    raw_id_fields = ["actiepunt"]


@admin.register(Audit)
class AuditAdmin(admin.ModelAdmin):
    list_display = [
        "traject", "cyclus", "soort", "datum", "vorm", "certificerende_instelling", "uitkomst",
    ]
    list_filter = ["soort", "vorm", "uitkomst", "cyclus__nummer", "certificerende_instelling"]
    search_fields = ["traject__naam", "uitkomst_toelichting", "uitkomst_namens"]
    list_select_related = ["traject", "cyclus", "certificerende_instelling"]
    date_hierarchy = "datum"
    autocomplete_fields = ["traject", "certificerende_instelling", "uitkomst_door"]
    raw_id_fields = ["rapport", "vorige_audit", "cyclus"]
    inlines = [AuditAuditorInline, AuditOpmerkingInline]


@admin.register(AuditOpmerking)
class AuditOpmerkingAdmin(admin.ModelAdmin):
    list_display = ["audit", "tekst", "ernstig", "vastgelegd_door", "namens", "aangemaakt"]
    list_filter = ["ernstig"]
    search_fields = ["tekst", "audit__traject__naam", "namens"]
    list_select_related = ["audit__traject", "vastgelegd_door"]
    raw_id_fields = ["audit", "actiepunt"]
    autocomplete_fields = ["vastgelegd_door"]


@admin.register(Hercontrole)
class HercontroleAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["heraudit", "opmerking", "oordeel", "door", "namens", "tijdstip"]
    list_filter = ["oordeel"]
    search_fields = ["opmerking__tekst", "heraudit__traject__naam", "namens"]
    list_select_related = ["heraudit__traject", "opmerking", "door"]


@admin.register(Certificaat)
class CertificaatAdmin(admin.ModelAdmin):
    list_display = [
        "nummer", "traject", "cyclus", "label", "sterren", "schemaversie", "uitgegeven",
        "geldig_tot", "certificerende_instelling",
    ]
    list_filter = ["schemaversie", "label", "cyclus__nummer", "certificerende_instelling"]
    search_fields = ["nummer", "traject__naam", "traject__gebied__naam"]
    list_select_related = ["traject", "cyclus", "schemaversie", "certificerende_instelling"]
    date_hierarchy = "geldig_tot"
    autocomplete_fields = ["traject", "certificerende_instelling"]
    raw_id_fields = ["audit", "cyclus"]


@admin.register(CertificaatHerinnering)
class CertificaatHerinneringAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["certificaat", "soort", "aangemaakt", "ontvangers"]
    list_filter = ["soort"]
    search_fields = ["certificaat__nummer", "certificaat__traject__naam"]
    list_select_related = ["certificaat__traject"]


@admin.register(DossierVersie)
class DossierVersieAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["audit", "nummer", "aangemaakt", "grootte", "sha256"]
    list_filter = ["aangemaakt"]
    search_fields = ["audit__traject__naam", "sha256"]
    list_select_related = ["audit__traject"]


@admin.register(DossierVerzending)
class DossierVerzendingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["versie", "email", "soort", "aangemaakt", "mailstatus"]
    list_filter = ["soort", "bericht__status"]
    search_fields = ["email", "audit__traject__naam"]
    list_select_related = ["versie__audit__traject", "bericht"]

    @admin.display(description=_("mail"), ordering="bericht__status")
    def mailstatus(self, obj):
        return obj.bericht.get_status_display() if obj.bericht else "–"


@admin.register(Dossieraanvraag)
class DossieraanvraagAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["audit", "status", "aangevraagd", "gestart", "pogingen", "versturen",
                    "automatisch", "versie"]
    list_filter = ["status", "automatisch", "versturen"]
    search_fields = ["audit__traject__naam", "fout"]
    list_select_related = ["audit__traject", "versie"]


@admin.register(Opschoning)
class OpschoningAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["tijdstip", "soort", "traject", "certificaat", "aantal", "omschrijving"]
    list_filter = ["soort", "tijdstip"]
    search_fields = ["omschrijving", "traject__naam", "certificaat__nummer"]
    list_select_related = ["traject", "certificaat"]
