from django.urls import path

from .views import incidenten, invullen, metingen, ontvangers, resultaten

app_name = "enquetes"

meting = "trajecten/<int:pk>/metingen/<int:meting_pk>/"

urlpatterns = [
    path("trajecten/<int:pk>/", metingen.overzicht, name="overzicht"),
    path("trajecten/<int:pk>/metingen/nieuw/", metingen.meting_nieuw, name="meting-nieuw"),
    path(meting, metingen.meting_detail, name="meting-detail"),
    path(f"{meting}bewerken/", metingen.meting_bewerken, name="meting-bewerken"),
    path(f"{meting}sluiten/", metingen.meting_sluiten, name="meting-sluiten"),
    path(f"{meting}vragen/", metingen.vragen, name="vragen"),
    path(f"{meting}vragen/nieuw/", metingen.vraag_nieuw, name="vraag-nieuw"),
    path(f"{meting}vragen/<int:vraag_pk>/", metingen.vraag_bewerken, name="vraag-bewerken"),
    path(f"{meting}vragen/<int:vraag_pk>/verwijderen/", metingen.vraag_verwijderen,
         name="vraag-verwijderen"),
    path(f"{meting}voorbeeld/", metingen.voorbeeld, name="voorbeeld"),
    path(f"{meting}ontvangers/", ontvangers.ontvangers, name="ontvangers"),
    path(f"{meting}ontvangers/toevoegen/", ontvangers.ontvanger_toevoegen,
         name="ontvanger-toevoegen"),
    path(f"{meting}ontvangers/<int:ontvanger_pk>/verwijderen/", ontvangers.ontvanger_verwijderen,
         name="ontvanger-verwijderen"),
    path(f"{meting}uitnodigen/", ontvangers.uitnodigingen_versturen,
         name="uitnodigingen-versturen"),
    path(f"{meting}herinneren/", ontvangers.herinneren, name="herinneren"),
    path(f"{meting}resultaten/", resultaten.resultaten, name="resultaten"),
    path(f"{meting}resultaten.csv", resultaten.export_csv, name="export-csv"),
    path(f"{meting}resultaten.xlsx", resultaten.export_xlsx, name="export-xlsx"),
    path("invullen/<str:token>/", invullen.invullen, name="invullen"),
    path("trajecten/<int:pk>/incidenten/", incidenten.incidenten, name="incidenten"),
    path("trajecten/<int:pk>/incidenten/nieuw/", incidenten.incident_nieuw, name="incident-nieuw"),
    path("trajecten/<int:pk>/incidenten/importeren/", incidenten.incidenten_importeren,
         name="incidenten-importeren"),
    path("trajecten/<int:pk>/incidenten/<int:cijfer_pk>/", incidenten.incident_detail,
         name="incident-detail"),
    path("trajecten/<int:pk>/incidenten/<int:cijfer_pk>/intrekken/",
         incidenten.incident_intrekken, name="incident-intrekken"),
]
