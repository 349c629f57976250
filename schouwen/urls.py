from django.urls import path

from . import views

app_name = "schouwen"

S = "trajecten/<int:pk>/schouwen/<int:schouw_pk>"

urlpatterns = [
    path("trajecten/<int:pk>/", views.schouw_lijst, name="lijst"),
    path("trajecten/<int:pk>/nieuw/", views.schouw_nieuw, name="nieuw"),
    path("trajecten/<int:pk>/kaart/", views.kaart, name="kaart"),
    path("trajecten/<int:pk>/kaart/data/", views.kaart_data, name="kaart-data"),
    path(f"{S}/", views.schouw_detail, name="detail"),
    path(f"{S}/bewerken/", views.schouw_bewerken, name="bewerken"),
    path(f"{S}/annuleren/", views.schouw_annuleren, name="annuleren"),
    path(f"{S}/afronden/", views.schouw_afronden, name="afronden"),
    path(f"{S}/aanwezigheid/", views.aanwezigheid, name="aanwezigheid"),
    path(f"{S}/checklist/", views.checklist, name="checklist"),
    path(f"{S}/triage/", views.triage, name="triage"),
    path(f"{S}/rapport/", views.rapport, name="rapport"),
    path(f"{S}/rapport/maken/", views.rapport_maken, name="rapport-maken"),
    path(f"{S}/rapport/<int:rapport_pk>/pdf/", views.rapport_download, name="rapport-download"),
    path(f"{S}/bevindingen/nieuw/", views.bevinding_nieuw, name="bevinding-nieuw"),
    path(f"{S}/bevindingen/<int:bevinding_pk>/", views.bevinding_detail,
         name="bevinding-detail"),
    path(f"{S}/bevindingen/<int:bevinding_pk>/bewerken/", views.bevinding_bewerken,
         name="bevinding-bewerken"),
    path(f"{S}/fotos/<int:foto_pk>/verwijderen/", views.foto_verwijderen,
         name="foto-verwijderen"),
    path(f"{S}/fotos/<int:foto_pk>/<str:formaat>/", views.foto, name="foto"),
]
