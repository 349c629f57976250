from django.urls import path

from . import views

app_name = "enquetes"

meting = "trajecten/<int:pk>/metingen/<int:meting_pk>/"

urlpatterns = [
    path("trajecten/<int:pk>/", views.overzicht, name="overzicht"),
    path("trajecten/<int:pk>/metingen/nieuw/", views.meting_nieuw, name="meting-nieuw"),
    path(meting, views.meting_detail, name="meting-detail"),
    path(f"{meting}bewerken/", views.meting_bewerken, name="meting-bewerken"),
    path(f"{meting}vragen/", views.vragen, name="vragen"),
    path(f"{meting}vragen/nieuw/", views.vraag_nieuw, name="vraag-nieuw"),
    path(f"{meting}vragen/<int:vraag_pk>/", views.vraag_bewerken, name="vraag-bewerken"),
    path(f"{meting}vragen/<int:vraag_pk>/verwijderen/", views.vraag_verwijderen,
         name="vraag-verwijderen"),
    path(f"{meting}voorbeeld/", views.voorbeeld, name="voorbeeld"),
    path(f"{meting}ontvangers/", views.ontvangers, name="ontvangers"),
    path(f"{meting}ontvangers/<int:ontvanger_pk>/verwijderen/", views.ontvanger_verwijderen,
         name="ontvanger-verwijderen"),
    path(f"{meting}uitnodigen/", views.uitnodigingen_versturen, name="uitnodigingen-versturen"),
    path(f"{meting}herinneren/", views.herinneren, name="herinneren"),
    path(f"{meting}resultaten/", views.resultaten, name="resultaten"),
    path(f"{meting}resultaten.csv", views.export_csv, name="export-csv"),
    path(f"{meting}resultaten.xlsx", views.export_xlsx, name="export-xlsx"),
    path("invullen/<str:token>/", views.invullen, name="invullen"),
    path("trajecten/<int:pk>/incidenten/", views.incidenten, name="incidenten"),
    path("trajecten/<int:pk>/incidenten/nieuw/", views.incident_nieuw, name="incident-nieuw"),
    path("trajecten/<int:pk>/incidenten/importeren/", views.incidenten_importeren,
         name="incidenten-importeren"),
    path("trajecten/<int:pk>/incidenten/<int:cijfer_pk>/", views.incident_detail,
         name="incident-detail"),
    path("trajecten/<int:pk>/incidenten/<int:cijfer_pk>/intrekken/",
         views.incident_intrekken, name="incident-intrekken"),
]
