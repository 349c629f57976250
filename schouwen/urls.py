from django.urls import path

from .views import adressen, bevindingen, nabespreking, planning

app_name = "schouwen"

S = "trajecten/<int:pk>/schouwen/<int:schouw_pk>"

urlpatterns = [
    path("werker.js", bevindingen.werker, name="werker"),
    path("vastleggen/", bevindingen.vastleggen, name="vastleggen"),
    path("trajecten/<int:pk>/", planning.schouw_lijst, name="lijst"),
    path("trajecten/<int:pk>/nieuw/", planning.schouw_nieuw, name="nieuw"),
    path("trajecten/<int:pk>/kaart/", nabespreking.kaart, name="kaart"),
    path("trajecten/<int:pk>/kaart/data/", nabespreking.kaart_data, name="kaart-data"),
    path(f"{S}/", planning.schouw_detail, name="detail"),
    path(f"{S}/bewerken/", planning.schouw_bewerken, name="bewerken"),
    path(f"{S}/annuleren/", planning.schouw_annuleren, name="annuleren"),
    path(f"{S}/afronden/", planning.schouw_afronden, name="afronden"),
    path(f"{S}/aanwezigheid/", planning.aanwezigheid, name="aanwezigheid"),
    path(f"{S}/checklist/", planning.checklist, name="checklist"),
    path(f"{S}/triage/", nabespreking.triage, name="triage"),
    path(f"{S}/bevindingen/export.<str:formaat>", nabespreking.export, name="export"),
    path(f"{S}/rapport/", nabespreking.rapport, name="rapport"),
    path(f"{S}/rapport/maken/", nabespreking.rapport_maken, name="rapport-maken"),
    path(f"{S}/rapport/<int:rapport_pk>/pdf/", nabespreking.rapport_download,
         name="rapport-download"),
    path(f"{S}/bevindingen/nieuw/", bevindingen.bevinding_nieuw, name="bevinding-nieuw"),
    path(f"{S}/bevindingen/<int:bevinding_pk>/", bevindingen.bevinding_detail,
         name="bevinding-detail"),
    path(f"{S}/bevindingen/<int:bevinding_pk>/bewerken/", bevindingen.bevinding_bewerken,
         name="bevinding-bewerken"),
    path(f"{S}/adressen/zoeken/", adressen.adres_zoeken, name="adres-zoeken"),
    path(f"{S}/adressen/dichtstbij/", adressen.adres_dichtstbij, name="adres-dichtstbij"),
    path(f"{S}/na-sluiting/<int:bevinding_pk>/", bevindingen.na_sluiting, name="na-sluiting"),
    path(f"{S}/fotos/<int:foto_pk>/verwijderen/", bevindingen.foto_verwijderen,
         name="foto-verwijderen"),
    path(f"{S}/fotos/<int:foto_pk>/<str:formaat>/", bevindingen.foto, name="foto"),
]
