"""Dashboard, creating and editing trajectories, the readiness check."""

import datetime

import pytest
from django.urls import reverse

from tests.checksum import database_checksum
from tests.factories import GebiedFactory, OrganisatieFactory, PartnerFactory, TrajectFactory, lid
from trajects import readiness
from trajects.models import FaseWijziging, Lidmaatschap, Organisatie, Partner, Rol, Traject

pytestmark = pytest.mark.django_db


def traject_data(world, **extra):
    return {
        "organisatie": world.organisaties["coordinator"].pk, "naam": "KVO-W Naaldwijk",
        "gebied": GebiedFactory(naam="Centrum Naaldwijk").pk, "schemaversie": "4.0",
        "startdatum": "2026-01-05",
        "procesbegeleider": "", "omschrijving": "", **extra,
    }


def test_dashboard_lists_only_my_trajectories_with_phase_role_and_readiness(world):
    response = world.client_for("politie").get(reverse("trajects:dashboard"))
    trajecten = response.context["trajecten"]
    assert [t.pk for t in trajecten] == [world.traject.pk]
    assert trajecten[0].mijn_rol_label == "Partner"
    html = response.content.decode()
    assert "Samenwerking vormgeven" in html
    # The readiness bar: gemeente, ondernemers, politie and brandweer take part.
    assert "De vier verplichte partners nemen deel: Voldaan" in html
    assert "Bedrijventerrein Elders" not in html


