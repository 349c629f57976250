from django.urls import path

from . import views

app_name = "actiepunten"

T = "trajecten/<int:pk>/"
A = T + "actiepunten/<int:ap_pk>/"

urlpatterns = [
    path("mijn/", views.mijn, name="mijn"),
    path("instellingen/", views.instellingen, name="instellingen"),
    path("link/<int:ap_pk>/<str:token>/", views.extern, name="extern"),
    path("link/<int:ap_pk>/<str:token>/fotos/<int:foto_pk>/", views.extern_foto,
         name="extern-foto"),
    path(T + "matrix/", views.matrix, name="matrix"),
    path(T + "matrix/export.csv", views.export_csv, name="export-csv"),
    path(T + "matrix/export.xlsx", views.export_xlsx, name="export-xlsx"),
    path(T + "matrix/status/", views.bulk_status, name="bulk-status"),
    path(T + "herinneringen/", views.herinneringen, name="herinneringen"),
    path(T + "knelpunten/nieuw/", views.knelpunt_nieuw, name="knelpunt-nieuw"),
    path(T + "knelpunten/<int:kp_pk>/bewerken/", views.knelpunt_bewerken,
         name="knelpunt-bewerken"),
    path(T + "knelpunten/<int:kp_pk>/doelen/nieuw/", views.doel_nieuw, name="doel-nieuw"),
    path(T + "doelen/<int:doel_pk>/bewerken/", views.doel_bewerken, name="doel-bewerken"),
    path(T + "actiepunten/nieuw/", views.actiepunt_nieuw, name="nieuw"),
    path(T + "actiepunten/van-bevindingen/", views.van_bevindingen, name="van-bevindingen"),
    path(A, views.actiepunt_detail, name="detail"),
    path(A + "bewerken/", views.actiepunt_bewerken, name="bewerken"),
    path(A + "status/", views.actiepunt_status, name="status"),
    path(A + "opmerkingen/", views.opmerking_toevoegen, name="opmerking"),
    path(A + "link-versturen/", views.link_versturen, name="link-versturen"),
    path(A + "fotos/", views.fotos_toevoegen, name="fotos"),
    path(A + "fotos/<int:foto_pk>/<str:maat>/", views.foto, name="foto"),
]
