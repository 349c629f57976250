from django.urls import path

from . import views

app_name = "audits"

urlpatterns = [
    path("certificaat/", views.certificaat_verifieren, name="certificaat-verifieren"),
    path("trajecten/<int:pk>/", views.overzicht, name="overzicht"),
    path("trajecten/<int:pk>/eisen/", views.eisen, name="eisen"),
    path("trajecten/<int:pk>/nieuw/", views.audit_nieuw, name="audit-nieuw"),
    path("trajecten/<int:pk>/certificaten/nieuw/", views.certificaat_nieuw,
         name="certificaat-nieuw"),
    path("trajecten/<int:pk>/hercertificering/", views.hercertificering,
         name="hercertificering"),
    path("trajecten/<int:pk>/<int:audit_pk>/", views.audit_detail, name="audit-detail"),
    path("trajecten/<int:pk>/<int:audit_pk>/bewerken/", views.audit_bewerken,
         name="audit-bewerken"),
    path("trajecten/<int:pk>/<int:audit_pk>/auditors/", views.auditor_toevoegen,
         name="auditor-toevoegen"),
    path("trajecten/<int:pk>/<int:audit_pk>/auditors/<int:rij_pk>/verwijderen/",
         views.auditor_verwijderen, name="auditor-verwijderen"),
    path("trajecten/<int:pk>/<int:audit_pk>/heraudit/", views.heraudit_nieuw,
         name="heraudit-nieuw"),
    path("trajecten/<int:pk>/<int:audit_pk>/uitkomst/", views.uitkomst, name="uitkomst"),
    path("trajecten/<int:pk>/<int:audit_pk>/rapport/", views.rapport, name="rapport"),
    path("trajecten/<int:pk>/<int:audit_pk>/hercontrole/<int:opmerking_pk>/",
         views.hercontrole, name="hercontrole"),
    path("trajecten/<int:pk>/<int:audit_pk>/opmerkingen/nieuw/", views.opmerking_nieuw,
         name="opmerking-nieuw"),
    path("trajecten/<int:pk>/<int:audit_pk>/opmerkingen/<int:opmerking_pk>/actiepunt/",
         views.opmerking_actiepunt, name="opmerking-actiepunt"),
    path("trajecten/<int:pk>/<int:audit_pk>/dossier/genereren/", views.dossier_genereren,
         name="dossier-genereren"),
    path("trajecten/<int:pk>/<int:audit_pk>/dossier/versturen/", views.dossier_versturen,
         name="dossier-versturen"),
    path("trajecten/<int:pk>/<int:audit_pk>/dossier/<int:versie_pk>/download/",
         views.dossier_download, name="dossier-download"),
]
