from django.urls import path

from .views import agenda, regio

app_name = "werkplek"

urlpatterns = [
    path("regio/", regio.overzicht, name="regio"),
    path("regio/kaart/", regio.kaart_data, name="regio-kaart"),
    path("regio/export.csv", regio.export_csv, name="regio-export-csv"),
    path("regio/export.xlsx", regio.export_xlsx, name="regio-export-xlsx"),
    path("agenda/", agenda.agenda, name="agenda"),
    path("agenda/link/", agenda.agenda_link, name="agenda-link"),
    path("agenda/feed/<str:token>/", agenda.agenda_feed, name="agenda-feed"),
]
