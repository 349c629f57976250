from django.urls import path

from .views import audits, certificaten, dossier, uitkomst

app_name = "audits"

urlpatterns = [
    path("certificaat/", certificaten.certificaat_verifieren, name="certificaat-verifieren"),
    path("trajecten/<int:pk>/", audits.overzicht, name="overzicht"),
    path("trajecten/<int:pk>/eisen/", audits.eisen, name="eisen"),
    path("trajecten/<int:pk>/nieuw/", audits.audit_nieuw, name="audit-nieuw"),
    path("trajecten/<int:pk>/certificaten/nieuw/", certificaten.certificaat_nieuw,
         name="certificaat-nieuw"),
    path("trajecten/<int:pk>/hercertificering/", certificaten.hercertificering,
         name="hercertificering"),
    path("trajecten/<int:pk>/<int:audit_pk>/", audits.audit_detail, name="audit-detail"),
    path("trajecten/<int:pk>/<int:audit_pk>/bewerken/", audits.audit_bewerken,
         name="audit-bewerken"),
    path("trajecten/<int:pk>/<int:audit_pk>/auditors/", audits.auditor_toevoegen,
         name="auditor-toevoegen"),
    path("trajecten/<int:pk>/<int:audit_pk>/auditors/<int:rij_pk>/verwijderen/",
         audits.auditor_verwijderen, name="auditor-verwijderen"),
    path("trajecten/<int:pk>/<int:audit_pk>/heraudit/", audits.heraudit_nieuw,
         name="heraudit-nieuw"),
    path("trajecten/<int:pk>/<int:audit_pk>/uitkomst/", uitkomst.uitkomst, name="uitkomst"),
    path("trajecten/<int:pk>/<int:audit_pk>/rapport/", uitkomst.rapport, name="rapport"),
    path("trajecten/<int:pk>/<int:audit_pk>/hercontrole/<int:opmerking_pk>/",
         uitkomst.hercontrole, name="hercontrole"),
    path("trajecten/<int:pk>/<int:audit_pk>/opmerkingen/nieuw/", uitkomst.opmerking_nieuw,
         name="opmerking-nieuw"),
    path("trajecten/<int:pk>/<int:audit_pk>/opmerkingen/<int:opmerking_pk>/actiepunt/",
         uitkomst.opmerking_actiepunt, name="opmerking-actiepunt"),
    path("trajecten/<int:pk>/<int:audit_pk>/dossier/genereren/", dossier.dossier_genereren,
         name="dossier-genereren"),
    path("trajecten/<int:pk>/<int:audit_pk>/dossier/versturen/", dossier.dossier_versturen,
         name="dossier-versturen"),
    path("trajecten/<int:pk>/<int:audit_pk>/dossier/<int:versie_pk>/download/",
         dossier.dossier_download, name="dossier-download"),
]
