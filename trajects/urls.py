from django.urls import path

from .views import (
    dashboard,
    documenten,
    meldingen,
    organisaties,
    overleggen,
    tijdlijn,
    trajecten,
    werkgroep,
)

app_name = "trajects"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("trajecten/nieuw/", trajecten.traject_nieuw, name="nieuw"),
    path("trajecten/<int:pk>/", trajecten.traject_detail, name="detail"),
    path("trajecten/<int:pk>/bewerken/", trajecten.traject_bewerken, name="bewerken"),
    path("trajecten/<int:pk>/fase/", trajecten.traject_fase, name="fase"),
    path("trajecten/<int:pk>/gereedheid/", trajecten.gereedheid, name="gereedheid"),
    path("trajecten/<int:pk>/tijdlijn/", tijdlijn.tijdlijn_pagina, name="tijdlijn"),
    path("trajecten/<int:pk>/partners/", werkgroep.partners, name="partners"),
    path(
        "trajecten/<int:pk>/partners/<int:partner_pk>/bewerken/",
        werkgroep.partner_bewerken, name="partner-bewerken",
    ),
    path(
        "trajecten/<int:pk>/partners/<int:partner_pk>/verwijderen/",
        werkgroep.partner_verwijderen, name="partner-verwijderen",
    ),
    path("trajecten/<int:pk>/leden/", werkgroep.leden, name="leden"),
    path("trajecten/<int:pk>/leden/historie/", werkgroep.leden_historie, name="leden-historie"),
    path("trajecten/<int:pk>/leden/uitnodigen/", werkgroep.uitnodigen, name="uitnodigen"),
    path("trajecten/<int:pk>/leden/<int:lid_pk>/", werkgroep.lid_bewerken, name="lid-bewerken"),
    path(
        "trajecten/<int:pk>/leden/<int:lid_pk>/verwijderen/",
        werkgroep.lid_verwijderen, name="lid-verwijderen",
    ),
    path(
        "trajecten/<int:pk>/uitnodigingen/<int:uitnodiging_pk>/intrekken/",
        werkgroep.uitnodiging_intrekken, name="uitnodiging-intrekken",
    ),
    path(
        "uitnodiging/<str:token>/", werkgroep.uitnodiging_accepteren,
        name="uitnodiging-accepteren",
    ),
    path("trajecten/<int:pk>/documenten/", documenten.documenten, name="documenten"),
    path("trajecten/<int:pk>/documenten/nieuw/", documenten.document_nieuw, name="document-nieuw"),
    path(
        "trajecten/<int:pk>/documenten/<int:doc_pk>/", documenten.document_detail,
        name="document-detail",
    ),
    path(
        "trajecten/<int:pk>/documenten/<int:doc_pk>/versies/<int:versie_pk>/download/",
        documenten.document_download, name="document-download",
    ),
    path("trajecten/<int:pk>/overleggen/", overleggen.overleggen, name="overleggen"),
    path("trajecten/<int:pk>/overleggen/nieuw/", overleggen.overleg_nieuw, name="overleg-nieuw"),
    path(
        "trajecten/<int:pk>/overleggen/<int:overleg_pk>/", overleggen.overleg_detail,
        name="overleg-detail",
    ),
    path(
        "trajecten/<int:pk>/overleggen/<int:overleg_pk>/bewerken/", overleggen.overleg_bewerken,
        name="overleg-bewerken",
    ),
    path("organisaties/", organisaties.organisaties, name="organisaties"),
    path("organisaties/nieuw/", organisaties.organisatie_nieuw, name="organisatie-nieuw"),
    path("organisaties/<int:org_pk>/", organisaties.organisatie_detail, name="organisatie-detail"),
    path(
        "organisaties/<int:org_pk>/bewerken/", organisaties.organisatie_bewerken,
        name="organisatie-bewerken",
    ),
    path("gebieden/nieuw/", organisaties.gebied_nieuw, name="gebied-nieuw"),
    path("meldingen/", meldingen.meldingen, name="meldingen"),
    path("meldingen/gelezen/", meldingen.meldingen_gelezen, name="meldingen-gelezen"),
    path("meldingen/<int:melding_pk>/openen/", meldingen.melding_openen, name="melding-openen"),
]