def test_dashboard_of_new_user_explains_how_to_start(db, client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    html = client.get(reverse("trajects:dashboard")).content.decode()
    assert "U neemt nog niet deel aan een traject" in html


def test_ended_membership_hides_trajectory_from_dashboard(world):
    from trajects.services import lidmaatschap_beeindigen

    lidmaatschap_beeindigen(
        lid=Lidmaatschap.objects.get(user=world.users["politie"], traject=world.traject),
        door=world.users["coordinator"],
    )
    response = world.client_for("politie").get(reverse("trajects:dashboard"))
    assert list(response.context["trajecten"]) == []


def test_creator_becomes_coordinator_and_first_phase_is_recorded(world, coordinator_client):
    # An organisation the coordinator added themselves, so it is one they may use.
    begeleider = OrganisatieFactory(
        naam="Adviesbureau Veilig", soort=Organisatie.Soort.PROCESBEGELEIDER,
        aangemaakt_door=world.users["coordinator"],
    )
    response = coordinator_client.post(
        reverse("trajects:nieuw"), traject_data(world, procesbegeleider=begeleider.pk)
    )
    traject = Traject.objects.get(naam="KVO-W Naaldwijk")
    assert response["Location"] == traject.get_absolute_url()
    lidmaatschap = Lidmaatschap.objects.get(traject=traject)
    assert (lidmaatschap.user, lidmaatschap.rol) == (world.users["coordinator"], Rol.COORDINATOR)
    partners = Partner.objects.filter(traject=traject).values_list("organisatie__naam", flat=True)
    assert set(partners) == {"MKB Westland", "Adviesbureau Veilig"}
    assert list(FaseWijziging.objects.filter(traject=traject).values_list("van", "naar")) == [
        ("", Traject.Fase.SAMENWERKING)
    ]


def test_beoogde_audit_comes_from_the_planned_audit(world, coordinator_client):
    from tests.audits.factories import AuditFactory

    def getoond():
        dashboard = coordinator_client.get(reverse("trajects:dashboard"))
        mijn = next(t for t in dashboard.context["trajecten"] if t.pk == world.traject.pk)
        detail = coordinator_client.get(world.traject.get_absolute_url())
        assert detail.context["traject"].volgende_audit == mijn.volgende_audit
        return mijn.volgende_audit, dashboard.content.decode()

    datum, html = getoond()
    assert datum is None
    AuditFactory(traject=world.traject, datum=datetime.date(2019, 6, 27), uitkomst="positief",
                 uitkomst_vastgesteld="2019-06-27T12:00:00Z")
    AuditFactory(traject=world.traject, datum=datetime.date(2022, 5, 20))
    datum, html = getoond()
    assert datum == datetime.date(2022, 5, 20) and "20 mei 2022" in html


def test_missing_fields_are_refused_in_dutch(world, coordinator_client):
    response = coordinator_client.post(reverse("trajects:nieuw"), {"naam": ""})
    assert response.status_code == 200
    assert "Dit veld is verplicht." in response.content.decode()
    assert Traject.objects.count() == 2


def test_coordinator_edits_trajectory_but_not_its_phase(world, coordinator_client):
    data = traject_data(world, naam="KVO-W Centrum 's-Gravenzande (2)", fase="gestopt")
    del data["organisatie"]
    data["gebied"] = world.traject.gebied_id
    data["versie"] = world.traject.versie
    response = coordinator_client.post(reverse("trajects:bewerken", args=[world.traject.pk]), data)
    assert response.status_code == 302
    world.traject.refresh_from_db()
    assert world.traject.naam == "KVO-W Centrum 's-Gravenzande (2)"
    assert world.traject.fase == Traject.Fase.SAMENWERKING


def test_partner_cannot_edit_trajectory(world):
    response = world.client_for("gemeente").post(
        reverse("trajects:bewerken", args=[world.traject.pk]), {"naam": "Gekaapt"}
    )
    assert response.status_code == 403
    world.traject.refresh_from_db()
    assert world.traject.naam != "Gekaapt"


def test_readiness_needs_all_four_required_partner_kinds(db):
    traject = TrajectFactory()
    uitkomst = readiness.verplichte_partners(traject)
    assert uitkomst.status == readiness.NIET
    for soort in [Organisatie.Soort.GEMEENTE, Organisatie.Soort.POLITIE]:
        PartnerFactory(traject=traject, organisatie__soort=soort)
    uitkomst = readiness.verplichte_partners(traject)
    assert uitkomst.status == readiness.DEELS
    assert uitkomst.reden == "Ontbreekt: Brandweer, Ondernemersvereniging / BIZ."
    for soort in [Organisatie.Soort.BRANDWEER, Organisatie.Soort.ONDERNEMERS]:
        PartnerFactory(traject=traject, organisatie__soort=soort)
    assert readiness.verplichte_partners(traject).status == readiness.MET


def test_readiness_page_shows_checks_and_score(world):
    world.traject.partners.filter(organisatie__soort=Organisatie.Soort.BRANDWEER).delete()
    response = world.client_for("auditor").get(
        reverse("trajects:gereedheid", args=[world.traject.pk])
    )
    html = response.content.decode()
    assert "Ontbreekt: Brandweer." in html
    assert response.context["score"] == readiness.score(response.context["gereedheid"])


def test_score_counts_partly_met_as_half():
    def u(status):
        return readiness.Uitkomst(code="x", naam="x", status=status, reden="")

    assert readiness.score([u(readiness.MET), u(readiness.DEELS)]) == 75
    assert readiness.score([]) == 0


def test_membership_in_another_trajectory_gives_no_access(world):
    lid(world.ander_traject, world.organisaties["gemeente"], Rol.PARTNER)
    client = world.client_for("outsider")
    assert client.get(world.traject.get_absolute_url()).status_code == 404


# Who may start a trajectory, with what ---------------------------------------------------------

def test_partner_neither_sees_nor_uses_new_trajectory(world):
    client = world.client_for("gemeente")
    dashboard = client.get(reverse("trajects:dashboard")).content.decode()
    assert reverse("trajects:nieuw") not in dashboard
    data = traject_data(world, organisatie=world.organisaties["gemeente"].pk)
    voor = database_checksum()
    assert client.get(reverse("trajects:nieuw")).status_code == 403
    assert client.post(reverse("trajects:nieuw"), data).status_code == 403
    assert database_checksum() == voor


def test_new_trajectory_offers_only_own_organisations_and_free_areas(world, coordinator_client):
    vrij = GebiedFactory(naam="Centrum Monster")
    response = coordinator_client.get(reverse("trajects:nieuw"))
    assert reverse("trajects:nieuw") in coordinator_client.get(
        reverse("trajects:dashboard")).content.decode()
    form = response.context["form"]
    assert list(form.fields["organisatie"].queryset) == [world.organisaties["coordinator"]]
    gebieden = set(form.fields["gebied"].queryset)
    assert vrij in gebieden and world.traject.gebied in gebieden
    assert world.ander_traject.gebied not in gebieden  # another coordinator's area
    assert world.organisaties["outsider"] not in form.fields["procesbegeleider"].queryset
    # A forged choice of someone else's organisation or area is refused.
    geldig = traject_data(world, gebied=vrij.pk)
    voor = database_checksum()
    for vervalst in (
        {"organisatie": world.organisaties["gemeente"].pk},
        {"gebied": world.ander_traject.gebied_id},
    ):
        response = coordinator_client.post(reverse("trajects:nieuw"), {**geldig, **vervalst})
        assert response.status_code == 200
        assert "Selecteer een geldige keuze" in response.content.decode()
    assert database_checksum() == voor


def test_starting_trajectories_is_a_setting(world, settings):
    settings.TRAJECT_STARTEN_ROLLEN = []
    coordinator = world.client_for("coordinator")
    assert coordinator.get(reverse("trajects:nieuw")).status_code == 403
    assert reverse("trajects:nieuw") not in coordinator.get(
        reverse("trajects:dashboard")).content.decode()
    response = world.client_for("staff").post(reverse("trajects:nieuw"), traject_data(world))
    traject = Traject.objects.get(naam="KVO-W Naaldwijk")
    assert response["Location"] == traject.get_absolute_url()
