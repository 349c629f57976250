from django.urls import path

from .views import actiepunten, extern, herinneringen, matrix, plan

app_name = "actiepunten"

T = "trajecten/<int:pk>/"
A = T + "actiepunten/<int:ap_pk>/"

urlpatterns = [
    path("mijn/", actiepunten.mijn, name="mijn"),
    path("instellingen/", herinneringen.instellingen, name="instellingen"),
    path("link/<int:ap_pk>/<str:token>/", extern.extern, name="extern"),
    path("link/<int:ap_pk>/<str:token>/fotos/<int:foto_pk>/", extern.extern_foto,
         name="extern-foto"),
    path("link/<int:ap_pk>/<str:token>/bevindingfotos/<int:foto_pk>/",
         extern.extern_bevindingfoto, name="extern-bevindingfoto"),
    path(T + "matrix/", matrix.matrix, name="matrix"),
    path(T + "matrix/knelpunten/<int:kp_pk>/", matrix.matrix_groep, name="matrix-knelpunt"),
    path(T + "matrix/zonder-doel/", matrix.matrix_groep, name="matrix-zonder-doel"),
    path(T + "matrix/export.csv", matrix.export_csv, name="export-csv"),
    path(T + "matrix/export.xlsx", matrix.export_xlsx, name="export-xlsx"),
    path(T + "matrix/status/", matrix.bulk_status, name="bulk-status"),
    path(T + "herinneringen/", herinneringen.herinneringen, name="herinneringen"),
    path(T + "knelpunten/nieuw/", plan.knelpunt_nieuw, name="knelpunt-nieuw"),
    path(T + "knelpunten/<int:kp_pk>/bewerken/", plan.knelpunt_bewerken,
         name="knelpunt-bewerken"),
    path(T + "knelpunten/<int:kp_pk>/doelen/nieuw/", plan.doel_nieuw, name="doel-nieuw"),
    path(T + "doelen/<int:doel_pk>/bewerken/", plan.doel_bewerken, name="doel-bewerken"),
    path(T + "actiepunten/nieuw/", actiepunten.actiepunt_nieuw, name="nieuw"),
    path(T + "actiepunten/van-bevindingen/", actiepunten.van_bevindingen, name="van-bevindingen"),
    path(A, actiepunten.actiepunt_detail, name="detail"),
    path(A + "bewerken/", actiepunten.actiepunt_bewerken, name="bewerken"),
    path(A + "status/", actiepunten.actiepunt_status, name="status"),
    path(A + "opmerkingen/", actiepunten.opmerking_toevoegen, name="opmerking"),
    path(A + "link-versturen/", actiepunten.link_versturen, name="link-versturen"),
    path(A + "fotos/", actiepunten.fotos_toevoegen, name="fotos"),
    path(A + "fotos/<int:foto_pk>/<str:maat>/", actiepunten.foto, name="foto"),
]
