from django.urls import path

from . import views

app_name = "trajects"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("trajecten/nieuw/", views.traject_nieuw, name="nieuw"),
    path("trajecten/<int:pk>/", views.traject_detail, name="detail"),
    path("trajecten/<int:pk>/bewerken/", views.traject_bewerken, name="bewerken"),
    path("trajecten/<int:pk>/fase/", views.traject_fase, name="fase"),
    path("trajecten/<int:pk>/gereedheid/", views.gereedheid, name="gereedheid"),
    path("trajecten/<int:pk>/partners/", views.partners, name="partners"),
    path(
        "trajecten/<int:pk>/partners/<int:partner_pk>/bewerken/",
        views.partner_bewerken, name="partner-bewerken",
    ),
    path(
        "trajecten/<int:pk>/partners/<int:partner_pk>/verwijderen/",
        views.partner_verwijderen, name="partner-verwijderen",
    ),
    path("trajecten/<int:pk>/leden/", views.leden, name="leden"),
    path("trajecten/<int:pk>/leden/historie/", views.leden_historie, name="leden-historie"),
    path("trajecten/<int:pk>/leden/uitnodigen/", views.uitnodigen, name="uitnodigen"),
    path("trajecten/<int:pk>/leden/<int:lid_pk>/", views.lid_bewerken, name="lid-bewerken"),
    path(
        "trajecten/<int:pk>/leden/<int:lid_pk>/verwijderen/",
        views.lid_verwijderen, name="lid-verwijderen",
    ),
    path(
        "trajecten/<int:pk>/uitnodigingen/<int:uitnodiging_pk>/intrekken/",
        views.uitnodiging_intrekken, name="uitnodiging-intrekken",
    ),
    path("uitnodiging/<str:token>/", views.uitnodiging_accepteren, name="uitnodiging-accepteren"),
    path("trajecten/<int:pk>/documenten/", views.documenten, name="documenten"),
    path("trajecten/<int:pk>/documenten/nieuw/", views.document_nieuw, name="document-nieuw"),
    path(
        "trajecten/<int:pk>/documenten/<int:doc_pk>/", views.document_detail,
        name="document-detail",
    ),
    path(
        "trajecten/<int:pk>/documenten/<int:doc_pk>/versies/<int:versie_pk>/download/",
        views.document_download, name="document-download",
    ),
    path("trajecten/<int:pk>/overleggen/", views.overleggen, name="overleggen"),
    path("trajecten/<int:pk>/overleggen/nieuw/", views.overleg_nieuw, name="overleg-nieuw"),
    path(
        "trajecten/<int:pk>/overleggen/<int:overleg_pk>/", views.overleg_detail,
        name="overleg-detail",
    ),
    path(
        "trajecten/<int:pk>/overleggen/<int:overleg_pk>/bewerken/", views.overleg_bewerken,
        name="overleg-bewerken",
    ),
    path("organisaties/", views.organisaties, name="organisaties"),
    path("organisaties/nieuw/", views.organisatie_nieuw, name="organisatie-nieuw"),
    path("organisaties/<int:org_pk>/", views.organisatie_detail, name="organisatie-detail"),
    path(
        "organisaties/<int:org_pk>/bewerken/", views.organisatie_bewerken,
        name="organisatie-bewerken",
    ),
    path("gebieden/nieuw/", views.gebied_nieuw, name="gebied-nieuw"),
]
